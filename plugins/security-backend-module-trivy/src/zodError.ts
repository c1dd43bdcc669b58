import { InputError } from '@backstage/errors';
import type { ZodError, ZodType, ZodTypeDef } from 'zod';

/** `Results[0].Vulnerabilities[3].Severity`: the spelling a reader finds in the document. */
export function formatIssuePath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      out += out === '' ? segment : `.${segment}`;
    }
  }
  return out;
}

/**
 * Names the format, the first offending path and zod's reason; the rest are only counted,
 * because a CI log shows one line and the first problem is usually the one to fix.
 */
export function zodErrorToInputError(
  error: ZodError,
  label: string,
): InputError {
  const [first, ...rest] = error.issues;
  const path = formatIssuePath(first.path);
  const where = path === '' ? '' : `${path}: `;
  const more =
    rest.length === 0
      ? ''
      : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
  return new InputError(`Invalid ${label}: ${where}${first.message}${more}`);
}

/** Validates with `schema`, throwing an `InputError` that names `label` on failure. */
export function parseWithSchema<T>(
  schema: ZodType<T, ZodTypeDef, unknown>,
  document: unknown,
  label: string,
): T {
  const result = schema.safeParse(document);
  if (!result.success) {
    throw zodErrorToInputError(result.error, label);
  }
  return result.data;
}
