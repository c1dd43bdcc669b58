import { InputError } from '@backstage/errors';
import type { ImpactQuery } from '@posture/backstage-plugin-security-common';
import { z } from 'zod';
import type {
  ImpactSort,
  ResolvedImpactQuery,
} from '../../database/impact/ImpactStore';
import { decodeCursor } from '../cursor';
import { parseImpactRequest } from './parseImpactQuery';

/** `GET /v1/impact` (or the impact action's input), parsed. */
export interface ImpactListQuery {
  /** What is matched, as the answer echoes it. */
  query: ImpactQuery;
  resolved: ResolvedImpactQuery;
  sort: ImpactSort;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
  format?: 'json' | 'csv';
}

export const DEFAULT_IMPACT_LIMIT = 50;
export const MAX_IMPACT_LIMIT = 500;

const schema = z.object({
  // Owner first by default: a page then holds whole owner groups, as the page shows them.
  sort: z
    .enum(['entity', 'owner', 'matches'], {
      errorMap: () => ({ message: 'must be one of entity, owner, matches' }),
    })
    .default('owner'),
  order: z
    .enum(['asc', 'desc'], {
      errorMap: () => ({ message: 'must be asc or desc' }),
    })
    .optional(),
  format: z
    .enum(['json', 'csv'], {
      errorMap: () => ({ message: 'must be json or csv' }),
    })
    .optional(),
  limit: z.coerce
    .number({ invalid_type_error: 'must be a number' })
    .int()
    .min(1)
    .max(MAX_IMPACT_LIMIT)
    .default(DEFAULT_IMPACT_LIMIT),
  cursor: z.string().optional(),
});

/** Parses the impact parameters and paging; throws InputError naming the parameter. */
export function parseImpactListQuery(
  params: Record<string, unknown>,
): ImpactListQuery {
  const { query, resolved } = parseImpactRequest(params);
  const result = schema.safeParse(params);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid query parameter ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const { sort, order, format, limit, cursor } = result.data;
  return {
    query,
    resolved,
    sort,
    // Most matches first unless asked otherwise; names and owners A to Z.
    order: order ?? (sort === 'matches' ? 'desc' : 'asc'),
    offset: decodeCursor(cursor),
    limit,
    format,
  };
}
