import type {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { gradePosture } from '@posture/backstage-plugin-security-common';
import type { PostureSource } from '@posture/backstage-plugin-security-node';
import type { PostureSections, PostureStore } from '../database/PostureStore';

/** Entities are checked a few at a time: sources rate-limit themselves, this bounds memory. */
const ENTITY_CONCURRENCY = 4;

export type RefreshResult = {
  refreshed: string[];
  errors: Record<string, string>;
};

/**
 * The pull path: asks each posture source about the entities it applies to and stores what it
 * observed. A source that throws for an entity leaves that entity's data in place, marked
 * stale with the error; the next successful pass clears it.
 */
export class SourceRunner {
  /** `entityRef@digest` being checked because a report brought the digest. */
  private readonly checking = new Set<string>();

  constructor(
    private readonly deps: {
      sources: PostureSource[];
      catalog: CatalogService;
      auth: AuthService;
      store: PostureStore;
      logger: LoggerService;
      /** Records on-demand refreshes, which people trigger; scheduled passes are not audited. */
      auditor?: AuditorService;
      now?: () => Date;
    },
  ) {}

  get sources(): PostureSource[] {
    return this.deps.sources;
  }

  /** One scheduled pass of a source over the whole catalog. */
  async runSource(source: PostureSource, signal: AbortSignal): Promise<void> {
    const entities = (await this.listEntities()).filter(e =>
      source.appliesTo(e),
    );
    let failed = 0;
    let next = 0;
    const worker = async () => {
      while (next < entities.length && !signal.aborted) {
        const entity = entities[next++];
        if (!(await this.collect(source, entity, signal))) failed += 1;
      }
    };
    await Promise.all(Array.from({ length: ENTITY_CONCURRENCY }, worker));
    this.deps.logger.info(
      `Posture source ${source.id}: checked ${entities.length} entities, ${failed} failed`,
    );
  }

  /** Every source that applies to the entity, now (the Security tab's "Check now"). */
  async refreshEntity(entity: Entity): Promise<RefreshResult> {
    const auditorEvent = await this.deps.auditor?.createEvent({
      eventId: 'posture-refresh',
      severityLevel: 'low',
      meta: { entityRef: stringifyEntityRef(entity) },
    });
    const result: RefreshResult = { refreshed: [], errors: {} };
    for (const source of this.deps.sources.filter(s => s.appliesTo(entity))) {
      const error = await this.collect(
        source,
        entity,
        new AbortController().signal,
        true,
      );
      if (error === true) {
        result.refreshed.push(source.id);
      } else {
        result.errors[source.id] = String(error);
      }
    }
    await auditorEvent?.success({ meta: { ...result } });
    return result;
  }

  /**
   * A report brought an image digest: judge its signatures now rather than at the next
   * scheduled pass, so a new build's card does not say "not checked" for an hour. Skipped
   * when the digest already has a verdict from a pull source or is being checked already (a
   * scan and an SBOM of one build arrive together). Failures are stored as usual (stale or
   * unknown); this never throws.
   */
  async checkSignaturesOf(entity: Entity, digest: string): Promise<void> {
    const entityRef = stringifyEntityRef(entity);
    const sources = this.deps.sources.filter(
      s => s.observes === 'signatures' && s.appliesTo(entity),
    );
    const key = `${entityRef}@${digest}`;
    if (sources.length === 0 || this.checking.has(key)) return;
    this.checking.add(key);
    try {
      const verdicts = await this.deps.store.listSignatures(entityRef);
      if (verdicts.some(v => v.digest === digest && v.source !== 'upload')) {
        return;
      }
      for (const source of sources) {
        await this.collect(source, entity, new AbortController().signal);
      }
    } catch (error) {
      this.deps.logger.warn(
        `Could not check the signatures of ${entityRef}: ${
          (error as Error).message
        }`,
      );
    } finally {
      this.checking.delete(key);
    }
  }

  /** True when stored; otherwise false, or the error message when asked for it. */
  private async collect(
    source: PostureSource,
    entity: Entity,
    signal: AbortSignal,
    wantError?: boolean,
  ): Promise<true | false | string> {
    const entityRef = stringifyEntityRef(entity);
    const now = this.deps.now?.() ?? new Date();
    // Graded at the same instant the secrets' ages are computed for the summary.
    const grade = (sections: PostureSections) => gradePosture(sections, now);
    try {
      const observation = await source.collect(entity, {
        signal,
        // Only signature sources look at digests; a Vault pass need not query the reports.
        knownDigests:
          source.observes === 'signatures'
            ? await this.deps.store.knownDigests(entityRef)
            : [],
      });
      if (observation.kind !== source.observes) {
        throw new Error(
          `source ${source.id} observes ${source.observes} but reported ${observation.kind}`,
        );
      }
      if (observation.kind === 'secrets') {
        await this.deps.store.applySecretObservations(
          entityRef,
          source.id,
          observation.items,
          grade,
          now,
        );
      } else {
        await this.deps.store.applySignatureObservations(
          entityRef,
          source.id,
          observation.items,
          grade,
          now,
        );
      }
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn(
        `Posture source ${source.id} failed for ${entityRef}: ${message}`,
      );
      await this.deps.store.markSourceFailed(
        entityRef,
        source.id,
        source.observes,
        message,
        grade,
        now,
      );
      return wantError ? message : false;
    }
  }

  private async listEntities(): Promise<Entity[]> {
    const { items } = await this.deps.catalog.getEntities(
      {
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return items;
  }
}
