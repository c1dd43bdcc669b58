import {
  SEVERITIES,
  type PostureReason,
  type Severity,
} from '@posture/backstage-plugin-security-common';
import type { SortOrder, VulnerabilitySort } from '../../api/types';
import { pagingParams } from '../shared/useCursorPaging';
import {
  DEFAULT_SORT,
  defaultOrder,
  NO_FILTERS,
  type FindingFilters,
  type FindingSort,
} from './findingFilters';

/**
 * The findings table's state in the URL, so a filtered view can be shared and the back
 * button undoes a filter. The names are the backend's query parameters.
 */
const PARAMS = {
  severity: 'severity',
  fixable: 'fixable',
  kev: 'kev',
  minEpss: 'minEpss',
  text: 'q',
  sort: 'sort',
  order: 'order',
  ...pagingParams(''),
} as const;

const SORTS: VulnerabilitySort[] = [
  'risk',
  'severity',
  'cvss',
  'package',
  'published',
];
const ORDERS: SortOrder[] = ['asc', 'desc'];

/** A probability from a link; anything but a number from 0 to 1 is no filter. */
function readProbability(value: string | null): number | null {
  if (value === null || value.trim() === '') {
    return null;
  }
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 && number <= 1 ? number : null;
}

export function readFindingFilters(params: URLSearchParams): FindingFilters {
  const listed = (params.get(PARAMS.severity) ?? '').split(',');
  return {
    // Unknown names are dropped, and the order is worst first whatever the link says.
    severity: SEVERITIES.filter(s => listed.includes(s)),
    fixableOnly: params.get(PARAMS.fixable) === 'true',
    kevOnly: params.get(PARAMS.kev) === 'true',
    minEpss: readProbability(params.get(PARAMS.minEpss)),
    text: params.get(PARAMS.text) ?? '',
  };
}

export function readFindingSort(params: URLSearchParams): FindingSort {
  const sort = params.get(PARAMS.sort) as VulnerabilitySort | null;
  if (!sort || !SORTS.includes(sort)) {
    return DEFAULT_SORT;
  }
  const order = params.get(PARAMS.order) as SortOrder | null;
  return {
    sort,
    order: order && ORDERS.includes(order) ? order : defaultOrder(sort),
  };
}

/**
 * The params with these filters, back on the first page: a page number means nothing once
 * the rows it counted change.
 */
export function withFindingFilters(
  params: URLSearchParams,
  filters: FindingFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(PARAMS.cursor);
  const set = (name: string, value: string) =>
    value ? next.set(name, value) : next.delete(name);
  set(PARAMS.severity, filters.severity.join(','));
  set(PARAMS.fixable, filters.fixableOnly ? 'true' : '');
  set(PARAMS.kev, filters.kevOnly ? 'true' : '');
  set(PARAMS.minEpss, filters.minEpss === null ? '' : String(filters.minEpss));
  set(PARAMS.text, filters.text);
  return next;
}

export function withFindingSort(
  params: URLSearchParams,
  sort: FindingSort,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete(PARAMS.cursor);
  const isDefault =
    sort.sort === DEFAULT_SORT.sort && sort.order === DEFAULT_SORT.order;
  if (isDefault) {
    next.delete(PARAMS.sort);
    next.delete(PARAMS.order);
  } else {
    next.set(PARAMS.sort, sort.sort);
    next.set(PARAMS.order, sort.order);
  }
  return next;
}

/**
 * A reason's filter. The exploitability checks add `kev` (the `known-exploited` check's
 * rows) and `minEpss` (the `exploit-likelihood` check's threshold); backends before those
 * checks send neither, and a backend may send a threshold that is not a probability.
 */
type ReasonFilter = NonNullable<PostureReason['filter']>;

function probabilityOf(value: unknown): number | null {
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : null;
}

const EXPLOIT_CHECKS = ['known-exploited', 'exploit-likelihood'];

/** The filters that list exactly the rows a reason counts. */
export function filtersForReason(reason: PostureReason): FindingFilters {
  const filter: ReasonFilter = reason.filter ?? {};
  const severity: Severity[] = filter.severity ?? [];
  return {
    ...NO_FILTERS,
    severity: SEVERITIES.filter(s => severity.includes(s)),
    fixableOnly: filter.fixable === true,
    kevOnly: filter.kev === true,
    minEpss: probabilityOf(filter.minEpss),
  };
}

/**
 * The order a reason's rows are shown in: risk order for the exploitability checks, so the
 * riskiest lead (also when a backend sends the check without a filter); otherwise whatever
 * the reader chose.
 */
export function sortForReason(reason: PostureReason): FindingSort | undefined {
  const filter: ReasonFilter = reason.filter ?? {};
  const exploit =
    EXPLOIT_CHECKS.includes(reason.check) ||
    filter.kev === true ||
    probabilityOf(filter.minEpss) !== null;
  return exploit ? DEFAULT_SORT : undefined;
}
