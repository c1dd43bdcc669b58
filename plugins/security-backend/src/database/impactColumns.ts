import { normalizePurl } from '@posture/backstage-plugin-security-common';

/*
 * The typed, indexed columns the impact query reads (migration 20270120120000), computed the
 * same way at ingestion and by the start-up backfill of older rows.
 *
 * A value is written only when it fits its column and its index: PostgreSQL refuses a value
 * longer than a varchar column, and a btree entry over about 2,700 bytes. A value that does
 * not fit is left null (the row is stored, only not found by that column): no real package
 * name or purl comes near these lengths.
 */

/** Column lengths of the migration; bytes so that the (type, namespace, name) index entry stays under PostgreSQL's btree limit. */
const LIMITS = {
  name_lower: { chars: 1024, bytes: 2048 },
  package_lower: { chars: 512, bytes: 2048 },
  purl_type: { chars: 64, bytes: 256 },
  purl_namespace: { chars: 512, bytes: 1024 },
  purl_name: { chars: 512, bytes: 1024 },
  purl_version: { chars: 255, bytes: 1020 },
  finding_id: { chars: 255, bytes: 1020 },
};

function fits(value: string, limit: { chars: number; bytes: number }) {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most values need no byte count.
  return (
    value.length <= limit.chars &&
    (value.length * 3 <= limit.bytes || Buffer.byteLength(value) <= limit.bytes)
  );
}

function fitting(
  value: string,
  limit: { chars: number; bytes: number },
): string | null {
  return fits(value, limit) ? value : null;
}

/** A component's lower-case name and its purl's columns. */
export interface ComponentImpactColumns {
  name_lower: string | null;
  purl_type: string | null;
  purl_namespace: string | null;
  purl_name: string | null;
  purl_version: string | null;
}

/** A finding's lower-case package name and its purl's columns (the version is installed_version). */
export interface VulnerabilityImpactColumns {
  package_lower: string | null;
  purl_type: string | null;
  purl_namespace: string | null;
  purl_name: string | null;
}

/** The purl's identity columns, all three or none (a partial identity would match wrongly). */
function purlIdentity(purl: string | null) {
  const parsed = purl ? normalizePurl(purl) : null;
  if (
    !parsed ||
    !fits(parsed.type, LIMITS.purl_type) ||
    (parsed.namespace !== null &&
      !fits(parsed.namespace, LIMITS.purl_namespace)) ||
    !fits(parsed.name, LIMITS.purl_name)
  ) {
    return null;
  }
  return parsed;
}

export function componentImpactColumns(
  name: string,
  purl: string | null,
): ComponentImpactColumns {
  const identity = purlIdentity(purl);
  return {
    name_lower: fitting(name.toLowerCase(), LIMITS.name_lower),
    purl_type: identity?.type ?? null,
    purl_namespace: identity?.namespace ?? null,
    purl_name: identity?.name ?? null,
    purl_version:
      identity?.version === null || identity?.version === undefined
        ? null
        : fitting(identity.version, LIMITS.purl_version),
  };
}

export function vulnerabilityImpactColumns(
  packageName: string,
  purl: string | null,
): VulnerabilityImpactColumns {
  const identity = purlIdentity(purl);
  return {
    package_lower: fitting(packageName.toLowerCase(), LIMITS.package_lower),
    purl_type: identity?.type ?? null,
    purl_namespace: identity?.namespace ?? null,
    purl_name: identity?.name ?? null,
  };
}

/**
 * Every id a finding is known by, upper case and trimmed, each once: its id, its aliases
 * (GHSA, distribution advisories, CVE) and its CVE when that is none of them. Ids too long
 * for the indexed column are left out (no advisory id is that long).
 */
export function findingIdsOf(
  vulnId: string,
  aliases: readonly string[] | undefined,
  cveId: string | null,
): string[] {
  const ids = new Set<string>();
  for (const candidate of [vulnId, ...(aliases ?? []), cveId]) {
    if (typeof candidate !== 'string') continue;
    const id = candidate.replaceAll('\u0000', '').trim().toUpperCase();
    if (id && fits(id, LIMITS.finding_id)) {
      ids.add(id);
    }
  }
  return [...ids];
}

/** vulnerabilities.cve_id is varchar(32): a longer "CVE" is no CVE any feed knows. */
export function storableCveId(cveId: string | null): string | null {
  return cveId !== null && cveId.length <= 32 ? cveId : null;
}

/**
 * The ids finding_ids holds for a finding (migration 20270201120000): every id it is known by
 * but its CVE as vulnerabilities.cve_id stores it, which the impact query reads there. A
 * finding known by its CVE alone needs no row.
 */
export function aliasIdsOf(
  vulnId: string,
  aliases: readonly string[] | undefined,
  storedCveId: string | null,
): string[] {
  // Most findings: a CVE id without aliases, which cve_id holds already.
  if (
    storedCveId !== null &&
    (aliases === undefined || aliases.length === 0) &&
    vulnId.length === storedCveId.length &&
    vulnId.toUpperCase() === storedCveId
  ) {
    return [];
  }
  return findingIdsOf(vulnId, aliases, storedCveId).filter(
    id => id !== storedCveId,
  );
}
