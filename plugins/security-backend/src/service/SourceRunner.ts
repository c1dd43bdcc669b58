import type {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  UPLOADED_VERDICT_SOURCE,
  type RefreshResult,
} from '@posture/backstage-plugin-security-common';
import type {
  PostureSource,
  ProvisionedSecretLocation,
} from '@posture/backstage-plugin-security-node';
import type { PostureStore } from '../database/PostureStore';
import type {
  ProvisionedSecret,
  SecretRequestStore,
} from '../database/DatabaseSecretRequestStore';
import type { WorkQueue } from './background/WorkQueue';
import type { RefreshMarkStore } from '../database/DatabaseRefreshMarkStore';
import { RefreshGate } from './RefreshGate';
import { REFRESH_INTERVAL_KEY } from '../writeAccessConfig';

/** Entities are checked a few at a time: sources rate-limit themselves, this bounds memory. */
const ENTITY_CONCURRENCY = 4;

/**
 * The pull path: asks each posture source about the entities it applies to and stores what it
 * observed. A source that throws for an entity leaves that entity's data in place, marked
 * stale with the error; the next successful pass clears it.
 */
export class SourceRunner {
  private readonly refreshes: RefreshGate<RefreshResult>;
  private readonly signatureCheck: (item: SignatureCheck) => Promise<void>;
  private readonly secretsCheck: (item: SecretsCheck) => Promise<void>;

  constructor(
    private readonly deps: {
      sources: PostureSource[];
      catalog: CatalogService;
      auth: AuthService;
      store: PostureStore;
      /**
       * Secrets Posture provisioned (secret requests): sources observing secrets read them
       * besides the annotated ones, also for entities with no Vault annotation.
       */
      secretRequests: Pick<SecretRequestStore, 'provisionedSecrets'>;
      logger: LoggerService;
      /**
       * Where checks of newly reported digests and newly provisioned secrets run, after the
       * request has answered; queued in the database, so another replica finishes them if
       * this one dies.
       */
      queue: WorkQueue;
      /** Records on-demand refreshes, which people trigger; scheduled passes are not audited. */
      auditor?: AuditorService;
      /**
       * How long after an on-demand refresh of an entity another one is refused (429), in
       * milliseconds; `security.refresh.minInterval`, 30 s by default.
       */
      refreshMinIntervalMs?: number;
      /** Where refreshes are marked for every replica to see; absent, the limit is per replica. */
      refreshMarks?: RefreshMarkStore;
      now?: () => Date;
    },
  ) {
    this.refreshes = new RefreshGate({
      minIntervalMs: deps.refreshMinIntervalMs ?? 30_000,
      intervalKey: REFRESH_INTERVAL_KEY,
      marks: deps.refreshMarks,
      now: () => (deps.now?.() ?? new Date()).getTime(),
    });
    this.signatureCheck = deps.queue.define<SignatureCheck>({
      kind: 'signatures',
      key: item => `${item.entityRef}@${item.digest}`,
      run: item => this.checkSignaturesOf(item.entityRef, item.digest),
    });
    this.secretsCheck = deps.queue.define<SecretsCheck>({
      kind: 'secrets',
      // Reads the entity's provisioned secrets: a provisioning meanwhile needs another look.
      fresh: true,
      key: item => item.entityRef,
      run: item => this.checkSecretsOf(item.entityRef),
    });
  }

  get sources(): PostureSource[] {
    return this.deps.sources;
  }

  /** One scheduled pass of a source over the whole catalog. */
  async runSource(source: PostureSource, signal: AbortSignal): Promise<void> {
    // Which entities have provisioned secrets: one query for the whole pass. Their locations
    // are read again as each entity is checked (collect), so a long pass does not store an
    // entity's secrets from a list read minutes earlier, dropping one provisioned meanwhile.
    const provisioned =
      source.observes === 'secrets'
        ? await this.entitiesWithProvisionedSecrets()
        : new Set<string>();
    const entities = (await this.listEntities()).filter(e =>
      applies(source, e, provisioned.has(refKey(stringifyEntityRef(e)))),
    );
    let failed = 0;
    let next = 0;
    // An entity's failure is recorded as stale (collect); an error here means that record
    // could not be written either (the database is down): the pass stops taking entities, and
    // ends only once the other workers have finished theirs, so none outlives the task's run.
    let fatal: { error: unknown } | undefined;
    const worker = async () => {
      while (next < entities.length && !signal.aborted && !fatal) {
        const entity = entities[next++];
        try {
          if (!(await this.collect(source, entity, signal))) failed += 1;
        } catch (error) {
          fatal ??= { error };
        }
      }
    };
    await Promise.all(Array.from({ length: ENTITY_CONCURRENCY }, worker));
    if (fatal) throw fatal.error;
    this.deps.logger.info(
      `Posture source ${source.id}: checked ${entities.length} entities, ${failed} failed`,
    );
  }

  /**
   * Every source that applies to the entity, now (the Security tab's "Check now"). Calls
   * while a refresh of the entity runs share its result; one within the minimum interval
   * after it finished is refused with `RefreshTooSoonError`, so a burst of clicks or scripts
   * cannot make Vault and Rekor answer once per call.
   */
  refreshEntity(entity: Entity): Promise<RefreshResult> {
    return this.refreshes.run(stringifyEntityRef(entity), () =>
      this.refreshNow(entity),
    );
  }

  private async refreshNow(entity: Entity): Promise<RefreshResult> {
    const auditorEvent = await this.deps.auditor?.createEvent({
      eventId: 'posture-refresh',
      severityLevel: 'low',
      meta: { entityRef: stringifyEntityRef(entity) },
    });
    const result: RefreshResult = { refreshed: [], errors: {} };
    const provisioned = await this.provisionedOf(stringifyEntityRef(entity));
    for (const source of this.deps.sources.filter(s =>
      applies(s, entity, provisioned.length > 0),
    )) {
      const error = await this.collect(
        source,
        entity,
        new AbortController().signal,
        { provisioned, wantError: true },
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
   * A report brought an image digest: judge its signatures soon, in the background, rather
   * than at the next scheduled pass, so a new build's card does not say "not checked" for an
   * hour. A digest already being checked is not queued twice (a scan and an SBOM of one build
   * arrive together). The returned promise settles when the check is done; it never rejects.
   */
  checkSignaturesSoon(entity: Entity, digest: string): Promise<void> {
    return this.signatureCheck({
      entityRef: stringifyEntityRef(entity),
      digest,
    });
  }

  /**
   * Judges a digest's signatures with every signature source that applies, unless a pull
   * source judged it already. Failures are stored as usual (stale or unknown). The entity is
   * read again, as the check may run later and on another replica.
   */
  private async checkSignaturesOf(
    entityRef: string,
    digest: string,
  ): Promise<void> {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    // Gone from the catalog meanwhile: no scheduled pass checks it either.
    if (!entity) return;
    const sources = this.deps.sources.filter(
      s => s.observes === 'signatures' && s.appliesTo(entity),
    );
    if (sources.length === 0) return;
    const verdicts = await this.deps.store.signatures.list({ entityRef });
    if (
      verdicts.some(
        v => v.digest === digest && v.source !== UPLOADED_VERDICT_SOURCE,
      )
    ) {
      return;
    }
    for (const source of sources) {
      await this.collect(source, entity, new AbortController().signal);
    }
  }

  /**
   * A secret request was just provisioned: check the entity's secrets now, in the background,
   * so its Secrets card lists the new secret without waiting for the schedule. Asked again
   * while a check runs (several approvals at once), one more check follows it, so no new
   * secret is missed. The returned promise settles when done; it never rejects.
   */
  checkSecretsSoon(entityRef: string): Promise<void> {
    return this.secretsCheck({ entityRef: refKey(entityRef) });
  }

  private async checkSecretsOf(entityRef: string): Promise<void> {
    const sources = this.deps.sources.filter(s => s.observes === 'secrets');
    if (sources.length === 0) return;
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    // Gone from the catalog meanwhile: no scheduled pass checks it either.
    if (!entity) return;
    const provisioned = await this.provisionedOf(entityRef);
    for (const source of sources.filter(s =>
      applies(s, entity, provisioned.length > 0),
    )) {
      await this.collect(source, entity, new AbortController().signal, {
        provisioned,
      });
    }
  }

  /**
   * True when stored; otherwise false, or the error message when asked for it. `provisioned`
   * are the entity's provisioned secrets when the caller has them already.
   */
  private async collect(
    source: PostureSource,
    entity: Entity,
    signal: AbortSignal,
    options: {
      provisioned?: ProvisionedSecretLocation[];
      wantError?: boolean;
    } = {},
  ): Promise<true | false | string> {
    const entityRef = stringifyEntityRef(entity);
    // One instant for the secrets' ages and the grade of the summary.
    const now = this.deps.now?.() ?? new Date();
    try {
      const observesSecrets = source.observes === 'secrets';
      const observation = await source.collect(entity, {
        signal,
        // Only signature sources look at digests; a Vault pass need not query the reports.
        knownDigests: observesSecrets
          ? []
          : await this.deps.store.reports.knownDigests({ entityRef }),
        provisionedSecrets: observesSecrets
          ? options.provisioned ?? (await this.provisionedOf(entityRef))
          : [],
      });
      if (observation.kind !== source.observes) {
        throw new Error(
          `source ${source.id} observes ${source.observes} but reported ${observation.kind}`,
        );
      }
      const write = { entityRef, source: source.id, now };
      if (observation.kind === 'secrets') {
        await this.deps.store.secrets.applyObservations({
          ...write,
          observations: observation.items,
        });
      } else {
        await this.deps.store.signatures.applyObservations({
          ...write,
          observations: observation.items,
        });
      }
      return true;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn(
        `Posture source ${source.id} failed for ${entityRef}: ${message}`,
      );
      const failed = { entityRef, source: source.id, error: message, now };
      await (source.observes === 'signatures'
        ? this.deps.store.signatures.markStale(failed)
        : this.deps.store.secrets.markStale(failed));
      return options.wantError ? message : false;
    }
  }

  private async provisionedOf(
    entityRef: string,
  ): Promise<ProvisionedSecretLocation[]> {
    return (
      await this.deps.secretRequests.provisionedSecrets({ entityRef })
    ).map(toLocation);
  }

  /** As {@link refKey}s. */
  private async entitiesWithProvisionedSecrets(): Promise<Set<string>> {
    const secrets = await this.deps.secretRequests.provisionedSecrets({});
    return new Set(secrets.map(s => refKey(s.entityRef)));
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

/**
 * A source applies by the entity's annotations; one observing secrets also to an entity with
 * secrets Posture provisioned, which need no annotation.
 */
function applies(
  source: PostureSource,
  entity: Entity,
  hasProvisionedSecrets: boolean,
): boolean {
  return (
    source.appliesTo(entity) ||
    (source.observes === 'secrets' && hasProvisionedSecrets)
  );
}

/** A queued signature check: refs only, the entity is read when it runs. */
type SignatureCheck = { entityRef: string; digest: string };
/** A queued check of an entity's secrets (its ref in lower case). */
type SecretsCheck = { entityRef: string };

/** Secret requests keep refs in lower case; the catalog compares them without regard to case. */
function refKey(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/** A request's location in the terms of a secret observation. */
function toLocation(secret: ProvisionedSecret): ProvisionedSecretLocation {
  return {
    engine: secret.mount,
    path: secret.path,
    kind: secret.kind === 'database-role' ? 'database-static-role' : 'kv',
  };
}
