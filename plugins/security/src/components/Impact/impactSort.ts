import type { ImpactPageRequest, ImpactSort } from '../../api/types';

/** The orders the page offers: owners and services A to Z, the most matches first. */
export const IMPACT_SORTS: ReadonlyArray<
  readonly [
    ImpactSort,
    string,
    Required<Pick<ImpactPageRequest, 'order'>>['order'],
  ]
> = [
  ['owner', 'Owner', 'asc'],
  ['entity', 'Service', 'asc'],
  ['matches', 'Most matches', 'desc'],
];

/** By owner unless the URL says otherwise: the page groups by owner. */
export function readImpactSort(params: URLSearchParams): ImpactSort {
  const sort = params.get('sort');
  return IMPACT_SORTS.find(([value]) => value === sort)?.[0] ?? 'owner';
}

/** The sort and its direction, as the API takes them. */
export function impactSortRequest(
  sort: ImpactSort,
): Pick<ImpactPageRequest, 'sort' | 'order'> {
  const order = IMPACT_SORTS.find(([value]) => value === sort)?.[2] ?? 'asc';
  return { sort, order };
}
