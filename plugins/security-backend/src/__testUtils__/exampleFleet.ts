import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  POLICY_CHECKS,
  type CheckStatus,
  type Grade,
  type PolicyCheckId,
} from '@posture/backstage-plugin-security-common';
import { loadAll } from 'js-yaml';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';

/**
 * The example organisation of examples/catalog (Acme: acme > acme-engineering > five teams,
 * 25 components in five systems and two domains) as the regrade records it, with
 * deterministic grades, check statuses and daily history, for the scorecard tests.
 */

const EXAMPLES = resolve(__dirname, '../../../../examples/catalog');

interface CatalogDoc {
  kind: string;
  metadata: { name: string; title?: string; tags?: string[] };
  spec?: {
    owner?: string;
    system?: string;
    domain?: string;
    lifecycle?: string;
    parent?: string;
  };
}

function readDocs(file: string): CatalogDoc[] {
  return (loadAll(readFileSync(resolve(EXAMPLES, file), 'utf8')) as unknown[])
    .filter(Boolean)
    .map(doc => doc as CatalogDoc);
}

export interface FleetEntity {
  entityRef: string;
  kind: string;
  name: string;
  title: string;
  ownerRef: string | null;
  systemRef: string | null;
  domainRef: string | null;
  lifecycle: string | null;
  tags: string[];
  grade: Grade | null;
  score: number | null;
  checks: Record<PolicyCheckId, CheckStatus>;
  /** Open known-exploited findings its summary counts (0 without a summary). */
  kev: number;
  /** Open high-EPSS findings its summary counts (0 without a summary). */
  highEpss: number;
}

export interface ExampleFleet {
  entities: FleetEntity[];
  /** [group, ancestor, depth], self included at depth 0. */
  ancestry: Array<[string, string, number]>;
  /** Days of history, oldest first (YYYY-MM-DD). */
  days: string[];
}

/** Scores the entities take in turn; null is "nothing known" (no grade). */
const SCORES = [95, 40, 85, 62, null, 75, 100, 55, 88, 71, 93];
const STATUSES: CheckStatus[] = ['pass', 'fail', 'missing', 'exempt', 'pass'];

export function gradeOf(score: number | null): Grade | null {
  if (score === null) return null;
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  return 'F';
}

const groupRef = (name: string) => `group:default/${name}`;

/**
 * The example catalog as facts; entity i gets SCORES[i % 11], rotating check statuses, and
 * i % 3 known-exploited and i % 4 high-EPSS findings when it has a summary.
 */
export function exampleFleet(
  options: { now?: Date; historyDays?: number } = {},
): ExampleFleet {
  const org = readDocs('org.yaml');
  const systems = readDocs('systems.yaml');
  const components = readDocs('components.yaml').filter(
    d => d.kind === 'Component',
  );
  const domainOf = new Map(
    systems.map(s => [
      `system:default/${s.metadata.name}`,
      s.spec?.domain ? `domain:default/${s.spec.domain}` : null,
    ]),
  );
  const parents = new Map(
    org
      .filter(d => d.kind === 'Group')
      .map(g => [
        groupRef(g.metadata.name),
        g.spec?.parent ? groupRef(g.spec.parent) : null,
      ]),
  );
  const ancestry: Array<[string, string, number]> = [];
  for (const group of parents.keys()) {
    let current: string | null | undefined = group;
    for (let depth = 0; current; depth++) {
      ancestry.push([group, current, depth]);
      current = parents.get(current);
    }
  }
  const entities = components.map((c, i): FleetEntity => {
    const score = SCORES[i % SCORES.length];
    const systemRef = c.spec?.system ? `system:default/${c.spec.system}` : null;
    return {
      entityRef: `component:default/${c.metadata.name}`,
      kind: 'component',
      name: c.metadata.name,
      title: c.metadata.title ?? c.metadata.name,
      ownerRef: c.spec?.owner ? groupRef(c.spec.owner) : null,
      systemRef,
      domainRef: systemRef ? domainOf.get(systemRef) ?? null : null,
      lifecycle: c.spec?.lifecycle ?? null,
      tags: c.metadata.tags ?? [],
      grade: gradeOf(score),
      score,
      kev: score === null ? 0 : i % 3,
      highEpss: score === null ? 0 : i % 4,
      checks: Object.fromEntries(
        POLICY_CHECKS.map((check, j) => [
          check,
          STATUSES[(i + j) % STATUSES.length],
        ]),
      ) as Record<PolicyCheckId, CheckStatus>,
    };
  });
  const today = DateTime.fromJSDate(options.now ?? new Date(), { zone: 'utc' });
  const historyDays = options.historyDays ?? 10;
  const days = Array.from(
    { length: historyDays },
    (_, k) => today.minus({ days: historyDays - 1 - k }).toISODate()!,
  );
  return { entities, ancestry, days };
}

/** An entity's score on a past day: its score today, k points lower k days earlier. */
export function scoreOn(entity: FleetEntity, daysAgo: number): number | null {
  return entity.score === null ? null : Math.max(0, entity.score - daysAgo);
}

/** Writes the fleet's facts, summaries, checks, history and rollups. */
export async function seedExampleFleet(
  knex: Knex,
  fleet: ExampleFleet,
): Promise<void> {
  const { entities, ancestry, days } = fleet;
  const now = new Date().toISOString();
  await knex.batchInsert(
    'posture_entities',
    entities.map(e => ({
      entity_ref: e.entityRef,
      kind: e.kind,
      namespace: 'default',
      name: e.name,
      title: e.title,
      owner_ref: e.ownerRef,
      system_ref: e.systemRef,
      domain_ref: e.domainRef,
      lifecycle: e.lifecycle,
      policy: null,
      seen_at: now,
    })),
    100,
  );
  await knex.batchInsert(
    'posture_entity_tags',
    entities.flatMap(e =>
      e.tags.map(tag => ({ entity_ref: e.entityRef, tag })),
    ),
    100,
  );
  await knex.batchInsert(
    'posture_group_ancestry',
    ancestry.map(([group, ancestor, depth]) => ({
      group_ref: group,
      ancestor_ref: ancestor,
      depth,
    })),
    100,
  );
  // An entity with no summary row at all is ungraded too: leave the null scores out.
  await knex.batchInsert(
    'entity_posture',
    entities
      .filter(e => e.score !== null)
      .map(e => ({
        entity_ref: e.entityRef,
        grade: e.grade,
        score: e.score,
        kev_count: e.kev,
        high_epss_count: e.highEpss,
        updated_at: now,
      })),
    100,
  );
  await knex.batchInsert(
    'posture_checks',
    entities.flatMap(e =>
      Object.entries(e.checks).map(([check, status]) => ({
        entity_ref: e.entityRef,
        check,
        status,
      })),
    ),
    100,
  );
  const history = entities.flatMap(e =>
    days.map((day, k) => {
      const score = scoreOn(e, days.length - 1 - k);
      return {
        entity_ref: e.entityRef,
        day,
        grade: gradeOf(score),
        score,
        checks: JSON.stringify(e.checks),
        owner_ref: e.ownerRef,
        system_ref: e.systemRef,
        domain_ref: e.domainRef,
      };
    }),
  );
  await knex.batchInsert('posture_history', history, 100);
  await knex.batchInsert(
    'posture_history_rollups',
    rollupsOf(history, ancestry),
    100,
  );
}

/** The rollups the regrade would write for these snapshots (computed naively, as an oracle). */
function rollupsOf(
  history: Array<{
    day: string;
    grade: string | null;
    score: number | null;
    owner_ref: string | null;
    system_ref: string | null;
    domain_ref: string | null;
  }>,
  ancestry: Array<[string, string, number]>,
) {
  const rows = new Map<string, Record<string, string | number>>();
  const add = (
    day: string,
    groupBy: string,
    ref: string,
    h: (typeof history)[0],
  ) => {
    const key = `${day}|${groupBy}|${ref}`;
    const row = rows.get(key) ?? {
      day,
      group_by: groupBy,
      group_ref: ref,
      grade_a: 0,
      grade_b: 0,
      grade_c: 0,
      grade_d: 0,
      grade_f: 0,
      grade_none: 0,
      score_sum: 0,
      scored: 0,
    };
    const column = `grade_${(h.grade ?? 'none').toLowerCase()}`;
    row[column] = Number(row[column]) + 1;
    if (h.score !== null) {
      row.score_sum = Number(row.score_sum) + h.score;
      row.scored = Number(row.scored) + 1;
    }
    rows.set(key, row);
  };
  for (const h of history) {
    add(h.day, 'fleet', '*', h);
    if (h.owner_ref) {
      const ancestors = ancestry.filter(([g]) => g === h.owner_ref);
      for (const ref of ancestors.length
        ? ancestors.map(([, a]) => a)
        : [h.owner_ref]) {
        add(h.day, 'owner', ref, h);
      }
    }
    if (h.system_ref) add(h.day, 'system', h.system_ref, h);
    if (h.domain_ref) add(h.day, 'domain', h.domain_ref, h);
  }
  return [...rows.values()];
}
