import { InputError } from '@backstage/errors';
import type {
  ParsedComponent,
  ParsedReport,
  ParsedVulnerability,
} from '@posture/backstage-plugin-security-node';
import { withAliases } from '../aliases';
import { requireJsonObject } from '../jsonObject';
import { versionLabel } from '../versionLabel';
import type { ZodIssue } from 'zod';
import {
  prefixIssues,
  throwIfIssues,
  validateObjectInChunks,
} from '../chunkedValidation';
import {
  ChunkCounter,
  mapInChunks,
  runSync,
  runYielding,
  type Steps,
} from '../steps';
import { highestCvssScore } from './cvss';
import {
  trivyReportHeadSchema,
  trivyReportSchema,
  trivyResultChunkedSpec,
  type TrivyReport,
  type TrivyResult,
  type TrivyVulnerability,
} from './schema';
import { trivySeverity } from './severity';

const LABEL = 'Trivy report';
const SUPPORTED_SCHEMA_VERSION = 2;

/** Trivy writes `""` where it has no value; the store distinguishes "none" as null. */
function orNull(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}

function checkSchemaVersion(version: unknown): void {
  if (version === SUPPORTED_SCHEMA_VERSION) {
    return;
  }
  // Version 1 reports (Trivy before 0.20) nest findings differently; reading them with the v2
  // schema would report zero findings instead of failing, which is the dangerous outcome.
  throw new InputError(
    `Unsupported Trivy SchemaVersion ${versionLabel(
      version,
    )}; Posture reads SchemaVersion 2 (Trivy 0.20+)`,
  );
}

function toVulnerability(
  vulnerability: TrivyVulnerability,
  target: string | null,
): ParsedVulnerability {
  return {
    id: vulnerability.VulnerabilityID,
    severity: trivySeverity(vulnerability.Severity),
    packageName: vulnerability.PkgName,
    installedVersion: orNull(vulnerability.InstalledVersion),
    fixedVersion: orNull(vulnerability.FixedVersion),
    status: orNull(vulnerability.Status),
    cvssScore: highestCvssScore(vulnerability.CVSS),
    title: orNull(vulnerability.Title),
    url: orNull(vulnerability.PrimaryURL),
    publishedAt: orNull(vulnerability.PublishedDate),
    target,
    purl: orNull(vulnerability.PkgIdentifier?.PURL),
    ...withAliases(vulnerability.VulnerabilityID, vulnerability.VendorIDs),
  };
}

function* componentsOf(result: TrivyResult): Steps<ParsedComponent[]> {
  const type = orNull(result.Type);
  // `Packages` is only present with `--list-all-pkgs` (default for SBOM-minded CI setups).
  return yield* mapInChunks(result.Packages ?? [], pkg => ({
    name: pkg.Name,
    version: orNull(pkg.Version),
    purl: orNull(pkg.Identifier?.PURL),
    type,
    licenses: pkg.Licenses ?? [],
  }));
}

/** What `trivyReportSchema.safeParse` would say, one chunk at a time. */
function* validate(document: Record<string, unknown>): Steps<TrivyReport> {
  const issues: ZodIssue[] = [];
  const head = trivyReportHeadSchema.safeParse(document);
  if (!head.success) {
    issues.push(...head.error.issues);
  }
  const results: TrivyResult[] = [];
  if (Array.isArray(document.Results)) {
    for (let index = 0; index < document.Results.length; index++) {
      const result = yield* validateObjectInChunks(
        trivyResultChunkedSpec,
        document.Results[index],
        ['Results', index],
        issues,
      );
      results.push(result as TrivyResult);
    }
  } else {
    const field = trivyReportSchema.shape.Results.safeParse(document.Results);
    if (!field.success) {
      issues.push(...prefixIssues(field.error.issues, ['Results']));
    }
  }
  throwIfIssues(issues, LABEL);
  const report = head.success ? head.data : {};
  return {
    ...report,
    ...(Array.isArray(document.Results) && { Results: results }),
  } as TrivyReport;
}

/**
 * Reads a Trivy JSON report (SchemaVersion 2). Secrets, misconfigurations and licence findings
 * are counted but not itemised: the vulnerability list is what the store and grading use.
 * @public
 */
export function parseTrivyReport(document: unknown): ParsedReport {
  return runSync(parseSteps(document));
}

/** `parseTrivyReport` handing the event loop back between chunks of findings. @internal */
export function parseTrivyReportYielding(
  document: unknown,
): Promise<ParsedReport> {
  return runYielding(parseSteps(document));
}

function* parseSteps(document: unknown): Steps<ParsedReport> {
  requireJsonObject(document, LABEL);
  checkSchemaVersion(document.SchemaVersion);
  const report = yield* validate(document);
  const counter = new ChunkCounter();

  const vulnerabilities: ParsedVulnerability[] = [];
  const components: ParsedComponent[] = [];
  let secrets = 0;
  let misconfigurations = 0;
  let licenses = 0;
  // No `Results` at all is valid: Trivy omits it when it found nothing to analyse.
  for (const result of report.Results ?? []) {
    const target = orNull(result.Target);
    for (const vulnerability of result.Vulnerabilities ?? []) {
      vulnerabilities.push(toVulnerability(vulnerability, target));
      if (counter.tick()) {
        yield;
      }
    }
    for (const component of yield* componentsOf(result)) {
      components.push(component);
    }
    secrets += result.Secrets?.length ?? 0;
    // Every listed entry counts, whatever its Status, so the number equals what the file shows
    // (Trivy lists failures only unless run with `--include-non-failures`).
    misconfigurations += result.Misconfigurations?.length ?? 0;
    licenses += result.Licenses?.length ?? 0;
  }

  const otherFindings: Record<string, number> = {};
  if (secrets > 0) otherFindings.secrets = secrets;
  if (misconfigurations > 0)
    otherFindings.misconfigurations = misconfigurations;
  if (licenses > 0) otherFindings.licenses = licenses;

  return {
    format: 'trivy',
    artifact: {
      name: orNull(report.ArtifactName),
      // `Metadata.ImageID` is the config digest, not something a registry or signature names.
      digests: [...new Set(report.Metadata?.RepoDigests ?? [])],
    },
    generatedAt: orNull(report.CreatedAt),
    vulnerabilities,
    components,
    otherFindings,
  };
}
