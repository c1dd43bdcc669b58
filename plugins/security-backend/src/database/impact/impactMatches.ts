import {
  SEVERITIES,
  VEX_CLEARING_STATUSES,
  type ImpactMatch,
  type Severity,
} from '@posture/backstage-plugin-security-common';
import { matchKey, type MatchRow } from './matchSources';

const SOURCE_ORDER: Record<ImpactMatch['source'], number> = {
  finding: 0,
  sbom: 1,
  image: 2,
};

const cleared = (row: MatchRow) =>
  row.vex_status !== null &&
  (VEX_CLEARING_STATUSES as readonly string[]).includes(row.vex_status);

function severityOf(value: string | null): Severity | null {
  return value !== null && (SEVERITIES as readonly string[]).includes(value)
    ? (value as Severity)
    : null;
}

/**
 * One match from the rows sharing its key (the same finding from a scan and an SBOM, the same
 * component from two reports of one image): the first fixed version, purl and severity any of
 * them gives, and not affected only when a VEX statement clears every one of them.
 */
function mergedMatch(rows: MatchRow[]): ImpactMatch {
  const first = <T>(pick: (row: MatchRow) => T | null): T | null =>
    rows.map(pick).find(value => value !== null && value !== '') ?? null;
  const fixedVersion = first(r => r.fixed_version);
  const [row] = rows;
  return {
    source: row.source,
    id: row.vuln_id,
    packageName: first(r => r.package_name) ?? row.package_key ?? '',
    installedVersion: row.version,
    fixedVersion,
    fixAvailable: fixedVersion !== null && fixedVersion.trim() !== '',
    purl: first(r => r.purl),
    severity: severityOf(first(r => r.severity)),
    notAffected: row.source === 'finding' && rows.every(cleared),
    artifact: row.artifact,
  };
}

function compareMatches(a: ImpactMatch, b: ImpactMatch): number {
  const rank = (m: ImpactMatch) =>
    m.severity === null ? SEVERITIES.length : SEVERITIES.indexOf(m.severity);
  return (
    SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] ||
    rank(a) - rank(b) ||
    (a.id ?? '').localeCompare(b.id ?? '') ||
    a.packageName.localeCompare(b.packageName) ||
    (a.installedVersion ?? '').localeCompare(b.installedVersion ?? '') ||
    (a.artifact ?? '').localeCompare(b.artifact ?? '')
  );
}

/**
 * Each entity's matches: rows with the same key (the UNION's notion of one match) merged,
 * findings first (most severe first), then SBOM components, then images.
 */
export function matchesByEntity(rows: MatchRow[]): Map<string, ImpactMatch[]> {
  const grouped = new Map<string, Map<string, MatchRow[]>>();
  for (const row of rows) {
    const entity = grouped.get(row.entity_ref) ?? new Map();
    grouped.set(row.entity_ref, entity);
    const key = matchKey(row);
    entity.set(key, [...(entity.get(key) ?? []), row]);
  }
  return new Map(
    [...grouped].map(([entityRef, byKey]) => [
      entityRef,
      [...byKey.values()].map(mergedMatch).sort(compareMatches),
    ]),
  );
}
