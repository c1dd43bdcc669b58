import { useSearchParams } from 'react-router-dom';
import {
  readSelection,
  selectionSearch,
  type ScorecardSelection,
} from './scorecardParams';

/**
 * The page's selection, read from and written to the URL. Typing in a filter box replaces
 * the history entry instead of adding one per keystroke; every other change adds one, so
 * Back undoes a drill-down.
 */
export function useScorecardParams() {
  const [params, setParams] = useSearchParams();
  const selection = readSelection(params);
  const select = (next: ScorecardSelection, options?: { replace?: boolean }) =>
    setParams(new URLSearchParams(selectionSearch(next)), options);
  return { selection, select };
}
