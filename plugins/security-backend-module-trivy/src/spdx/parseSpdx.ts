import { InputError } from '@backstage/errors';
import type { ParsedReport } from '@posture/backstage-plugin-security-node';
import { requireJsonObject } from '../jsonObject';
import { versionLabel } from '../versionLabel';
import { describedRootPackageId } from './describedRoot';
import { repoDigestsOf, toParsedComponent } from './packages';
import type { ZodIssue } from 'zod';
import { throwIfIssues, validateObjectInChunks } from '../chunkedValidation';
import { mapInChunks, runSync, runYielding, type Steps } from '../steps';
import { spdxChunkedSpec, type SpdxDocument } from './schema';

const LABEL = 'SPDX document';
const SUPPORTED_VERSIONS: ReadonlySet<string> = new Set([
  'SPDX-2.2',
  'SPDX-2.3',
]);

function checkVersion(version: unknown): void {
  if (typeof version === 'string' && SUPPORTED_VERSIONS.has(version)) {
    return;
  }
  throw new InputError(
    `Unsupported SPDX version ${versionLabel(
      version,
    )}; Posture reads SPDX-2.2 and SPDX-2.3 JSON`,
  );
}

/**
 * Reads an SPDX 2.2 or 2.3 JSON document as an SBOM (SPDX 2 carries no vulnerabilities).
 *
 * Components: every package except the one root package the document describes. That root is
 * the artifact itself (Trivy's container image or scanned directory, Red Hat's SRPM), the same
 * role CycloneDX gives `metadata.component`, so excluding it keeps one scan's component count
 * equal in both formats (e.g. Trivy's centos-7 image: 3 either way). Everything else counts,
 * including operating-system and lockfile (application) packages, as in CycloneDX.
 * @public
 */
export function parseSpdx(document: unknown): ParsedReport {
  return runSync(parseSteps(document));
}

/** `parseSpdx` handing the event loop back between chunks of packages. @internal */
export function parseSpdxYielding(document: unknown): Promise<ParsedReport> {
  return runYielding(parseSteps(document));
}

function* parseSteps(document: unknown): Steps<ParsedReport> {
  requireJsonObject(document, LABEL);
  checkVersion(document.spdxVersion);
  const issues: ZodIssue[] = [];
  const spdx = (yield* validateObjectInChunks(
    spdxChunkedSpec,
    document,
    [],
    issues,
  )) as SpdxDocument | undefined;
  throwIfIssues(issues, LABEL);
  const rootId = describedRootPackageId(spdx!);
  const packages = spdx!.packages ?? [];
  const root =
    rootId === null ? undefined : packages.find(p => p.SPDXID === rootId);
  const parts = packages.filter(p => p.SPDXID !== rootId);
  return {
    format: 'spdx',
    artifact: {
      name: spdx!.name || null,
      digests: repoDigestsOf(root),
    },
    generatedAt: spdx!.creationInfo?.created || null,
    vulnerabilities: [],
    components: yield* mapInChunks(parts, toParsedComponent),
    otherFindings: {},
  };
}
