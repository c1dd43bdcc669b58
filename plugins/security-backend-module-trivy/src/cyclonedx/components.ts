import type { ParsedComponent } from '@posture/backstage-plugin-security-node';
import type { CdxComponent, CdxLicenseChoice } from './schema';

/**
 * Every component of the BOM in document order, nested `components[].components` included
 * (assemblies list their parts there; CycloneDX-maven and syft nest, Trivy does not).
 * Iterative so a deeply nested BOM cannot exhaust the call stack.
 * @internal
 */
export function flattenComponents(
  components: readonly CdxComponent[] | null | undefined,
): CdxComponent[] {
  const flat: CdxComponent[] = [];
  const stack: CdxComponent[] = [...(components ?? [])].reverse();
  while (stack.length > 0) {
    const component = stack.pop()!;
    flat.push(component);
    const children = component.components ?? [];
    for (let i = children.length - 1; i >= 0; i--) {
      stack.push(children[i]);
    }
  }
  return flat;
}

/** `{license:{id}}`, `{license:{name}}` or `{expression}`: all three are licence statements. */
export function licensesOf(
  choices: readonly CdxLicenseChoice[] | null | undefined,
): string[] {
  const licenses: string[] = [];
  for (const choice of choices ?? []) {
    const value =
      choice.license?.id || choice.license?.name || choice.expression;
    if (value && !licenses.includes(value)) {
      licenses.push(value);
    }
  }
  return licenses;
}

/** @internal */
export function toParsedComponent(component: CdxComponent): ParsedComponent {
  return {
    name: component.name,
    version: component.version || null,
    purl: component.purl || null,
    type: component.type || null,
    licenses: licensesOf(component.licenses),
  };
}
