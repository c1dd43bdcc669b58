import { InputError } from '@backstage/errors';
import {
  SEVERITIES,
  type Severity,
} from '@posture/backstage-plugin-security-common';
import { z } from 'zod';
import type {
  ComponentQuery,
  VulnerabilityQuery,
} from '../database/PostureStore';
import { decodeCursor } from './cursor';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

const list = z.string().transform(value =>
  value
    .split(',')
    .map(s => s.trim())
    .filter(Boolean),
);

const paging = {
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  cursor: z.string().optional(),
};

const vulnerabilityQuerySchema = z.object({
  severity: list
    .refine(
      values =>
        values.every(v => (SEVERITIES as readonly string[]).includes(v)),
      {
        message: `each severity must be one of ${SEVERITIES.join(', ')}`,
      },
    )
    .optional(),
  fixable: z.enum(['true', 'false']).optional(),
  status: list.optional(),
  q: z.string().max(200).optional(),
  sort: z
    .enum(['risk', 'severity', 'cvss', 'package', 'published'], {
      errorMap: () => ({
        message: 'must be one of risk, severity, cvss, package, published',
      }),
    })
    .optional(),
  vex: z
    .enum(['open', 'not-affected', 'all'], {
      errorMap: () => ({ message: 'must be one of open, not-affected, all' }),
    })
    .optional(),
  kev: z
    .enum(['true'], {
      errorMap: () => ({ message: 'must be true (or left out)' }),
    })
    .optional(),
  minEpss: z
    .string()
    .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, 'must be a number from 0 to 1')
    .transform(Number)
    .optional(),
  order: z.enum(['asc', 'desc']).optional(),
  ...paging,
});

const componentQuerySchema = z.object({
  q: z.string().max(200).optional(),
  license: z.string().max(200).optional(),
  ...paging,
});

function parse<T extends z.ZodTypeAny>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(
      `Invalid query parameter ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return result.data;
}

export function parseVulnerabilityQuery(query: unknown): VulnerabilityQuery {
  const q = parse(vulnerabilityQuerySchema, query);
  return {
    severities: q.severity as Severity[] | undefined,
    fixable: q.fixable === undefined ? undefined : q.fixable === 'true',
    statuses: q.status,
    text: q.q?.trim() || undefined,
    vex: q.vex ?? 'open',
    kev: q.kev === 'true' ? true : undefined,
    minEpss: q.minEpss,
    sort: q.sort ?? 'risk',
    order: q.order,
    offset: decodeCursor(q.cursor),
    limit: q.limit,
  };
}

export function parseComponentQuery(query: unknown): ComponentQuery {
  const q = parse(componentQuerySchema, query);
  return {
    text: q.q?.trim() || undefined,
    license: q.license,
    offset: decodeCursor(q.cursor),
    limit: q.limit,
  };
}
