import { z } from 'zod';

/*
 * ISO 8601 date-times as VEX tools write them (RFC 3339, fractions of any length: Go writes
 * nanoseconds), or a bare date. `Date.parse` alone would also take `"1"` or `"May 5"`.
 */
const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** The instant `value` names, as ISO milliseconds UTC; null when it is no ISO 8601 time. */
export function toIsoInstant(value: string): string | null {
  const trimmed = value.trim();
  if (!ISO_8601.test(trimmed)) {
    return null;
  }
  const millis = Date.parse(trimmed);
  return Number.isNaN(millis) ? null : new Date(millis).toISOString();
}

/** An optional ISO 8601 timestamp field, read as ISO milliseconds UTC. */
export const optionalTimestamp = z
  .string({ invalid_type_error: 'expected an ISO 8601 timestamp string' })
  .transform((value, ctx) => {
    const instant = toIsoInstant(value);
    if (instant === null) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `"${value.slice(
          0,
          64,
        )}" is not an ISO 8601 timestamp (e.g. 2024-05-01T12:00:00Z)`,
      });
      return z.NEVER;
    }
    return instant;
  })
  .nullish();
