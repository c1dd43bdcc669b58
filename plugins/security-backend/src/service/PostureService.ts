import type {
  AuditorService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  emptyPosture,
  missingSources,
  type EntityPosture,
} from '@posture/backstage-plugin-security-common';
import type { PostureStore } from '../database/PostureStore';
import type { EntityAccess, EntityName } from './EntityAccess';

/** Reads of an entity's posture summary. */
export class PostureService {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      auditor: AuditorService;
      store: PostureStore;
    },
  ) {}

  async getPosture(
    name: EntityName,
    credentials: BackstageCredentials,
  ): Promise<EntityPosture> {
    const auditorEvent = await this.deps.auditor.createEvent({
      eventId: 'posture-fetch',
      severityLevel: 'low',
      meta: { entityRef: stringifyEntityRef(name) },
    });
    try {
      const { entity, entityRef } = await this.deps.access.authorizeRead(
        name,
        credentials,
      );
      const stored =
        (await this.deps.store.summaries.get({ entityRef })) ??
        emptyPosture(entityRef);
      await auditorEvent.success();
      // From the annotations as they are now, so summaries stored before `missing` existed,
      // and entities whose annotations changed since the last write, read right.
      return { ...stored, missing: missingSources(entity, stored) };
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }
}
