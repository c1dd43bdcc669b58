import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  POLICY_CHECKS,
  type PolicyCheckId,
  type ScorecardGroupBy,
} from '@posture/backstage-plugin-security-common';
import { z } from 'zod';
import type {
  GradeFilter,
  ScorecardFilters,
} from '../../database/scorecardQueries';

/** `GET /v1/scorecards`, parsed. */
export interface ScorecardQuery {
  groupBy: ScorecardGroupBy;
  /** The canonical ref of the owner, system or domain drilled into. */
  group?: string;
  filters: ScorecardFilters;
  days: number;
  format?: 'json' | 'csv';
}

export const DEFAULT_TREND_DAYS = 90;
export const MAX_TREND_DAYS = 400;

const text = z.string().trim().min(1).max(255).optional();

const schema = z.object({
  groupBy: z.enum(['owner', 'system', 'domain']).default('owner'),
  group: z.string().trim().min(1).max(255).optional(),
  kind: text,
  lifecycle: text,
  tag: text,
  grade: z.enum(['A', 'B', 'C', 'D', 'F', 'none']).optional(),
  check: z
    .enum(POLICY_CHECKS as [PolicyCheckId, ...PolicyCheckId[]])
    .optional(),
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_TREND_DAYS)
    .default(DEFAULT_TREND_DAYS),
  format: z.enum(['json', 'csv']).optional(),
});

/** The kinds a `group` may name, per grouping; the first is assumed when none is written. */
const GROUP_KINDS: Record<ScorecardGroupBy, string[]> = {
  owner: ['group', 'user'],
  system: ['system'],
  domain: ['domain'],
};

function groupRef(groupBy: ScorecardGroupBy, value: string): string {
  const kinds = GROUP_KINDS[groupBy];
  let ref;
  try {
    ref = parseEntityRef(value, {
      defaultKind: kinds[0],
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `Invalid query parameter group: ${(error as Error).message}`,
    );
  }
  if (!kinds.includes(ref.kind.toLowerCase())) {
    throw new InputError(
      `Invalid query parameter group: ${value} is a ${
        ref.kind
      }, but grouping by ${groupBy} drills into a ${kinds.join(' or ')}`,
    );
  }
  return stringifyEntityRef(ref);
}

/** Parses and checks the query; a bad value is a 400 naming its parameter. */
export function parseScorecardQuery(query: unknown): ScorecardQuery {
  const result = schema.safeParse(query);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid query parameter ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  const q = result.data;
  return {
    groupBy: q.groupBy,
    group: q.group === undefined ? undefined : groupRef(q.groupBy, q.group),
    filters: {
      kind: q.kind,
      lifecycle: q.lifecycle,
      tag: q.tag,
      grade: q.grade as GradeFilter | undefined,
      check: q.check,
    },
    days: q.days,
    format: q.format,
  };
}
