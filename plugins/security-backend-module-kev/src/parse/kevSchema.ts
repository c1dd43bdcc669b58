import { z } from 'zod';

/** As the catalog's own schema has it: 4 to 19 digits, which also fits the 32-character column. */
const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** YYYY-MM-DD naming a day that exists (no 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

const quoted = (value: string) =>
  JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

const date = z.string().refine(isCalendarDate, 'expected YYYY-MM-DD');

/** Bounded by the columns the backend stores them in. */
const name = z.string().max(255);

/** Text the catalog may leave out; stored as ''. */
const optionalText = z
  .string()
  .nullish()
  .transform(value => value ?? '');

/** Upper-cased and trimmed; the message quotes the id as written. */
const cveId = z
  .string()
  .superRefine((value, ctx) => {
    if (!CVE_ID.test(value.trim().toUpperCase())) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `${quoted(value)} is not a CVE id (CVE-YYYY-NNNN)`,
      });
    }
  })
  .transform(value => value.trim().toUpperCase());

const entry = z.object({
  cveID: cveId,
  vendorProject: name,
  product: name,
  vulnerabilityName: z.string(),
  dateAdded: date,
  // CISA's schema requires it, but an entry without one is still worth its mark.
  dueDate: z
    .string()
    .nullish()
    .refine(
      value => !value || isCalendarDate(value),
      'expected YYYY-MM-DD or nothing',
    )
    .transform(value => (value ? value : null)),
  knownRansomwareCampaignUse: z.string().nullish(),
  shortDescription: optionalText,
  requiredAction: optionalText,
  notes: optionalText,
});

/** One entry of the catalog as validated, before mapping. */
export type KevDocumentEntry = z.output<typeof entry>;

/**
 * The catalog as CISA publishes it (`known_exploited_vulnerabilities_schema.json`), with
 * the checks that keep a broken download from replacing a good catalog: the stated count
 * must match the list, and an empty list is refused rather than clearing every mark.
 */
export const kevDocument = z
  .object({
    catalogVersion: z.string().min(1).max(64),
    dateReleased: z
      .string()
      .refine(
        value => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
        'expected an ISO 8601 date-time',
      ),
    count: z.number().int().nonnegative(),
    vulnerabilities: z
      .array(entry)
      .min(1, 'the catalog lists no vulnerabilities'),
  })
  .superRefine((catalog, ctx) => {
    if (catalog.count !== catalog.vulnerabilities.length) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['count'],
        message: `says ${catalog.count} but vulnerabilities holds ${catalog.vulnerabilities.length}`,
      });
    }
  });

const article = (type: string) =>
  /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;

/**
 * Plain messages for the commonest problems: `required`, `expected a string, got number`.
 * Everything else keeps zod's own wording.
 */
export const kevErrorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.invalid_type) {
    return {
      message:
        issue.received === 'undefined'
          ? 'required'
          : `expected ${article(issue.expected)}, got ${issue.received}`,
    };
  }
  return { message: ctx.defaultError };
};
