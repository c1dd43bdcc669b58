import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  SEVERITIES,
  type VulnerabilitySummary,
} from '@posture/backstage-plugin-security-common';
import { useState, type ReactNode } from 'react';
import { securityApiRef } from '../../api/SecurityApi';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { formatCount } from '../shared/formatCount';
import { LoadingBar } from '../shared/LoadingBar';
import { NoMatchingRows } from '../shared/NoMatchingRows';
import { PagingFooter } from '../shared/PagingFooter';
import { useCursorPaging } from '../shared/useCursorPaging';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { FindingFilterBar } from './FindingFilterBar';
import {
  DEFAULT_SORT,
  findingsQuery,
  hasFilters,
  NO_FILTERS,
  type FindingFilters,
  type FindingSort,
} from './findingFilters';
import { FindingsTable } from './FindingsTable';

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
 * an image can carry thousands, so only the page on screen is ever fetched.
 */
export function VulnerabilitiesTable(props: {
  entityRef: string;
  summary: VulnerabilitySummary;
}) {
  const { entityRef, summary } = props;
  const securityApi = useApi(securityApiRef);
  const [filters, setFilters] = useState<FindingFilters>(NO_FILTERS);
  const [sort, setSort] = useState<FindingSort>(DEFAULT_SORT);
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

  let body: ReactNode;
  if (paging.error) {
    body = (
      <PostureErrorPanel
        error={paging.error}
        onRetry={paging.retry}
        subject="the vulnerabilities"
      />
    );
  } else if (!result) {
    body = <Progress />;
  } else if (result.items.length === 0 && !paging.loading) {
    body = filtered ? (
      <NoMatchingRows
        message="No findings match these filters"
        onReset={() => setFilters(NO_FILTERS)}
      />
    ) : (
      <NoMatchingRows message="No vulnerabilities in the latest scan" />
    );
  } else {
    body = (
      <>
        <LoadingBar loading={paging.loading} label="Loading findings" />
        <FindingsTable findings={result.items} />
        <PagingFooter paging={paging} totalCount={result.totalCount} />
      </>
    );
  }

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
        {body}
      </InfoCard>
    </div>
  );
}
