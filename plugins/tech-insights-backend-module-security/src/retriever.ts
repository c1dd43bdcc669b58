import type { CompoundEntityRef } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  FactRetriever,
  FactRetrieverContext,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { DateTime } from 'luxon';
import pLimit from 'p-limit';
import {
  POSTURE_FACT_RETRIEVER_ID,
  POSTURE_FACT_SCHEMA,
  postureToFacts,
} from './facts';
import { PostureReader } from './PostureReader';

/** @public */
export interface PostureFactRetrieverOptions {
  /** Lists the entities to read postures for. */
  catalog: CatalogService;
  /** Entity kinds to read, e.g. `['Component']`. */
  kinds: string[];
  /** Postures read at once. */
  concurrency: number;
}

/**
 * The `posture-security-facts` fact retriever: for each entity of the given kinds, reads its
 * posture from the security backend and publishes its grade, score, policy, policy checks
 * and critical/high counts. An entity the backend answers 403 or 404 for is skipped; any
 * other failure is logged and skips that entity only, so one bad answer never empties a run.
 * @public
 */
export function createPostureFactRetriever(
  options: PostureFactRetrieverOptions,
): FactRetriever {
  const entityFilter = [{ kind: options.kinds }];
  return {
    id: POSTURE_FACT_RETRIEVER_ID,
    // Bump on any change to the facts or the schema (Tech Insights keeps schemas by version).
    version: '0.1.0',
    title: 'Posture security',
    description:
      'Security grade, score, policy checks and open critical/high vulnerabilities from Posture',
    schema: POSTURE_FACT_SCHEMA,
    entityFilter,
    handler: ctx => retrieveFacts(ctx, options, entityFilter),
  };
}

async function retrieveFacts(
  ctx: FactRetrieverContext,
  options: PostureFactRetrieverOptions,
  entityFilter: Array<Record<string, string[]>>,
): Promise<TechInsightFact[]> {
  const { auth, discovery, logger } = ctx;
  const entities = await listEntities(
    options.catalog,
    entityFilter,
    await auth.getOwnServiceCredentials(),
  );
  const reader = new PostureReader({ auth, discovery });
  const baseUrl = await reader.baseUrl();
  const limit = pLimit(options.concurrency);

  let skipped = 0;
  let failed = 0;
  const results = await Promise.all(
    entities.map(entity =>
      limit(async (): Promise<TechInsightFact | undefined> => {
        const entityRef = stringifyEntityRef(entity);
        try {
          const lookup = await reader.read(baseUrl, entity);
          if (lookup.outcome === 'skipped') {
            skipped += 1;
            logger.debug(
              `No posture facts for ${entityRef}: the security backend answered ${lookup.status}`,
            );
            return undefined;
          }
          return {
            entity,
            facts: postureToFacts(lookup.posture),
            // Set here rather than left to the database's default, which SQLite writes in a
            // form Tech Insights reads back as no timestamp at all.
            timestamp: DateTime.now(),
          };
        } catch (error) {
          failed += 1;
          logger.warn(
            `Could not read the posture of ${entityRef}; its facts are not updated this run: ${
              (error as Error).message
            }`,
          );
          return undefined;
        }
      }),
    ),
  );
  const facts = results.filter(
    (fact): fact is TechInsightFact => fact !== undefined,
  );
  const summary = `Posture facts for ${facts.length} of ${
    entities.length
  } entities (${options.kinds.join(
    ', ',
  )}); ${skipped} skipped (403/404), ${failed} failed`;
  if (failed > 0) logger.warn(summary);
  else logger.info(summary);
  return facts;
}

async function listEntities(
  catalog: CatalogService,
  filter: Array<Record<string, string[]>>,
  credentials: Awaited<
    ReturnType<FactRetrieverContext['auth']['getOwnServiceCredentials']>
  >,
): Promise<CompoundEntityRef[]> {
  const entities: CompoundEntityRef[] = [];
  // Paged, so a large catalog is never one response.
  for await (const page of catalog.streamEntities(
    { filter, fields: ['kind', 'metadata.namespace', 'metadata.name'] },
    { credentials },
  )) {
    for (const entity of page) {
      entities.push({
        kind: entity.kind,
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
      });
    }
  }
  return entities;
}
