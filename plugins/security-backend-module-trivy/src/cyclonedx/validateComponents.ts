import { InputError } from '@backstage/errors';
import type { ZodIssue } from 'zod';
import { prefixIssues, type IssuePath } from '../chunkedValidation';
import { isJsonObject } from '../jsonObject';
import { ChunkCounter, type Steps } from '../steps';
import { formatIssuePath } from '../zodError';
import {
  childComponentsFieldSchema,
  componentShallowSchema,
  type CdxComponent,
} from './schema';

/**
 * Assemblies nest a few levels (syft and CycloneDX-maven rarely go past five); a BOM nested
 * deeper than this is refused rather than walked, and zod's recursive schema, which would
 * overflow the stack at about a thousand levels, never sees it.
 * @internal
 */
export const MAX_COMPONENT_DEPTH = 64;

function tooDeep(path: IssuePath, label: string): InputError {
  return new InputError(
    `Invalid ${label}: ${formatIssuePath(
      path,
    )} nests components more than ${MAX_COMPONENT_DEPTH} levels deep`,
  );
}

interface Pending {
  value: unknown;
  path: IssuePath;
  depth: number;
}

function childrenOf(
  pending: Pending,
  label: string,
  issues: ZodIssue[],
): Pending[] {
  if (!isJsonObject(pending.value)) {
    return [];
  }
  const children = pending.value.components;
  const path = [...pending.path, 'components'];
  if (!Array.isArray(children)) {
    const result = childComponentsFieldSchema.safeParse(children);
    if (!result.success) {
      issues.push(...prefixIssues(result.error.issues, path));
    }
    return [];
  }
  if (children.length > 0 && pending.depth >= MAX_COMPONENT_DEPTH) {
    throw tooDeep([...path, 0], label);
  }
  return children.map((value, index) => ({
    value,
    path: [...path, index],
    depth: pending.depth + 1,
  }));
}

/**
 * Validates `components` and every nested `components[].components`, depth-first in document
 * order, without recursion, yielding between chunks. Returns the components flattened in
 * that order (what `flattenComponents` gives); issues go to `issues` in the order one
 * recursive `safeParse` would report them.
 * @internal
 */
export function* validateComponents(
  roots: unknown,
  label: string,
  issues: ZodIssue[],
): Steps<CdxComponent[]> {
  const flat: CdxComponent[] = [];
  const counter = new ChunkCounter();
  const stack: Pending[] = childrenOf(
    { value: { components: roots }, path: [], depth: 0 },
    label,
    issues,
  ).reverse();
  while (stack.length > 0) {
    const pending = stack.pop()!;
    const result = componentShallowSchema.safeParse(pending.value);
    if (result.success) {
      flat.push(result.data);
    } else {
      issues.push(...prefixIssues(result.error.issues, pending.path));
    }
    const children = childrenOf(pending, label, issues);
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i]);
    }
    if (counter.tick()) {
      yield;
    }
  }
  return flat;
}

/**
 * Refuses the BOM's subject (`metadata.component`) when its own `components` nest deeper than
 * `MAX_COMPONENT_DEPTH` (counted like the BOM's), walking iteratively, before the recursive
 * schema sees it.
 * @internal
 */
export function checkComponentDepth(
  component: unknown,
  path: IssuePath,
  label: string,
): void {
  const stack: Pending[] = [{ value: component, path, depth: 0 }];
  while (stack.length > 0) {
    const pending = stack.pop()!;
    const children = isJsonObject(pending.value)
      ? pending.value.components
      : undefined;
    if (!Array.isArray(children)) {
      continue;
    }
    const childPath = [...pending.path, 'components'];
    if (children.length > 0 && pending.depth >= MAX_COMPONENT_DEPTH) {
      throw tooDeep([...childPath, 0], label);
    }
    children.forEach((value, index) =>
      stack.push({
        value,
        path: [...childPath, index],
        depth: pending.depth + 1,
      }),
    );
  }
}
