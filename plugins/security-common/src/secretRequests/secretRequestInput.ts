import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { z } from 'zod';
import type { SecretRequestInput, SecretRequestKind } from '../types';

const KINDS = [
  'kv',
  'database-role',
] as const satisfies readonly SecretRequestKind[];

/** What a request may provision, in the order the form offers them. @public */
export const SECRET_REQUEST_KINDS: readonly SecretRequestKind[] = KINDS;

/**
 * A secret's name: one path segment, so it can never climb out of (or reach into) another
 * service's folder. Letters, digits, `-` and `_` only, hence no `.`, `..` or separators.
 * @public
 */
export const SECRET_REQUEST_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Bounds of the request fields, for the form's hints and the server's checks. @public */
export const SECRET_REQUEST_LIMITS = {
  nameMax: 64,
  rotationPeriodDaysMin: 1,
  rotationPeriodDaysMax: 365,
  justificationMin: 10,
  justificationMax: 2000,
} as const;

const L = SECRET_REQUEST_LIMITS;

/** `kind:namespace/name`, each part present, as the catalog stringifies a ref. */
const FULL_ENTITY_REF = /^[^:/]+:[^:/]+\/[^:/]+$/;

const entityRef = z
  .string({
    required_error: 'entityRef is required',
    invalid_type_error:
      'entityRef must be an entity ref such as component:default/payments',
  })
  .trim()
  .refine(value => !value.includes('\u0000'), {
    message: 'entityRef must not contain NUL characters',
  })
  .refine(
    value => {
      if (!FULL_ENTITY_REF.test(value)) {
        return false;
      }
      try {
        parseEntityRef(value);
        return true;
      } catch {
        return false;
      }
    },
    {
      message:
        'entityRef must be a full entity ref such as component:default/payments',
    },
  )
  .transform(value => stringifyEntityRef(parseEntityRef(value)));

const kind = z.enum(KINDS, {
  errorMap: () => ({
    message: `kind must be one of ${SECRET_REQUEST_KINDS.join(', ')}`,
  }),
});

const nameMessage = `name must be 1 to ${L.nameMax} letters, digits, - or _ (no dots or slashes)`;
const name = z
  .string({
    required_error: 'name is required',
    invalid_type_error: nameMessage,
  })
  .regex(SECRET_REQUEST_NAME_PATTERN, nameMessage);

const rotationMessage = `rotationPeriodDays must be a whole number of days from ${L.rotationPeriodDaysMin} to ${L.rotationPeriodDaysMax}`;
const rotationPeriodDays = z
  .number({
    required_error: 'rotationPeriodDays is required',
    invalid_type_error: rotationMessage,
  })
  .int(rotationMessage)
  .min(L.rotationPeriodDaysMin, rotationMessage)
  .max(L.rotationPeriodDaysMax, rotationMessage);

const justificationMessage = `justification must be ${L.justificationMin} to ${L.justificationMax} characters (not counting surrounding spaces)`;
const justification = z
  .string({
    required_error: 'justification is required',
    invalid_type_error: justificationMessage,
  })
  .refine(value => !value.includes('\u0000'), {
    message: 'justification must not contain NUL characters',
  })
  .transform(value => value.trim())
  .pipe(
    z
      .string()
      .min(L.justificationMin, justificationMessage)
      .max(L.justificationMax, justificationMessage),
  );

/**
 * A secret request as the form and the server both validate it (one schema). Strict: a field
 * it does not know, such as a `value`, is refused, since nobody ever sends a secret's value.
 * Parsing trims the justification and canonicalises the entity ref.
 * @public
 */
export const secretRequestInputSchema = z
  .object({ entityRef, kind, name, rotationPeriodDays, justification })
  .strict();

/** One refused field and why, in words a person can act on. @public */
export interface SecretRequestInputProblem {
  /** The field (`entityRef`, `name`, ...), or `''` for the body as a whole. */
  field: string;
  message: string;
}

/** The outcome of validating a request body. @public */
export type SecretRequestInputResult =
  | { success: true; data: SecretRequestInput }
  | { success: false; problems: SecretRequestInputProblem[] };

/**
 * Validates a request body with {@link secretRequestInputSchema}, answering each refused field
 * with its message (the first per field), for the form's field errors and the server's 400.
 * @public
 */
export function validateSecretRequestInput(
  body: unknown,
): SecretRequestInputResult {
  const parsed = secretRequestInputSchema.safeParse(body);
  if (parsed.success) {
    return { success: true, data: parsed.data };
  }
  const problems: SecretRequestInputProblem[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      problems.push({
        field: '',
        message: `unknown field(s) ${issue.keys.join(
          ', ',
        )}: a request never carries a value; send only entityRef, kind, name, rotationPeriodDays and justification`,
      });
      continue;
    }
    if (issue.code === 'invalid_type' && issue.path.length === 0) {
      problems.push({
        field: '',
        message:
          'the request must be a JSON object with entityRef, kind, name, rotationPeriodDays and justification',
      });
      continue;
    }
    const field = String(issue.path[0] ?? '');
    if (!problems.some(p => p.field === field)) {
      problems.push({ field, message: issue.message });
    }
  }
  return { success: false, problems };
}
