import { InputError } from '@backstage/errors';
import type {
  ParsedReport,
  ParsedVulnerability,
} from '@posture/backstage-plugin-security-node';
import { requireJsonObject } from '../jsonObject';
import { versionLabel } from '../versionLabel';
import { parseWithSchema } from '../zodError';
import { flattenComponents, toParsedComponent } from './components';
import { cycloneDxSchema, type CdxComponent } from './schema';
import { toParsedVulnerabilities } from './vulnerabilities';

const LABEL = 'CycloneDX document';
/** JSON BOMs exist from 1.2 on; 1.2 to 1.7 share every field read here. */
const SUPPORTED_SPEC_VERSIONS: ReadonlySet<string> = new Set([
  '1.2',
  '1.3',
  '1.4',
  '1.5',
  '1.6',
  '1.7',
]);
const REPO_DIGEST_PROPERTY = 'aquasecurity:trivy:RepoDigest';

function checkSpecVersion(version: unknown): void {
  if (typeof version === 'string' && SUPPORTED_SPEC_VERSIONS.has(version)) {
    return;
  }
  throw new InputError(
    `Unsupported CycloneDX specVersion ${versionLabel(
      version,
    )}; Posture reads CycloneDX 1.2 to 1.7 JSON`,
  );
}

function repoDigestsOf(component: CdxComponent | null | undefined): string[] {
  const digests = new Set<string>();
  for (const property of component?.properties ?? []) {
    if (property.name === REPO_DIGEST_PROPERTY && property.value) {
      digests.add(property.value);
    }
  }
  return [...digests];
}

/**
 * Reads a CycloneDX JSON BOM (1.2 to 1.7), with vulnerabilities when it carries them.
 *
 * Components: every entry of `components`, nested ones included, in document order.
 * `metadata.component` is the subject of the BOM (the image or application itself), not one
 * of its parts, so it is not listed, though vulnerabilities affecting it still resolve.
 * Nothing else is dropped or de-duplicated: operating-system and lockfile (application)
 * components that Trivy writes are parts of the artifact too, and an entry that repeats the
 * subject (Red Hat lists the SRPM both ways) is kept because the BOM lists it as a part.
 * @public
 */
export function parseCycloneDx(document: unknown): ParsedReport {
  requireJsonObject(document, LABEL);
  checkSpecVersion(document.specVersion);
  const bom = parseWithSchema(cycloneDxSchema, document, LABEL);

  const subject = bom.metadata?.component ?? null;
  const components = flattenComponents(bom.components);
  // A Map keeps resolving affects[].ref linear for BOMs with thousands of components.
  const componentsByRef = new Map<string, CdxComponent>();
  for (const component of subject ? [subject, ...components] : components) {
    const ref = component['bom-ref'];
    if (ref && !componentsByRef.has(ref)) {
      componentsByRef.set(ref, component);
    }
  }

  const vulnerabilities: ParsedVulnerability[] = [];
  (bom.vulnerabilities ?? []).forEach((vulnerability, index) => {
    for (const finding of toParsedVulnerabilities(
      vulnerability,
      index,
      componentsByRef,
    )) {
      vulnerabilities.push(finding);
    }
  });

  return {
    format: 'cyclonedx',
    artifact: {
      // Trivy writes the scanned image reference or path here.
      name: subject?.name || null,
      digests: repoDigestsOf(subject),
    },
    generatedAt: bom.metadata?.timestamp || null,
    vulnerabilities,
    components: components.map(toParsedComponent),
    otherFindings: {},
  };
}
