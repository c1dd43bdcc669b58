import type { ImpactQuery } from '@posture/backstage-plugin-security-common';

/** What an impact search looks for; each is the query parameter of the same name. */
export type ImpactKind = 'vulnerability' | 'package' | 'purl' | 'image';

/** In the order the kind selects offer them, and a URL with several is read. */
export const IMPACT_KINDS: ReadonlyArray<readonly [ImpactKind, string]> = [
  ['vulnerability', 'Vulnerability'],
  ['package', 'Package'],
  ['purl', 'Package URL'],
  ['image', 'Image'],
];

/** What the search form holds: the value, and for a package its ecosystem and version. */
export interface ImpactSearch {
  kind: ImpactKind;
  value: string;
  /** A purl type (`maven`, `npm`, ...), or '' for any. Packages only. */
  ecosystem: string;
  /** A version or a range (`<2.17.1`), or '' for any. Packages only. */
  version: string;
}

/** The search a page URL holds, or undefined when it holds none. */
export function readImpactSearch(
  params: URLSearchParams,
): ImpactSearch | undefined {
  for (const [kind] of IMPACT_KINDS) {
    const value = params.get(kind)?.trim();
    if (value) {
      return {
        kind,
        value,
        ecosystem:
          kind === 'package' ? params.get('ecosystem')?.trim() ?? '' : '',
        version: kind === 'package' ? params.get('version')?.trim() ?? '' : '',
      };
    }
  }
  return undefined;
}

/** The wire query of a search: one key, and for a package only the refinements given. */
export function impactQueryOf(search: ImpactSearch): ImpactQuery {
  const value = search.value.trim();
  if (search.kind !== 'package') {
    return { [search.kind]: value };
  }
  const query: ImpactQuery = { package: value };
  if (search.ecosystem.trim()) {
    query.ecosystem = search.ecosystem.trim();
  }
  if (search.version.trim()) {
    query.version = search.version.trim();
  }
  return query;
}

/** The search of a wire query (a campaign's), or undefined for one that names nothing. */
export function searchOfQuery(query: ImpactQuery): ImpactSearch | undefined {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string') {
      params.set(key, value);
    }
  }
  return readImpactSearch(params);
}

/**
 * `vulnerability=CVE-2021-44228`, `package=log4j-core&ecosystem=maven&version=%3C2.17.1`: the
 * query as the impact page's URL (and the API) spell it.
 */
export function impactSearchParams(query: ImpactQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of [
    'vulnerability',
    'package',
    'ecosystem',
    'version',
    'purl',
    'image',
  ] as const) {
    const value = query[key];
    if (value) {
      params.set(key, value);
    }
  }
  return params;
}

/** "log4j-core <2.17.1 (maven)", "CVE-2021-44228": the query in a sentence. */
export function describeImpactQuery(query: ImpactQuery): string {
  if (query.vulnerability) {
    return query.vulnerability;
  }
  if (query.package) {
    const version = query.version ? ` ${query.version}` : '';
    const ecosystem = query.ecosystem ? ` (${query.ecosystem})` : '';
    return `${query.package}${version}${ecosystem}`;
  }
  return query.purl ?? query.image ?? '';
}

/** "No service you can see runs log4j-core <2.17.1": what an empty answer means. */
export function noImpactMessage(query: ImpactQuery): string {
  const subject = describeImpactQuery(query);
  return query.vulnerability
    ? `No service you can see is affected by ${subject}`
    : `No service you can see runs ${subject}`;
}

// Advisory ids: CVE, GitHub, OSV's ecosystem databases and the distributions' own.
const ADVISORY_ID =
  /^(CVE-\d{4}-\d{4,}|GHSA(-[23456789cfghjmpqrvwx]{4}){3}|(GO|PYSEC|RUSTSEC|OSV)-\d{4}-\d+|(DSA|DLA|RHSA|RHBA|RHEA|ALSA|ELSA|USN|ALAS\d*|SUSE-SU|openSUSE-SU)-[\w:.-]+)$/i;

/**
 * The kind a typed value most likely is, for a search box that needs no choice made: an
 * advisory id is a vulnerability, `pkg:` a purl, a first segment with a dot before a `/` a
 * registry (an image), anything else a package name.
 */
export function guessImpactKind(value: string): ImpactKind {
  const text = value.trim();
  if (ADVISORY_ID.test(text)) {
    return 'vulnerability';
  }
  if (/^pkg:/i.test(text)) {
    return 'purl';
  }
  const slash = text.indexOf('/');
  if (slash > 0 && /[.:]/.test(text.slice(0, slash))) {
    return 'image';
  }
  return 'package';
}
