import { parseVexProduct } from '@posture/backstage-plugin-security-common';
import type { OpenVexComponent } from './schema';

/** OpenVEX hash labels (IANA names) of a sha256 digest. */
const SHA256_LABELS = ['sha-256', 'sha256'];

function sha256Of(component: OpenVexComponent): string | undefined {
  for (const label of SHA256_LABELS) {
    const hex = component.hashes?.[label]?.trim().toLowerCase();
    if (hex && /^[0-9a-f]{64}$/.test(hex)) {
      return `sha256:${hex}`;
    }
  }
  return undefined;
}

/**
 * The one identifier a product is stored and matched by. A product may carry several (an IRI
 * `@id`, a purl, CPEs, hashes): the first that names a container image wins, so an `@id` that
 * is a document-local IRI does not hide an image purl in `identifiers`; when none names an
 * image, the first given (the statement then applies to no finding, and says so when listed).
 * Undefined: the product names nothing.
 */
export function productId(component: OpenVexComponent): string | undefined {
  const candidates = [
    component['@id'],
    component.identifiers?.purl,
    sha256Of(component),
    component.identifiers?.cpe23,
    component.identifiers?.cpe22,
  ].filter((c): c is string => Boolean(c));
  const image = candidates.find(c => {
    const named = parseVexProduct(c);
    return named.repository !== null || named.digest !== null;
  });
  return image ?? candidates[0];
}

/**
 * A subcomponent is matched against findings' package purls: its purl (in `@id` or
 * `identifiers`) when it has one, else the first identifier given.
 */
export function subcomponentId(
  component: OpenVexComponent,
): string | undefined {
  const candidates = [
    component['@id'],
    component.identifiers?.purl,
    component.identifiers?.cpe23,
    component.identifiers?.cpe22,
    sha256Of(component),
  ].filter((c): c is string => Boolean(c));
  return candidates.find(c => c.startsWith('pkg:')) ?? candidates[0];
}
