import type { PostureReason } from '@posture/backstage-plugin-security-common';
import { createContext, useContext } from 'react';
import type {
  FindingFilters,
  FindingSort,
} from '../VulnerabilitiesTable/findingFilters';

/** Which findings to show, and where focus lands. */
export type FindingsView = {
  /** Replace the table's filters (absent: keep them). */
  filters?: Partial<FindingFilters>;
  /** Absent: keep the reader's sort. */
  sort?: FindingSort;
  /** The findings table (the default), or the list of findings VEX clears beneath it. */
  focus?: 'findings' | 'not-affected';
};

/**
 * What the tab does when a reason or a count is chosen: filter the findings, or show a card.
 */
export type ReasonActions = {
  entityRef: string;
  open: (reason: PostureReason) => void;
  showFindings: (view: FindingsView) => void;
};

export const ReasonActionsContext = createContext<ReasonActions | undefined>(
  undefined,
);

/** Undefined outside the tab's layout (e.g. a summary card on its own): reasons stay text. */
export function useReasonActions(): ReasonActions | undefined {
  return useContext(ReasonActionsContext);
}
