import { isJsonObject } from './jsonObject';

/**
 * Shape sniffing only: a document that claims a format but is malformed is still detected, so
 * that its parser can say what is wrong (e.g. an unsupported version) instead of the upload
 * being answered with "unrecognised report".
 */

/** A Trivy JSON report: `SchemaVersion` plus `ArtifactName` or `Results`. @public */
export function isTrivyReport(document: unknown): boolean {
  return (
    isJsonObject(document) &&
    'SchemaVersion' in document &&
    ('ArtifactName' in document || 'Results' in document)
  );
}

/** A CycloneDX JSON BOM. @public */
export function isCycloneDxDocument(document: unknown): boolean {
  return isJsonObject(document) && document.bomFormat === 'CycloneDX';
}

/** An SPDX JSON document (2.x; SPDX 3 is JSON-LD and has no `spdxVersion`). @public */
export function isSpdxDocument(document: unknown): boolean {
  return (
    isJsonObject(document) &&
    typeof document.spdxVersion === 'string' &&
    document.spdxVersion.startsWith('SPDX-')
  );
}

/**
 * Wraps a sniffing predicate so it honours the `detect` contract (never throw) even for a
 * hostile value such as a proxy or an object with a throwing getter.
 * @internal
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

/** The format of `document` among those this module reads, or null. Never throws. @public */
export function detectFormat(
  document: unknown,
): 'trivy' | 'cyclonedx' | 'spdx' | null {
  if (neverThrows(isTrivyReport)(document)) {
    return 'trivy';
  }
  if (neverThrows(isCycloneDxDocument)(document)) {
    return 'cyclonedx';
  }
  if (neverThrows(isSpdxDocument)(document)) {
    return 'spdx';
  }
  return null;
}
