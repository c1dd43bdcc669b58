import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  catalogConditional,
  catalogRule,
  entityOwnerDecision as owner,
} from '../../__testUtils__/catalogDecisions';
import { ReadableEntitiesResolver } from './readableEntities';

function resolverAnswering(decisions: Record<string, PolicyDecision>) {
  const permissions = mockServices.permissions.mock();
  permissions.authorizeConditional.mockImplementation(async requests =>
    requests.map(r => decisions[r.permission.name]),
  );
  const logger = mockServices.logger.mock();
  return {
    resolver: new ReadableEntitiesResolver({ permissions, logger }),
    permissions,
    logger,
  };
}

describe('ReadableEntitiesResolver', () => {
  const credentials = mockCredentials.user();

  it('asks for security.posture.read and catalog.entity.read once, with the caller', async () => {
    const { resolver, permissions } = resolverAnswering({
      'security.posture.read': { result: AuthorizeResult.ALLOW },
      'catalog.entity.read': { result: AuthorizeResult.ALLOW },
    });
    expect(await resolver.resolve(credentials)).toEqual({
      predicate: { const: true },
      everything: true,
    });
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
    const [requests, options] = permissions.authorizeConditional.mock.calls[0];
    expect(requests.map(r => r.permission.name)).toEqual([
      'security.posture.read',
      'catalog.entity.read',
    ]);
    expect(options).toEqual({ credentials });
  });

  it('shows an entity only where both allow it', async () => {
    const { resolver } = resolverAnswering({
      'security.posture.read': owner(['group:default/a']),
      'catalog.entity.read': owner(['group:default/a', 'group:default/b']),
    });
    expect(await resolver.resolve(credentials)).toEqual({
      predicate: {
        all: [
          { field: 'owner', values: ['group:default/a'] },
          { field: 'owner', values: ['group:default/a', 'group:default/b'] },
        ],
      },
      everything: false,
    });
  });

  it('a denial of either shows nothing', async () => {
    const { resolver } = resolverAnswering({
      'security.posture.read': { result: AuthorizeResult.ALLOW },
      'catalog.entity.read': { result: AuthorizeResult.DENY },
    });
    expect(await resolver.resolve(credentials)).toEqual({
      predicate: { const: false },
      everything: false,
    });
  });

  it('warns once about a rule it cannot translate, however often it is asked', async () => {
    const { resolver, logger } = resolverAnswering({
      'security.posture.read': catalogConditional(
        catalogRule('HAS_LABEL', { label: 'tier' }),
      ),
      'catalog.entity.read': { result: AuthorizeResult.ALLOW },
    });
    for (let i = 0; i < 3; i++) {
      expect((await resolver.resolve(credentials)).predicate).toEqual({
        const: false,
      });
    }
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toContain('HAS_LABEL');
  });
});
