import { InputError } from '@backstage/errors';
import type { ZodError, ZodType, ZodTypeDef } from 'zod';

/** `statements[3].justification`: the spelling a reader finds in the document. */
export function formatPath(path: ReadonlyArray<string | number>): string {
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
 * The whole document is refused (nothing is stored) with the first problem's path: a CI log
 * shows one line, and the first problem is usually the one to fix.
 */
export function refuse(
  label: string,
  path: ReadonlyArray<string | number>,
  message: string,
): InputError {
  const where = path.length === 0 ? '' : `${formatPath(path)}: `;
  return new InputError(`Invalid ${label}: ${where}${message}`);
}

function zodErrorToInputError(error: ZodError, label: string): InputError {
  const [first, ...rest] = error.issues;
  const more =
    rest.length === 0
      ? ''
      : ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'})`;
  return refuse(label, first.path, `${first.message}${more}`);
}

/** Validates with `schema`, throwing an `InputError` that names `label` and the path. */
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
