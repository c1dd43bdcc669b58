import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { StoredSecretRequest } from '../../database/DatabaseSecretRequestStore';
import {
  newRequestPayload,
  stateChangePayload,
  type SecretRequestChange,
} from './secretRequestMessages';

/**
 * Backstage notifications of the secret request workflow: the entity's owner and the
 * configured approvers hear of a new request (not the requester, who made it); the requester
 * hears of every state change. A send that fails is logged, never undoes the workflow's step.
 */
export class SecretRequestNotifier {
  constructor(
    private readonly deps: {
      notifications: NotificationService;
      logger: LoggerService;
      /** `security.secretRequests.approvers`: told of every new request. */
      approvers: readonly string[];
    },
  ) {}

  async requested(request: StoredSecretRequest): Promise<void> {
    const recipients = [
      ...new Set(
        [request.ownerRef, ...this.deps.approvers].filter(
          (ref): ref is string => Boolean(ref),
        ),
      ),
    ];
    if (recipients.length === 0) {
      this.deps.logger.info(
        `Nobody to notify of secret request ${request.id}: ${request.entityRef} has no owner and security.secretRequests.approvers is empty`,
      );
      return;
    }
    await this.send(`the approvers of secret request ${request.id}`, {
      recipients: {
        type: 'entity',
        entityRef: recipients,
        excludeEntityRef: request.requester,
      },
      payload: newRequestPayload(request),
    });
  }

  async changed(
    request: StoredSecretRequest,
    change: SecretRequestChange,
  ): Promise<void> {
    await this.send(
      `${request.requester} that secret request ${request.id} is ${change}`,
      {
        recipients: { type: 'entity', entityRef: request.requester },
        payload: stateChangePayload(request, change),
      },
    );
  }

  private async send(
    what: string,
    options: NotificationSendOptions,
  ): Promise<void> {
    try {
      await this.deps.notifications.send(options);
    } catch (error) {
      this.deps.logger.warn(`Could not notify ${what}`, error as Error);
    }
  }
}
