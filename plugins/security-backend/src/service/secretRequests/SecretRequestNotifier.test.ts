import { mockServices } from '@backstage/backend-test-utils';
import type { StoredSecretRequest } from '../../database/DatabaseSecretRequestStore';
import { SecretRequestNotifier } from './SecretRequestNotifier';

const request: StoredSecretRequest = {
  id: 'r1',
  entityRef: 'component:default/api',
  ownerRef: null,
  kind: 'database-role',
  name: 'orders',
  rotationPeriodDays: 7,
  justification: 'The orders service reads its database',
  status: 'pending',
  requester: 'user:default/alice',
  approver: null,
  reason: null,
  mount: 'database',
  path: 'api-orders',
  version: null,
  policyName: null,
  createdAt: '2026-12-30T09:00:00.000Z',
  decidedAt: null,
  provisionedAt: null,
  expiresAt: '2027-01-06T09:00:00.000Z',
  attempt: 0,
  attemptStartedAt: null,
};

describe('SecretRequestNotifier', () => {
  it('sends nothing, and says so, when a request has neither an owner nor configured approvers', async () => {
    const send = jest.fn();
    const logger = mockServices.logger.mock();
    await new SecretRequestNotifier({
      notifications: { send },
      logger,
      approvers: [],
    }).requested(request);
    expect(send).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('Nobody to notify of secret request r1'),
    );
  });

  it('tells the configured approvers of a request whose service has no owner', async () => {
    const send = jest.fn();
    await new SecretRequestNotifier({
      notifications: { send },
      logger: mockServices.logger.mock(),
      approvers: ['group:default/security-reviewers'],
    }).requested(request);
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/security-reviewers'],
        excludeEntityRef: 'user:default/alice',
      },
      payload: expect.objectContaining({
        title: 'Secret request to review: database role "orders" for api',
      }),
    });
  });

  it('logs a failed send instead of failing the step that sent it', async () => {
    const logger = mockServices.logger.mock();
    const notifier = new SecretRequestNotifier({
      notifications: {
        send: jest.fn().mockRejectedValue(new Error('notifications down')),
      },
      logger,
      approvers: [],
    });
    await expect(
      notifier.changed(
        { ...request, status: 'rejected', reason: 'No' },
        'rejected',
      ),
    ).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not notify user:default/alice that secret request r1 is rejected',
      expect.objectContaining({ message: 'notifications down' }),
    );
  });
});
