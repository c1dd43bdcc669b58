import type { Knex } from 'knex';
import type { DatabaseSummaryStore } from './DatabaseSummaryStore';
import type { VexStore } from './PostureStore';

// Contract for #14: implemented by the VEX work.
export class DatabaseVexStore implements VexStore {
  constructor(
    private readonly db: Knex,
    private readonly summaries: DatabaseSummaryStore,
  ) {}
  recordStatements(): never {
    throw new Error(
      `not implemented yet (${typeof this.db}${typeof this.summaries})`,
    );
  }
}
