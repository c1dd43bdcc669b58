import type { CycloneDxComponent } from './schema';

const DIGEST = /^sha256:[0-9a-f]{64}$/i;

/**
 * The product an `affects[].ref` names, as stored and matched: the metadata component's purl
 * when the ref is its `bom-ref` (else its name with version, as an image reference: `@` before
 * a digest, `:` before a tag); any other ref (a purl, a `urn:cdx:` BOM-link, an image
 * reference) as written.
 */
export function productOfRef(
  ref: string,
  component: CycloneDxComponent | null | undefined,
): string {
  if (!component || component['bom-ref'] !== ref) {
    return ref;
  }
  if (component.purl) {
    return component.purl;
  }
  if (!component.name) {
    return ref;
  }
  if (!component.version) {
    return component.name;
  }
  const separator = DIGEST.test(component.version) ? '@' : ':';
  return `${component.name}${separator}${component.version}`;
}
