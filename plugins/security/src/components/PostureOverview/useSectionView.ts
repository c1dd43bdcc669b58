import type { PostureReason } from '@posture/backstage-plugin-security-common';
import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { FindingsView } from '../ReasonsList/ReasonActions';
import { NO_FILTERS } from '../VulnerabilitiesTable/findingFilters';
import {
  filtersForReason,
  sortForReason,
  withFindingFilters,
  withFindingSort,
} from '../VulnerabilitiesTable/findingParams';

export type SectionView = 'overview' | 'findings' | 'sbom';
const VIEWS: SectionView[] = ['overview', 'findings', 'sbom'];
const VIEW_PARAM = 'view';

/** Ids of the places a reason can lead to; the layout puts them on its sections. */
export const SECTION_IDS = {
  findings: 'security-findings',
  sbom: 'security-sbom',
  secrets: 'security-secrets',
  signature: 'security-signature',
  notAffected: 'security-not-affected',
} as const;

/**
 * Which section of the tab is shown, in the URL (`?view=findings`) so it can be linked to
 * and the back button returns to the overview; and where a reason leads. After a reason is
 * chosen, focus moves to what it opened, so keyboard and screen-reader users land there too.
 */
export function useSectionView(available: SectionView[]) {
  const [params, setParams] = useSearchParams();
  const asked = params.get(VIEW_PARAM) as SectionView | null;
  const view: SectionView =
    asked && VIEWS.includes(asked) && available.includes(asked)
      ? asked
      : 'overview';
  const [focusId, setFocusId] = useState<string>();

  useEffect(() => {
    if (!focusId) {
      return;
    }
    const element = document.getElementById(focusId);
    if (element) {
      element.scrollIntoView?.({ block: 'start' });
      element.focus({ preventScroll: true });
      setFocusId(undefined);
    }
  }, [focusId, view]);

  const setView = useCallback(
    (next: SectionView) =>
      setParams(current => {
        const updated = new URLSearchParams(current);
        if (next === 'overview') {
          updated.delete(VIEW_PARAM);
        } else {
          updated.set(VIEW_PARAM, next);
        }
        return updated;
      }),
    [setParams],
  );

  /** Shows a table's view and moves focus into it, as the skip link asks. */
  const openSection = useCallback(
    (next: 'findings' | 'sbom') => {
      setView(next);
      setFocusId(SECTION_IDS[next]);
    },
    [setView],
  );

  /** Shows the findings view with these filters and sort, and moves focus there. */
  const showFindings = useCallback(
    (findings: FindingsView) => {
      setParams(current => {
        let updated = new URLSearchParams(current);
        if (findings.filters) {
          updated = withFindingFilters(updated, {
            ...NO_FILTERS,
            ...findings.filters,
          });
        }
        if (findings.sort) {
          updated = withFindingSort(updated, findings.sort);
        }
        updated.set(VIEW_PARAM, 'findings');
        return updated;
      });
      setFocusId(
        findings.focus === 'not-affected'
          ? SECTION_IDS.notAffected
          : SECTION_IDS.findings,
      );
    },
    [setParams],
  );

  const openReason = useCallback(
    (reason: PostureReason) => {
      if (reason.target === 'findings') {
        // Exactly the reason's rows: its filter replaces any search or filter set before.
        showFindings({
          filters: filtersForReason(reason),
          sort: sortForReason(reason),
        });
      } else if (reason.target === 'secrets' || reason.target === 'signature') {
        setView('overview');
        setFocusId(SECTION_IDS[reason.target]);
      }
    },
    [showFindings, setView],
  );

  return { view, setView, openSection, openReason, showFindings };
}
