import type { Knex } from 'knex';
import type { Grader, PostureSections } from './PostureStore';
import { readPostureRow, writePostureRow } from './postureRows';

/**
 * Rewrites the entity's summary row with some sections recomputed and the others as they
 * were, regraded; run inside the write's transaction so summary and rows always agree.
 */
export async function updatePostureSummary(
  trx: Knex.Transaction,
  entityRef: string,
  grade: Grader,
  changed: Partial<PostureSections>,
): Promise<void> {
  const previous = await readPostureRow(trx, entityRef);
  const sections: PostureSections = {
    vulnerabilities: previous?.vulnerabilities ?? null,
    sbom: previous?.sbom ?? null,
    signature: previous?.signature ?? null,
    secrets: previous?.secrets ?? null,
    ...changed,
  };
  await writePostureRow(trx, entityRef, { ...sections, ...grade(sections) });
}
