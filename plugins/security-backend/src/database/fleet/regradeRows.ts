import type {
  CheckResult,
  PolicySet,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { bulkInsert, type PostgresColumnTypes } from '../bulkInsert';
import {
  epssFloorOf,
  gradeSections,
  loadGradingInputs,
} from '../gradingInputs';
import type { PostureSections } from '../PostureStore';
import { parseJson, type EntityPostureRow } from '../postureRows';
import { readSecretsOf, secretsSectionAt } from '../secretRows';
import { isPostgres } from './dialect';

/** The columns of a summary row that grading reads. */
type SummaryRow = Omit<EntityPostureRow, 'updated_at'>;

/** The graded columns of one summary row, as stored. */
interface GradedColumns {
  grade: string | null;
  score: number | null;
  reasons: string;
  secrets: string | null;
  policy: string | null;
  checks: string;
}

/** A summary row whose grade moved with time or policy, and the version it was read at. */
export interface RegradeChange extends GradedColumns {
  entityRef: string;
  version: number;
  checkResults: CheckResult[];
}

/** One batch of summaries regraded in memory, not yet written. */
export interface RegradeBatch {
  /** The last entity ref read: the next batch starts after it; null when none was left. */
  last: string | null;
  read: number;
  /** Rows whose grade, checks or secrets section would change. */
  changes: RegradeChange[];
}

/**
 * Reads up to `limit` summary rows after `after` (in entity ref order) and grades each at
 * `now` under `policies`: secret ages recounted from the stored secret rows, scan age and
 * exemption expiry judged at `now`. Reads only, outside any entity lock: the write checks
 * each row's version instead.
 */
export async function prepareRegrade(
  db: Knex,
  options: {
    after: string | null;
    limit: number;
    now: Date;
    policies: PolicySet;
  },
): Promise<RegradeBatch> {
  const { now, policies } = options;
  const query = db<SummaryRow>('entity_posture')
    .select(
      'entity_ref',
      'version',
      'grade',
      'score',
      'reasons',
      'vulnerabilities',
      'sbom',
      'signature',
      'secrets',
      'policy',
      'checks',
    )
    .orderBy('entity_ref')
    .limit(options.limit);
  if (options.after !== null) {
    query.where('entity_ref', '>', options.after);
  }
  const rows = (await query) as SummaryRow[];
  if (rows.length === 0) {
    return { last: null, read: 0, changes: [] };
  }
  const refs = rows.map(r => r.entity_ref);
  const [secrets, inputs] = await Promise.all([
    readSecretsOf(
      db,
      rows.filter(r => r.secrets !== null).map(r => r.entity_ref),
    ),
    loadGradingInputs(db, refs, now, { epssFloor: epssFloorOf(policies) }),
  ]);

  const changes: RegradeChange[] = [];
  for (const row of rows) {
    const sections: PostureSections = {
      vulnerabilities: parseJson(row.vulnerabilities),
      sbom: parseJson(row.sbom),
      signature: parseJson(row.signature),
      secrets: secretsSectionAt(
        parseJson(row.secrets),
        secrets.get(row.entity_ref) ?? [],
        now,
      ),
    };
    const graded = gradeSections(
      policies,
      sections,
      inputs.get(row.entity_ref)!,
      now,
    );
    const next: GradedColumns = {
      grade: graded.grade,
      score: graded.score,
      reasons: JSON.stringify(graded.reasons),
      secrets:
        sections.secrets === null ? null : JSON.stringify(sections.secrets),
      policy: graded.policy,
      checks: JSON.stringify(graded.checks),
    };
    if (!sameColumns(row, next)) {
      changes.push({
        ...next,
        entityRef: row.entity_ref,
        version: Number(row.version),
        checkResults: graded.checks,
      });
    }
  }
  return { last: refs[refs.length - 1], read: rows.length, changes };
}

function sameColumns(row: SummaryRow, next: GradedColumns): boolean {
  return (
    (row.grade ?? null) === next.grade &&
    (row.score === null ? null : Number(row.score)) === next.score &&
    row.reasons === next.reasons &&
    (row.secrets ?? null) === next.secrets &&
    (row.policy ?? null) === next.policy &&
    row.checks === next.checks
  );
}

interface CheckRow {
  entity_ref: string;
  check: string;
  status: string;
}

const CHECK_TYPES: PostgresColumnTypes<CheckRow> = {
  entity_ref: 'text',
  check: 'text',
  status: 'text',
};

/**
 * Writes a prepared batch in one transaction: each row only if its version is still the one
 * it was graded from (an upload in between graded it fresh already, and is kept), bumping
 * the version; then the written rows' check rows. Summary rows are written before check rows,
 * as every upload writes them, so a batch and an upload never wait for each other in a cycle.
 */
export async function applyRegrade(
  db: Knex,
  changes: readonly RegradeChange[],
): Promise<{ written: string[]; skipped: string[] }> {
  if (changes.length === 0) {
    return { written: [], skipped: [] };
  }
  return db.transaction(async trx => {
    const written = isPostgres(trx)
      ? await updateWithUnnest(trx, changes)
      : await updateOneByOne(trx, changes);
    const done = new Set(written);
    const writtenChanges = changes.filter(c => done.has(c.entityRef));
    if (writtenChanges.length) {
      await trx('posture_checks')
        .whereIn(
          'entity_ref',
          writtenChanges.map(c => c.entityRef),
        )
        .delete();
      await bulkInsert(
        trx,
        'posture_checks',
        writtenChanges.flatMap(c =>
          c.checkResults.map(r => ({
            entity_ref: c.entityRef,
            check: r.check,
            status: r.status,
          })),
        ),
        CHECK_TYPES,
      );
    }
    return {
      written: writtenChanges.map(c => c.entityRef),
      skipped: changes
        .filter(c => !done.has(c.entityRef))
        .map(c => c.entityRef),
    };
  });
}

/** One UPDATE for the whole batch: a handful of array parameters, whatever its size. */
async function updateWithUnnest(
  trx: Knex.Transaction,
  changes: readonly RegradeChange[],
): Promise<string[]> {
  const column = <K extends keyof RegradeChange>(key: K) =>
    changes.map(c => c[key]);
  const result = await trx.raw(
    `UPDATE entity_posture AS p
        SET grade = v.grade, score = v.score, reasons = v.reasons, secrets = v.secrets,
            policy = v.policy, checks = v.checks, version = p.version + 1
       FROM unnest(?::text[], ?::integer[], ?::text[], ?::integer[], ?::text[], ?::text[],
                   ?::text[], ?::text[])
            AS v(entity_ref, version, grade, score, reasons, secrets, policy, checks)
      WHERE p.entity_ref = v.entity_ref AND p.version = v.version
  RETURNING p.entity_ref`,
    [
      column('entityRef'),
      column('version'),
      column('grade'),
      column('score'),
      column('reasons'),
      column('secrets'),
      column('policy'),
      column('checks'),
    ] as unknown as readonly Knex.RawBinding[],
  );
  return (result.rows as Array<{ entity_ref: string }>).map(r => r.entity_ref);
}

/** SQLite has one writer at a time and no network round trip: a statement per row is fine. */
async function updateOneByOne(
  trx: Knex.Transaction,
  changes: readonly RegradeChange[],
): Promise<string[]> {
  const written: string[] = [];
  for (const c of changes) {
    const count = await trx('entity_posture')
      .where({ entity_ref: c.entityRef, version: c.version })
      .update({
        grade: c.grade,
        score: c.score,
        reasons: c.reasons,
        secrets: c.secrets,
        policy: c.policy,
        checks: c.checks,
        version: c.version + 1,
      });
    if (count > 0) {
      written.push(c.entityRef);
    }
  }
  return written;
}
