import { InputError } from '@backstage/errors';

/** A parsed JSON value that is an object (not an array, not null). */
export type JsonObject = Record<string, unknown>;

/** @internal */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonValue(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  return `a ${typeof value}`;
}

/**
 * Every supported format is a JSON object at the top level; saying what arrived instead
 * (an array is what Trivy before 0.20 wrote) helps more than a schema error would.
 * @internal
 */
export function requireJsonObject(
  document: unknown,
  label: string,
): asserts document is JsonObject {
  if (!isJsonObject(document)) {
    throw new InputError(
      `Invalid ${label}: expected a JSON object, received ${describeJsonValue(
        document,
      )}`,
    );
  }
}
