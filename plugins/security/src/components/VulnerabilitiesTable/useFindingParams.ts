import { useSearchParams } from 'react-router-dom';
import type { FindingFilters, FindingSort } from './findingFilters';
import {
  readFindingFilters,
  readFindingSort,
  withFindingFilters,
  withFindingSort,
} from './findingParams';

/**
 * The findings table's filters and sort, read from and written to the URL. Typing in the
 * search box replaces the history entry instead of adding one per keystroke.
 */
export function useFindingParams() {
  const [params, setParams] = useSearchParams();
  return {
    filters: readFindingFilters(params),
    sort: readFindingSort(params),
    setFilters: (filters: FindingFilters) => {
      const typing = filters.text !== readFindingFilters(params).text;
      setParams(current => withFindingFilters(current, filters), {
        replace: typing,
      });
    },
    setSort: (sort: FindingSort) =>
      setParams(current => withFindingSort(current, sort)),
  };
}
