import {
  SEVERITIES,
  type Severity,
} from '@posture/backstage-plugin-security-common';
import type {
  SortOrder,
  VulnerabilityQuery,
  VulnerabilitySort,
} from '../../api/types';

/** What narrows the findings down; sorting is kept apart because "reset filters" keeps it. */
export type FindingFilters = {
  severity: Severity[];
  fixableOnly: boolean;
  /** Only findings in CISA's Known Exploited Vulnerabilities catalog. */
  kevOnly: boolean;
  /**
   * Only findings whose EPSS probability is at least this (0 to 1): what the
   * `exploit-likelihood` check's reason lists. Set by a reason, never typed in.
   */
  minEpss: number | null;
  text: string;
};

export const NO_FILTERS: FindingFilters = {
  severity: [],
  fixableOnly: false,
  kevOnly: false,
  minEpss: null,
  text: '',
};

export type FindingSort = { sort: VulnerabilitySort; order: SortOrder };

/**
 * What attackers use first, like the backend's default: known exploited, then likely to be
 * exploited (EPSS), then severity. The first page is the one to act on.
 */
export const DEFAULT_SORT: FindingSort = { sort: 'risk', order: 'desc' };

/** Names read best A to Z; severity, scores and dates most-significant first. */
export function defaultOrder(sort: VulnerabilitySort): SortOrder {
  return sort === 'package' ? 'asc' : 'desc';
}

export function hasFilters(filters: FindingFilters): boolean {
  return (
    filters.severity.length > 0 ||
    filters.fixableOnly ||
    filters.kevOnly ||
    filters.minEpss !== null ||
    filters.text.trim() !== ''
  );
}

/** Adds or removes one severity, keeping worst-first order so equal selections compare equal. */
export function toggleSeverity(
  selected: Severity[],
  severity: Severity,
): Severity[] {
  const next = selected.includes(severity)
    ? selected.filter(s => s !== severity)
    : [...selected, severity];
  return SEVERITIES.filter(s => next.includes(s));
}

/**
 * The request for the filters, without paging. "Only fixable" off means "all findings",
 * not "only unfixable", so it sends nothing rather than `fixable=false`; likewise "known
 * exploited only".
 */
export function findingsQuery(
  filters: FindingFilters,
  sort: FindingSort,
): VulnerabilityQuery {
  const query: VulnerabilityQuery = { sort: sort.sort, order: sort.order };
  if (filters.severity.length > 0) {
    query.severity = filters.severity;
  }
  if (filters.fixableOnly) {
    query.fixable = true;
  }
  if (filters.kevOnly) {
    query.kev = true;
  }
  if (filters.minEpss !== null) {
    query.minEpss = filters.minEpss;
  }
  const text = filters.text.trim();
  if (text) {
    query.q = text;
  }
  return query;
}
