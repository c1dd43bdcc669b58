import { InputError } from '@backstage/errors';
import type { ParsedVulnerability } from '@posture/backstage-plugin-security-node';
import { withAliases } from '../aliases';
import { cvssScoreOf, severityOf } from './ratings';
import type { CdxComponent, CdxVulnerability } from './schema';
import { fixedVersionsFromRecommendation } from './trivyRecommendation';

function firstLine(text: string | null | undefined): string | null {
  if (!text) {
    return null;
  }
  const end = text.indexOf('\n');
  const line = (end === -1 ? text : text.slice(0, end)).trim();
  return line === '' ? null : line;
}

/**
 * `source.url` is meant to be the advisory page, but Trivy writes its data source's home page
 * there (e.g. the Debian security tracker), while its first advisory is the page Trivy JSON
 * calls `PrimaryURL`. A source URL that names the vulnerability is an advisory page.
 */
function urlOf(vulnerability: CdxVulnerability, id: string): string | null {
  const sourceUrl = vulnerability.source?.url || null;
  if (sourceUrl && sourceUrl.toLowerCase().includes(id.toLowerCase())) {
    return sourceUrl;
  }
  const advisory = (vulnerability.advisories ?? []).find(a => a.url)?.url;
  return advisory || sourceUrl;
}

/** Trivy's recommendation uses its PkgName, which for Maven is `group:name`, for npm `@scope/name`. */
function fixedVersionFor(
  fixedByName: ReadonlyMap<string, string>,
  component: CdxComponent | undefined,
): string | null {
  if (!component || fixedByName.size === 0) {
    return null;
  }
  const { name, group } = component;
  return (
    fixedByName.get(name) ??
    (group
      ? fixedByName.get(`${group}:${name}`) ??
        fixedByName.get(`${group}/${name}`)
      : undefined) ??
    null
  );
}

/**
 * One finding per (vulnerability, affected bom-ref): a CVE in two packages is two things to
 * fix. A vulnerability that affects nothing in this BOM yields no finding.
 * @internal
 */
export function toParsedVulnerabilities(
  vulnerability: CdxVulnerability,
  index: number,
  componentsByRef: ReadonlyMap<string, CdxComponent>,
): ParsedVulnerability[] {
  const id = vulnerability.id || vulnerability['bom-ref'];
  if (!id) {
    throw new InputError(
      `Invalid CycloneDX document: vulnerabilities[${index}] has neither id nor bom-ref`,
    );
  }
  const severity = severityOf(vulnerability);
  const cvssScore = cvssScoreOf(vulnerability);
  const title = firstLine(vulnerability.description) ?? id;
  const url = urlOf(vulnerability, id);
  const fixedByName = fixedVersionsFromRecommendation(
    vulnerability.recommendation,
  );
  const aliases = withAliases(
    id,
    (vulnerability.references ?? []).map(reference => reference.id),
  );

  return (vulnerability.affects ?? []).map(({ ref }) => {
    const component = componentsByRef.get(ref);
    return {
      id,
      severity,
      packageName: component?.name ?? ref,
      installedVersion: component?.version || null,
      fixedVersion: fixedVersionFor(fixedByName, component),
      status: vulnerability.analysis?.state || null,
      cvssScore,
      title,
      url,
      publishedAt: vulnerability.published || null,
      target: null,
      purl: component?.purl || null,
      ...aliases,
    };
  });
}
