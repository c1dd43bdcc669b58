/*
 * The whole generated fleet of `yarn bench:scale`, in a freshly migrated database:
 *   1. impactFleet's services, reports, SBOM components, findings and finding_ids (set-based,
 *      Zipf-like package popularity over a catalog of `packages` packages);
 *   2. the organisation of scorecardsFleet (10 departments, 100 teams, 500 systems in 20
 *      domains) recorded as the regrade's catalog walk records it (readCatalogFacts and
 *      replaceFacts, the real code), replacing the impact fleet's simpler facts;
 *   3. EPSS and KEV tables of their real sizes (scaleFeeds);
 *   4. the uploaded documents (scaleDocuments);
 *   5. scans aged 0 to 44 days and the summary rows (scaleSummaries), Vault secrets and
 *      exemptions (scorecardsFleet);
 *   6. `historyDays` days of daily snapshots before today and their rollups (the real
 *      rebuildRollups);
 * the largest tables (components, findings, history) bulk-loaded with their secondary
 * indexes built after the rows (bulkLoad.ts),
 * then VACUUM ANALYZE, as a database that has run for a while would be vacuumed and analysed.
 */
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { DatabaseFleetStore } from '../src/database/DatabaseFleetStore';
import { readCatalogFacts } from '../src/service/fleet/catalogFacts';
import { withIndexesDeferred } from './bulkLoad';
import { generateFleet, type BenchPackage } from './impactFleet';
import { fillDocuments } from './scaleDocuments';
import { fillExploitFeeds } from './scaleFeeds';
import { serviceAuth, standInCatalog } from './scaleStandIns';
import { timed } from './scaleStats';
import { ageScans, fillSummaries } from './scaleSummaries';
import {
  catalogEntities,
  fillExemptions,
  fillHistory,
  fillSecrets,
} from './scorecardsFleet';

export interface ScaleFleetOptions {
  entities: number;
  packages: number;
  components: number;
  historyDays: number;
  now: Date;
}

export interface GeneratedFleet {
  catalog: BenchPackage[];
  entities: Entity[];
  /** Seconds per generation step. */
  steps: Array<{ step: string; seconds: number; rows?: number }>;
}

export async function generateScaleFleet(
  knex: Knex,
  fleetStore: DatabaseFleetStore,
  options: ScaleFleetOptions,
): Promise<GeneratedFleet> {
  const { entities: count, now } = options;
  if (count > 99_999) {
    // The generators name services svc-00001 .. svc-99999 (lpad to 5 in SQL).
    throw new Error(`at most 99,999 entities can be generated, not ${count}`);
  }
  const steps: GeneratedFleet['steps'] = [];
  const step = async <T>(name: string, work: () => Promise<T>) => {
    const [result, took] = await timed(work);
    const rows = typeof result === 'number' ? result : undefined;
    steps.push({ step: name, seconds: took / 1000, rows });
    console.log(
      `  ${name}: ${(took / 1000).toFixed(1)} s${
        rows === undefined ? '' : ` (${rows.toLocaleString('en-US')} rows)`
      }`,
    );
    return result;
  };

  const catalog = await step(
    'reports, components, findings (impactFleet)',
    () =>
      generateFleet(knex, {
        entities: count,
        packages: options.packages,
        components: options.components,
      }),
  );
  const entities = catalogEntities(count);
  await step('catalog facts and group tree (readCatalogFacts)', async () => {
    const facts = await readCatalogFacts({
      catalog: standInCatalog(entities),
      credentials: await serviceAuth.getOwnServiceCredentials(),
      kinds: ['component'],
    });
    await fleetStore.replaceFacts({ ...facts, seenAt: now });
    return facts.entities.length;
  });
  await step('EPSS and KEV rows', async () => {
    const { epss, kev } = await fillExploitFeeds(knex);
    return epss + kev;
  });
  await step('uploaded documents', async () => {
    const { sboms, scans } = await fillDocuments(knex);
    return sboms + scans;
  });
  await step('scan ages', () => ageScans(knex, now));
  await step('secrets', () => fillSecrets(knex, now));
  await step('summaries', () => fillSummaries(knex, now));
  await step('exemptions', () => fillExemptions(knex, now));
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()!;
  if (options.historyDays > 0) {
    await step(`history, ${options.historyDays} days`, () =>
      withIndexesDeferred(knex, ['posture_history'], () =>
        fillHistory(knex, today, options.historyDays),
      ),
    );
    await step('rollups of those days (rebuildRollups)', () =>
      fleetStore.rebuildRollups({
        from: DateTime.fromISO(today)
          .minus({ days: options.historyDays })
          .toISODate()!,
        to: DateTime.fromISO(today).minus({ days: 1 }).toISODate()!,
      }),
    );
  }
  await step('VACUUM ANALYZE', async () => {
    await knex.raw('VACUUM ANALYZE');
  });
  return { catalog, entities, steps };
}
