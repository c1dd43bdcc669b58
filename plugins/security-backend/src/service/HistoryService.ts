import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { HistoryListResponse } from '@posture/backstage-plugin-security-common';
import { z } from 'zod';
import type { DatabaseFleetStore } from '../database/DatabaseFleetStore';
import type { EntityAccess, EntityName } from './EntityAccess';
import { addDays, utcDay } from './fleet/utcDays';

export const DEFAULT_HISTORY_DAYS = 90;
export const MAX_HISTORY_DAYS = 400;

const historyQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_HISTORY_DAYS)
    .default(DEFAULT_HISTORY_DAYS),
});

/** `?days=N`: whole days, 1 to 400, 90 when absent. */
export function parseHistoryDays(query: unknown): number {
  const result = historyQuery.safeParse(query);
  if (!result.success) {
    throw new InputError(
      `Invalid query parameter days: must be a whole number from 1 to ${MAX_HISTORY_DAYS}`,
    );
  }
  return result.data.days;
}

/** Reads of an entity's daily posture snapshots (`GET .../history`). */
export class HistoryService {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      store: Pick<DatabaseFleetStore, 'readHistory'>;
      now?: () => Date;
    },
  ) {}

  /** The last `days` days (today, UTC, included), oldest first; only days with a snapshot. */
  async getHistory(
    name: EntityName,
    days: number,
    credentials: BackstageCredentials,
  ): Promise<HistoryListResponse> {
    const { entityRef } = await this.deps.access.authorizeRead(
      name,
      credentials,
    );
    const today = utcDay(this.deps.now?.() ?? new Date());
    return {
      items: await this.deps.store.readHistory({
        entityRef,
        from: addDays(today, -(days - 1)),
      }),
    };
  }
}
