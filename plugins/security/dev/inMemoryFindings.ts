import {
  SEVERITIES,
  type LicenseFacet,
  type ListResponse,
  type SbomComponentItem,
  type SbomListResponse,
  type Severity,
  type SeverityCounts,
  type VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import type { SbomQuery, VulnerabilityQuery } from '../src/api/types';
import { epssMark, kevMark, vexMark } from '../src/testing/exploitFixtures';

/**
 * A scan large enough to feel what the tab does with a real image (3,000 findings), and
 * an in-memory stand-in for the backend's filtering, sorting and cursor paging.
 */

const PACKAGES = ['openssl', 'musl', 'zlib', 'busybox', 'libcurl', 'lodash'];
const LICENSES = ['MIT', 'Apache-2.0', 'BSD-3-Clause', 'GPL-2.0-only'];

/** Deterministic, so the dev pages look the same on every reload. */
function pick<T>(list: readonly T[], i: number): T {
  return list[(i * 7919) % list.length];
}

export const findings: VulnerabilityItem[] = Array.from(
  { length: 3000 },
  (_, i) => {
    const pkg = pick(PACKAGES, i);
    const fixed = i % 3 !== 0;
    return {
      id: `CVE-${2015 + (i % 10)}-${10000 + i}`,
      severity: pick(SEVERITIES, i + 3),
      packageName: pkg,
      installedVersion: `1.${i % 9}.${i % 5}`,
      fixedVersion: fixed ? `1.${i % 9}.${(i % 5) + 1}` : null,
      status: fixed ? 'fixed' : 'affected',
      cvssScore: i % 11 === 0 ? null : Math.round((i * 37) % 100) / 10,
      title: `${pkg}: example vulnerability ${i}`,
      url: `https://avd.aquasec.com/nvd/cve-${2015 + (i % 10)}-${10000 + i}`,
      target: 'ghcr.io/acme/payments:1.4.2 (alpine 3.19.1)',
      purl: `pkg:apk/alpine/${pkg}@1.${i % 9}.${i % 5}`,
      publishedAt: new Date(
        Date.UTC(2015 + (i % 10), i % 12, 1 + (i % 28)),
      ).toISOString(),
      cveId: `CVE-${2015 + (i % 10)}-${10000 + i}`,
      ...exploitability(i),
    };
  },
);

/**
 * Some findings known exploited (a few with ransomware use), most scored by EPSS (low, as
 * real scores are), and a few with a VEX statement: some clearing them, some not.
 */
function exploitability(
  i: number,
): Pick<VulnerabilityItem, 'kev' | 'epss' | 'vex'> {
  const spread = ((i * 7919) % 10000) / 10000;
  return {
    kev:
      i % 97 === 0
        ? kevMark({
            ransomware: i % 2 === 0,
            dueDate: i % 3 ? '2025-01-15' : null,
          })
        : null,
    epss:
      i % 13 === 0
        ? null
        : epssMark({ score: spread ** 6, percentile: spread }),
    vex: vexStatement(i),
  };
}

function vexStatement(i: number): VulnerabilityItem['vex'] {
  if (i % 211 === 0) {
    return vexMark();
  }
  if (i % 149 === 0) {
    return vexMark({
      status: 'under_investigation',
      justification: null,
      impactStatement: 'Checking whether the parser is reachable.',
    });
  }
  return null;
}

/** Cleared by a VEX statement: out of the counts and the default list. */
export function isCleared(item: VulnerabilityItem): boolean {
  return item.vex?.status === 'not_affected' || item.vex?.status === 'fixed';
}

export const openFindings = findings.filter(item => !isCleared(item));

export const components: SbomComponentItem[] = Array.from(
  { length: 640 },
  (_, i) => ({
    name: `${pick(PACKAGES, i)}-${i}`,
    version: `2.${i % 13}.0`,
    purl: `pkg:npm/%40acme/${pick(PACKAGES, i)}-${i}@2.${
      i % 13
    }.0?arch=x86_64&distro=alpine-3.19.1`,
    type: i % 4 === 0 ? 'operating-system' : 'library',
    licenses: i % 17 === 0 ? [] : [pick(LICENSES, i)],
  }),
);

export function countBySeverity(
  items: VulnerabilityItem[],
  onlyFixable: boolean,
): SeverityCounts {
  const counts: SeverityCounts = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    unknown: 0,
  };
  for (const item of items) {
    if (!onlyFixable || item.fixedVersion) {
      counts[item.severity] += 1;
    }
  }
  return counts;
}

function page<T>(items: T[], limit = 50, cursor?: string): ListResponse<T> {
  const offset = cursor ? Number(cursor) : 0;
  const end = offset + limit;
  return {
    items: items.slice(offset, end),
    totalCount: items.length,
    nextCursor: end < items.length ? String(end) : undefined,
  };
}

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);

function compare(
  a: VulnerabilityItem,
  b: VulnerabilityItem,
  sort: VulnerabilityQuery['sort'],
): number {
  switch (sort) {
    case 'cvss':
      return (a.cvssScore ?? -1) - (b.cvssScore ?? -1);
    case 'package':
      return a.packageName.localeCompare(b.packageName);
    case 'published':
      return (a.publishedAt ?? '').localeCompare(b.publishedAt ?? '');
    case 'severity':
      return rank(b.severity) - rank(a.severity);
    default:
      // Risk: KEV, then EPSS, then severity, then a fix first.
      return (
        Number(Boolean(a.kev)) - Number(Boolean(b.kev)) ||
        (a.epss?.score ?? -1) - (b.epss?.score ?? -1) ||
        rank(b.severity) - rank(a.severity) ||
        Number(Boolean(a.fixedVersion)) - Number(Boolean(b.fixedVersion))
      );
  }
}

export function listFindings(
  query: VulnerabilityQuery,
): ListResponse<VulnerabilityItem> {
  const text = query.q?.toLowerCase();
  const vex = query.vex ?? 'open';
  const matching = findings.filter(
    item =>
      (vex === 'all' || isCleared(item) === (vex === 'not-affected')) &&
      (!query.kev || item.kev) &&
      (query.minEpss === undefined ||
        (item.epss?.score ?? -1) >= query.minEpss) &&
      (!query.severity?.length || query.severity.includes(item.severity)) &&
      (query.fixable === undefined ||
        Boolean(item.fixedVersion) === query.fixable) &&
      (!text ||
        [item.id, item.packageName, item.title ?? '', item.target ?? ''].some(
          value => value.toLowerCase().includes(text),
        )),
  );
  const order = query.order ?? (query.sort === 'package' ? 'asc' : 'desc');
  const sorted = [...matching].sort(
    (a, b) => compare(a, b, query.sort) * (order === 'asc' ? 1 : -1),
  );
  return page(sorted, query.limit, query.cursor);
}

export function listComponents(query: SbomQuery): SbomListResponse {
  const text = query.q?.toLowerCase();
  const matching = components.filter(
    item =>
      (!query.license || item.licenses.includes(query.license)) &&
      (!text ||
        [item.name, item.version ?? '', item.purl ?? ''].some(value =>
          value.toLowerCase().includes(text),
        )),
  );
  const counts = new Map<string, number>();
  for (const item of components) {
    for (const license of item.licenses.length ? item.licenses : ['(none)']) {
      counts.set(license, (counts.get(license) ?? 0) + 1);
    }
  }
  const licenses: LicenseFacet[] = [...counts]
    .map(([license, count]) => ({ license, count }))
    .sort((a, b) => b.count - a.count || a.license.localeCompare(b.license));
  return { ...page(matching, query.limit, query.cursor), licenses };
}
