import {
  POLICY_CHECKS,
  type PolicyCheckId,
  type ScorecardGroupBy,
} from '@posture/backstage-plugin-security-common';
import type { ScorecardQuery } from '../../api/types';
import { GRADE_BUCKETS, type GradeBucket } from '../TrendChart';

/**
 * The scorecards page keeps its whole selection in the URL's search parameters, so a view
 * can be shared as a link and the browser's back button undoes a drill-down.
 */

export const GROUP_BYS: readonly ScorecardGroupBy[] = [
  'owner',
  'system',
  'domain',
];

/** Narrow the selection to entities that have this kind, lifecycle, tag, grade or failing check. */
export type ScorecardFilters = {
  kind: string;
  lifecycle: string;
  tag: string;
  grade: GradeBucket | '';
  check: PolicyCheckId | '';
};

export type ScorecardSelection = {
  groupBy: ScorecardGroupBy;
  /** The group drilled into; `null` for the whole fleet. */
  group: string | null;
  /** The groups drilled through to reach `group`, outermost first, for the breadcrumbs. */
  trail: string[];
  filters: ScorecardFilters;
};

/** The trend's length. */
export const TREND_DAYS = 90;

export const NO_FILTERS: ScorecardFilters = {
  kind: '',
  lifecycle: '',
  tag: '',
  grade: '',
  check: '',
};

const FILTER_KEYS = Object.keys(NO_FILTERS) as Array<keyof ScorecardFilters>;

function oneOf<T extends string>(
  value: string | null,
  allowed: readonly T[],
): T | undefined {
  return allowed.find(item => item === value);
}

/** The selection a URL names; unknown values (a hand-edited link) fall back to the default. */
export function readSelection(params: URLSearchParams): ScorecardSelection {
  const group = params.get('group') || null;
  return {
    groupBy: oneOf(params.get('groupBy'), GROUP_BYS) ?? 'owner',
    group,
    // A trail without a group to end in means nothing.
    trail: group
      ? (params.get('trail') ?? '').split(',').filter(ref => ref !== '')
      : [],
    filters: {
      kind: params.get('kind') ?? '',
      lifecycle: params.get('lifecycle') ?? '',
      tag: params.get('tag') ?? '',
      grade: oneOf(params.get('grade'), GRADE_BUCKETS) ?? '',
      check: oneOf(params.get('check'), POLICY_CHECKS) ?? '',
    },
  };
}

/** The URL search of a selection: defaults and empty filters left out, to keep links short. */
export function selectionSearch(selection: ScorecardSelection): string {
  const params = new URLSearchParams();
  if (selection.groupBy !== 'owner') {
    params.set('groupBy', selection.groupBy);
  }
  if (selection.group) {
    params.set('group', selection.group);
    if (selection.trail.length > 0) {
      // Entity refs cannot contain commas.
      params.set('trail', selection.trail.join(','));
    }
  }
  for (const key of FILTER_KEYS) {
    if (selection.filters[key]) {
      params.set(key, selection.filters[key]);
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** One level down: into a child group (or a system or domain) of the current selection. */
export function drillInto(
  selection: ScorecardSelection,
  ref: string,
): ScorecardSelection {
  return {
    ...selection,
    group: ref,
    trail: selection.group ? [...selection.trail, selection.group] : [],
  };
}

/** Back up to a breadcrumb: an index into the trail, or `null` for the whole fleet. */
export function backTo(
  selection: ScorecardSelection,
  index: number | null,
): ScorecardSelection {
  if (index === null) {
    return { ...selection, group: null, trail: [] };
  }
  return {
    ...selection,
    group: selection.trail[index],
    trail: selection.trail.slice(0, index),
  };
}

/** Another grouping starts again at the top; the filters stay. */
export function withGroupBy(
  selection: ScorecardSelection,
  groupBy: ScorecardGroupBy,
): ScorecardSelection {
  return { ...selection, groupBy, group: null, trail: [] };
}

export function hasFilters(filters: ScorecardFilters): boolean {
  return FILTER_KEYS.some(key => filters[key] !== '');
}

/** The request for a selection; empty filters are left out. */
export function scorecardQuery(selection: ScorecardSelection): ScorecardQuery {
  const { filters } = selection;
  return {
    groupBy: selection.groupBy,
    group: selection.group ?? undefined,
    kind: filters.kind.trim() || undefined,
    lifecycle: filters.lifecycle.trim() || undefined,
    tag: filters.tag.trim() || undefined,
    grade: filters.grade || undefined,
    check: filters.check || undefined,
    days: TREND_DAYS,
  };
}
