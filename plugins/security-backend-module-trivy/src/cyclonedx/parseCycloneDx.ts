import { InputError } from '@backstage/errors';
import type {
  ParsedReport,
  ParsedVulnerability,
} from '@posture/backstage-plugin-security-node';
import type { ZodIssue } from 'zod';
import {
  prefixIssues,
  throwIfIssues,
  validateArrayInChunks,
} from '../chunkedValidation';
import { isJsonObject, requireJsonObject } from '../jsonObject';
import {
  ChunkCounter,
  mapInChunks,
  runSync,
  runYielding,
  type Steps,
} from '../steps';
import { versionLabel } from '../versionLabel';
import { toParsedComponent } from './components';
import {
  cycloneDxHeadSchema,
  cycloneDxSchema,
  vulnerabilityChunkSchema,
  type CdxComponent,
  type CdxVulnerability,
} from './schema';
import { checkComponentDepth, validateComponents } from './validateComponents';
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
  return runSync(parseSteps(document));
}

/**
 * `parseCycloneDx` handing the event loop back between chunks of components and
 * vulnerabilities, for ingestion.
 * @internal
 */
export function parseCycloneDxYielding(
  document: unknown,
): Promise<ParsedReport> {
  return runYielding(parseSteps(document));
}

/** What `cycloneDxSchema.safeParse` would say, one chunk at a time. */
function* validate(document: Record<string, unknown>): Steps<{
  metadata: NonNullable<(typeof cycloneDxSchema._output)['metadata']> | null;
  components: CdxComponent[];
  vulnerabilities: CdxVulnerability[];
}> {
  const metadata = document.metadata;
  if (isJsonObject(metadata)) {
    checkComponentDepth(metadata.component, ['metadata', 'component'], LABEL);
  }
  const issues: ZodIssue[] = [];
  const head = cycloneDxHeadSchema.safeParse(document);
  if (!head.success) {
    issues.push(...head.error.issues);
  }
  const components = yield* validateComponents(
    document.components,
    LABEL,
    issues,
  );
  let vulnerabilities: CdxVulnerability[] = [];
  if (Array.isArray(document.vulnerabilities)) {
    vulnerabilities = yield* validateArrayInChunks(
      document.vulnerabilities,
      vulnerabilityChunkSchema,
      ['vulnerabilities'],
      issues,
    );
  } else {
    const field = cycloneDxSchema.shape.vulnerabilities.safeParse(
      document.vulnerabilities,
    );
    if (!field.success) {
      issues.push(...prefixIssues(field.error.issues, ['vulnerabilities']));
    }
  }
  throwIfIssues(issues, LABEL);
  return {
    metadata: head.success ? head.data.metadata ?? null : null,
    components,
    vulnerabilities,
  };
}

function* parseSteps(document: unknown): Steps<ParsedReport> {
  requireJsonObject(document, LABEL);
  checkSpecVersion(document.specVersion);
  const bom = yield* validate(document);
  const subject = bom.metadata?.component ?? null;
  const components = bom.components;
  const counter = new ChunkCounter();
  // A Map keeps resolving affects[].ref linear for BOMs with thousands of components.
  const componentsByRef = new Map<string, CdxComponent>();
  for (const component of subject ? [subject, ...components] : components) {
    const ref = component['bom-ref'];
    if (ref && !componentsByRef.has(ref)) {
      componentsByRef.set(ref, component);
    }
    if (counter.tick()) {
      yield;
    }
  }
  const vulnerabilities: ParsedVulnerability[] = [];
  for (let index = 0; index < bom.vulnerabilities.length; index++) {
    const findings = toParsedVulnerabilities(
      bom.vulnerabilities[index],
      index,
      componentsByRef,
    );
    for (const finding of findings) {
      vulnerabilities.push(finding);
    }
    if (counter.tick(1 + findings.length)) {
      yield;
    }
  }
  const parsedComponents = yield* mapInChunks(components, toParsedComponent);

  return {
    format: 'cyclonedx',
    artifact: {
      // Trivy writes the scanned image reference or path here.
      name: subject?.name || null,
      digests: repoDigestsOf(subject),
    },
    generatedAt: bom.metadata?.timestamp || null,
    vulnerabilities,
    components: parsedComponents,
    otherFindings: {},
  };
}
