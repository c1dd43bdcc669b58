import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  SEVERITIES,
  type VulnerabilitySummary,
} from '@posture/backstage-plugin-security-common';
import { securityApiRef } from '../../api/SecurityApi';
import { formatCount } from '../shared/formatCount';
import { PagedResults } from '../shared/PagedResults';
import { useCursorPaging } from '../shared/useCursorPaging';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { FindingFilterBar } from './FindingFilterBar';
import { findingsQuery, hasFilters, NO_FILTERS } from './findingFilters';
import { FindingsTable } from './FindingsTable';
import { useFindingParams } from './useFindingParams';

const SEARCH_DEBOUNCE_MS = 300;

function cardTitle(
  shown: number | undefined,
  total: number,
  filtered: boolean,
): string {
  if (shown === undefined) {
    return 'Vulnerabilities';
  }
  return filtered && shown !== total
    ? `Vulnerabilities (${formatCount(shown)} of ${formatCount(total)})`
    : `Vulnerabilities (${formatCount(shown)})`;
}

/**
 * Every finding of the entity's latest scans, filtered, sorted and paged by the backend:
 * an image can carry thousands, so only the page on screen is ever fetched. Filters, sort
 * and page live in the URL.
 */
export function VulnerabilitiesTable(props: {
  entityRef: string;
  summary: VulnerabilitySummary;
}) {
  const { entityRef, summary } = props;
  const securityApi = useApi(securityApiRef);
  // In the URL: a filtered page can be shared, and the back button undoes a filter.
  const { filters, setFilters, sort, setSort } = useFindingParams();
  const debouncedText = useDebouncedValue(filters.text, SEARCH_DEBOUNCE_MS);
  // Clearing the search needs no debounce, and "reset filters" then sends one request.
  const text = filters.text.trim() ? debouncedText : '';
  const query = findingsQuery({ ...filters, text }, sort);

  const paging = useCursorPaging({
    queryKey: JSON.stringify([entityRef, query]),
    initialPageSize: 25,
    load: request =>
      securityApi.listVulnerabilities(entityRef, { ...query, ...request }),
  });
  const { result } = paging;
  const filtered = hasFilters(filters);
  const total = SEVERITIES.reduce((sum, s) => sum + summary[s], 0);

  return (
    <div data-testid="vulnerabilities-table">
      <InfoCard title={cardTitle(result?.totalCount, total, filtered)}>
        <FindingFilterBar
          summary={summary}
          filters={filters}
          onFiltersChange={setFilters}
          sort={sort}
          onSortChange={setSort}
        />
        <PagedResults
          paging={paging}
          subject="the vulnerabilities"
          loadingLabel="Loading findings"
          filtered={filtered}
          noMatchMessage="No findings match these filters"
          onReset={() => setFilters(NO_FILTERS)}
          emptyMessage="No vulnerabilities in the latest scan"
        >
          {items => <FindingsTable findings={items} />}
        </PagedResults>
      </InfoCard>
    </div>
  );
}
