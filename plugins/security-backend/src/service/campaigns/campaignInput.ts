import { InputError } from '@backstage/errors';
import type { ImpactQuery } from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ResolvedImpactQuery } from '../../database/impact/ImpactStore';
import { parseImpactQuery } from '../impact/parseImpactQuery';

export const TITLE_MIN = 3;
export const TITLE_MAX = 200;
export const NOTE_MAX = 4000;

/** `POST /v1/campaigns`, checked. */
export interface CampaignInputParsed {
  title: string;
  note: string;
  /** YYYY-MM-DD, today (UTC) or later. */
  deadline: string;
  /** The query as sent (only its own keys), stored and parsed again at each recomputation. */
  query: ImpactQuery;
  resolved: ResolvedImpactQuery;
}

/** PostgreSQL text cannot hold NUL: refused here rather than failing the INSERT. */
const withoutNul = (value: string) => !value.includes('\u0000');

const queryValue = z
  .string({ invalid_type_error: 'must be a string' })
  .refine(withoutNul, 'must not contain NUL characters');

const schema = z.object({
  title: z
    .string({
      required_error: 'title is required',
      invalid_type_error: 'title must be a string',
    })
    .trim()
    .min(TITLE_MIN, `title must be ${TITLE_MIN} to ${TITLE_MAX} characters`)
    .max(TITLE_MAX, `title must be ${TITLE_MIN} to ${TITLE_MAX} characters`)
    .refine(withoutNul, 'title must not contain NUL characters'),
  note: z
    .string({ invalid_type_error: 'note must be a string' })
    .trim()
    .max(NOTE_MAX, `note must be at most ${NOTE_MAX} characters`)
    .refine(withoutNul, 'note must not contain NUL characters')
    .optional(),
  deadline: z.string({
    required_error: 'deadline is required (YYYY-MM-DD)',
    invalid_type_error: 'deadline must be a date (YYYY-MM-DD)',
  }),
  query: z
    .object(
      {
        vulnerability: queryValue.optional(),
        package: queryValue.optional(),
        ecosystem: queryValue.optional(),
        version: queryValue.optional(),
        purl: queryValue.optional(),
        image: queryValue.optional(),
      },
      {
        required_error:
          'query is required: one of vulnerability, package, purl or image',
        invalid_type_error:
          'query must be an object with one of vulnerability, package, purl or image',
      },
    )
    // A misspelt key would silently widen or change what the campaign tracks.
    .strict(),
});

function issueMessage(issue: z.ZodIssue): string {
  const path = issue.path.join('.');
  if (issue.code === z.ZodIssueCode.unrecognized_keys) {
    return `${path} has unknown key(s) ${issue.keys.join(
      ', ',
    )}: use vulnerability, package (with ecosystem and version), purl or image`;
  }
  // Messages written above name their field; zod's own ones get the path in front.
  return issue.message.startsWith(path.split('.')[0])
    ? issue.message
    : `${path} ${issue.message}`;
}

function parseDeadline(value: string, now: Date): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? DateTime.fromFormat(value, 'yyyy-MM-dd', { zone: 'utc' })
    : undefined;
  if (!day?.isValid) {
    throw new InputError(
      `deadline "${value.slice(0, 40)}" is not a date: write it as YYYY-MM-DD`,
    );
  }
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
  if (day < today) {
    throw new InputError(
      `deadline ${value} is in the past (today is ${today.toISODate()} UTC)`,
    );
  }
  return value;
}

/** Checks a campaign as sent; a bad value is an InputError naming its field. */
export function parseCampaignInput(
  body: unknown,
  now: Date,
): CampaignInputParsed {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new InputError(issueMessage(result.error.issues[0]));
  }
  const { title, note, deadline, query } = result.data;
  let resolved: ResolvedImpactQuery;
  try {
    resolved = parseImpactQuery(query);
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(`query: ${error.message}`);
    }
    throw error;
  }
  return {
    title,
    note: note ?? '',
    deadline: parseDeadline(deadline, now),
    query: Object.fromEntries(
      Object.entries(query).filter(([, value]) => value !== undefined),
    ) as ImpactQuery,
    resolved,
  };
}
