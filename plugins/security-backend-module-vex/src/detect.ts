import { isJsonObject } from './jsonObject';

/**
 * Shape sniffing only, so that a document that claims to be VEX but is malformed reaches its
 * parser, which says what is wrong, instead of being read as a report or refused as unknown.
 */

/** An OpenVEX document: `@context` under `https://openvex.dev/ns` (any version). @public */
export function isOpenVexDocument(document: unknown): boolean {
  return (
    isJsonObject(document) &&
    typeof document['@context'] === 'string' &&
    document['@context'].startsWith('https://openvex.dev/ns')
  );
}

/**
 * A CycloneDX VEX document: a BOM whose vulnerabilities carry an `analysis` and which lists
 * no components. A BOM with components is an SBOM or a scan (the report formats read it),
 * even when its vulnerabilities are analysed.
 * @public
 */
export function isCycloneDxVexDocument(document: unknown): boolean {
  if (!isJsonObject(document) || document.bomFormat !== 'CycloneDX') {
    return false;
  }
  const { vulnerabilities, components } = document;
  const noComponents =
    components === undefined ||
    components === null ||
    (Array.isArray(components) && components.length === 0);
  return (
    noComponents &&
    Array.isArray(vulnerabilities) &&
    vulnerabilities.some(v => isJsonObject(v) && isJsonObject(v.analysis))
  );
}

/**
 * Wraps a sniffing predicate so it honours the `detect` contract (never throw) even for a
 * hostile value such as a proxy or an object with a throwing getter.
 */
export function neverThrows(
  predicate: (document: unknown) => boolean,
): (document: unknown) => boolean {
  return document => {
    try {
      return predicate(document);
    } catch {
      return false;
    }
  };
}
