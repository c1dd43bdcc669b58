import {
  z,
  ZodError,
  type AnyZodObject,
  type ZodIssue,
  type ZodTypeAny,
} from 'zod';
import { CHUNK_SIZE, type Steps } from './steps';
import { zodErrorToInputError } from './zodError';

/** @internal */
export type IssuePath = ReadonlyArray<string | number>;

/** @internal */
export function prefixIssues(
  issues: readonly ZodIssue[],
  prefix: IssuePath,
): ZodIssue[] {
  return issues.map(issue => ({ ...issue, path: [...prefix, ...issue.path] }));
}

/** Throws the same `InputError` one whole-document `safeParse` would have given. @internal */
export function throwIfIssues(issues: ZodIssue[], label: string): void {
  if (issues.length > 0) {
    throw zodErrorToInputError(new ZodError(issues), label);
  }
}

/**
 * Validates `items` against `z.array(element)` one chunk at a time, collecting the issues
 * with their full paths; returns the parsed elements (meaningful only when none failed).
 * @internal
 */
export function* validateArrayInChunks<T>(
  items: readonly unknown[],
  chunkSchema: z.ZodArray<z.ZodType<T, z.ZodTypeDef, unknown>>,
  path: IssuePath,
  issues: ZodIssue[],
): Steps<T[]> {
  const parsed: T[] = [];
  for (let start = 0; start < items.length; start += CHUNK_SIZE) {
    const result = chunkSchema.safeParse(
      items.slice(start, start + CHUNK_SIZE),
    );
    if (result.success) {
      for (const item of result.data) {
        parsed.push(item);
      }
    } else {
      for (const issue of result.error.issues) {
        const [index, ...rest] = issue.path;
        issues.push({
          ...issue,
          path: [...path, start + (index as number), ...rest],
        });
      }
    }
    yield;
  }
  return parsed;
}

/**
 * An object schema whose large array fields are validated in chunks: `head` is the schema
 * with those fields as `z.unknown()`, built once here rather than per document.
 * @internal
 */
export interface ChunkedObjectSpec {
  schema: AnyZodObject;
  head: AnyZodObject;
  keyOrder: ReadonlyMap<string, number>;
  arrays: ReadonlyMap<string, z.ZodArray<ZodTypeAny>>;
}

/** @internal */
export function chunkedObjectSpec(
  schema: AnyZodObject,
  elements: Record<string, ZodTypeAny>,
): ChunkedObjectSpec {
  const unknowns = Object.fromEntries(
    Object.keys(elements).map(key => [key, z.unknown()]),
  );
  return {
    schema,
    head: schema.extend(unknowns),
    keyOrder: new Map(Object.keys(schema.shape).map((key, i) => [key, i])),
    arrays: new Map(
      Object.entries(elements).map(([key, element]) => [key, z.array(element)]),
    ),
  };
}

/**
 * Validates `value` as `spec.schema` would, with the issues in the order zod gives them
 * (object keys in shape order, elements in index order), yielding between chunks of the
 * large arrays. Returns the parsed object, or undefined when any issue was found.
 * @internal
 */
export function* validateObjectInChunks(
  spec: ChunkedObjectSpec,
  value: unknown,
  path: IssuePath,
  issues: ZodIssue[],
): Steps<Record<string, unknown> | undefined> {
  const head = spec.head.safeParse(value);
  const own: ZodIssue[] = head.success ? [] : [...head.error.issues];
  if (!head.success && own.some(issue => issue.path.length === 0)) {
    // Not an object at all: nothing inside to look at.
    issues.push(...prefixIssues(own, path));
    return undefined;
  }
  const object = value as Record<string, unknown>;
  const data = head.success ? { ...head.data } : undefined;
  for (const [key, chunkSchema] of spec.arrays) {
    const field = object[key];
    if (Array.isArray(field)) {
      const parsed = yield* validateArrayInChunks(
        field,
        chunkSchema,
        [key],
        own,
      );
      if (data) {
        data[key] = parsed;
      }
    } else {
      // null, absent or the wrong type: cheap, and the field's own schema words the issue.
      const result = spec.schema.shape[key].safeParse(field);
      if (!result.success) {
        own.push(...prefixIssues(result.error.issues, [key]));
      }
    }
  }
  const ordered = own
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        keyRank(spec, a.issue) - keyRank(spec, b.issue) || a.index - b.index,
    )
    .map(({ issue }) => issue);
  issues.push(...prefixIssues(ordered, path));
  return ordered.length === 0 ? data : undefined;
}

function keyRank(spec: ChunkedObjectSpec, issue: ZodIssue): number {
  return spec.keyOrder.get(String(issue.path[0])) ?? spec.keyOrder.size;
}
