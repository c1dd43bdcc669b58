import type {
  ImpactQuery,
  SbomComponentItem,
  VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import { PackageURL } from 'packageurl-js';

/** Every service with the same advisory (the backend matches its aliases too). */
export function findingImpactQuery(finding: VulnerabilityItem): ImpactQuery {
  return { vulnerability: finding.id };
}

/**
 * Every service with the same package, whatever its version: the component's purl without
 * version, qualifiers and subpath (which differ between images of the same package), or its
 * name when it has no purl a purl library can read.
 */
export function componentImpactQuery(
  component: SbomComponentItem,
): ImpactQuery {
  if (component.purl) {
    try {
      const purl = PackageURL.fromString(component.purl);
      return {
        purl: new PackageURL(purl.type, purl.namespace, purl.name).toString(),
      };
    } catch {
      // Not a purl after all: the name still finds the package.
    }
  }
  return { package: component.name };
}
