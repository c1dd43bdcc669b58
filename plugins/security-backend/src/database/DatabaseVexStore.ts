import type { VexUploadResult } from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { applyVexStatements } from './applyVexStatements';
import type { DatabaseSummaryStore } from './DatabaseSummaryStore';
import { entityTransaction } from './entityTransaction';
import type { VexStore, VexWrite } from './PostureStore';
import { toIsoTimestamp } from './rows';
import { summarizeReports } from './summarize';
import {
  statementKey,
  vexStatementRows,
  type VexStatementRow,
} from './vexStatementRows';

/** Vulnerability ids per `IN (...)` when reading the stored statements. */
const CHUNK = 500;

interface StoredKey {
  id: number | string;
  vuln_id: string;
  product: string;
  subcomponent: string;
  statement_at: Date | string | number;
}

/**
 * VEX statements per entity. An upload is one transaction in the entity's write lock: its
 * statements are stored (a newer one replacing the stored one in place, keeping its id, so
 * findings marked with it stay marked), the entity's findings re-marked and its summary
 * recomputed; a failure leaves all three as they were.
 */
export class DatabaseVexStore implements VexStore {
  constructor(
    private readonly db: Knex,
    private readonly summaries: DatabaseSummaryStore,
  ) {}

  async recordStatements(write: VexWrite): Promise<VexUploadResult> {
    // Validated before the lock: a refused document never waits for it.
    const rows = vexStatementRows(write);
    return entityTransaction(this.db, write.entityRef, async trx => {
      const stored = await this.storedKeys(trx, write.entityRef, rows);
      const storedIds = new Set<number>();
      const storedStatements = new Set<number>();
      for (const { statement, row } of rows) {
        const current = stored.get(statementKey(row));
        if (!current) {
          const [inserted] = await trx('vex_statements')
            .insert(row)
            .returning('id');
          storedIds.add(Number(idOf(inserted)));
        } else if (
          Date.parse(row.statement_at) >
          Date.parse(toIsoTimestamp(current.statement_at))
        ) {
          await trx('vex_statements').where({ id: current.id }).update(row);
          storedIds.add(Number(current.id));
        } else {
          // As new as the stored one or older: the stored statement stands.
          continue;
        }
        storedStatements.add(statement);
      }

      const { changed, assigned } = await applyVexStatements(
        trx,
        write.entityRef,
      );
      if (storedIds.size > 0 || changed > 0) {
        await this.summaries.update(trx, {
          entityRef: write.entityRef,
          changed: await summarizeReports(
            trx,
            write.entityRef,
            this.summaries.options,
          ),
          now: write.now,
        });
      }
      let applied = 0;
      for (const statementId of assigned.values()) {
        if (storedIds.has(statementId)) applied += 1;
      }
      return {
        statements: write.statements.length,
        stored: storedStatements.size,
        applied,
      };
    });
  }

  /** The stored statements under the keys the upload writes. */
  private async storedKeys(
    trx: Knex.Transaction,
    entityRef: string,
    rows: Array<{ row: VexStatementRow }>,
  ): Promise<Map<string, StoredKey>> {
    const vulnIds = [...new Set(rows.map(({ row }) => row.vuln_id))];
    const stored = new Map<string, StoredKey>();
    for (let start = 0; start < vulnIds.length; start += CHUNK) {
      const found: StoredKey[] = await trx('vex_statements')
        .where({ entity_ref: entityRef })
        .whereIn('vuln_id', vulnIds.slice(start, start + CHUNK))
        .select('id', 'vuln_id', 'product', 'subcomponent', 'statement_at');
      for (const key of found) {
        stored.set(statementKey(key), key);
      }
    }
    return stored;
  }
}

/** `returning('id')` answers `{ id }` on PostgreSQL and SQLite alike, but older drivers the id. */
function idOf(inserted: unknown): number | string {
  return typeof inserted === 'object' && inserted !== null
    ? (inserted as { id: number | string }).id
    : (inserted as number | string);
}
