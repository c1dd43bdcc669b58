import { z } from 'zod';

/**
 * The part of `GET /v1/entities/{kind}/{namespace}/{name}/posture` the facts are made of.
 * Checked at run time: the security backend may be a different version than this module.
 */
const postureFactsSourceSchema = z.object({
  grade: z.string().nullable(),
  score: z.number().nullable(),
  // Absent or null from a backend graded before policies existed.
  policy: z.string().nullish().default(null),
  checks: z
    .array(
      z.object({
        check: z.string(),
        status: z.enum(['pass', 'fail', 'missing', 'exempt']),
      }),
    )
    .optional()
    .default([]),
  vulnerabilities: z
    .object({
      critical: z.number().int().nonnegative(),
      high: z.number().int().nonnegative(),
      fixable: z.object({
        critical: z.number().int().nonnegative(),
        high: z.number().int().nonnegative(),
      }),
    })
    .nullable(),
});

/** @public */
export type PostureFactsSource = z.infer<typeof postureFactsSourceSchema>;

/** Parses a posture body; throws a message naming the first field that is not as expected. */
export function parsePostureFactsSource(body: unknown): PostureFactsSource {
  const result = postureFactsSourceSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `unexpected posture response: ${issue.path.join('.') || 'body'}: ${
        issue.message
      }`,
    );
  }
  return result.data;
}
