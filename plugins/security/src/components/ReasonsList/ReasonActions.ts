import type { PostureReason } from '@posture/backstage-plugin-security-common';
import { createContext, useContext } from 'react';

/** What the tab does when a reason is chosen: filter the findings, or show a card. */
export type ReasonActions = {
  entityRef: string;
  open: (reason: PostureReason) => void;
};

export const ReasonActionsContext = createContext<ReasonActions | undefined>(
  undefined,
);

/** Undefined outside the tab's layout (e.g. a summary card on its own): reasons stay text. */
export function useReasonActions(): ReasonActions | undefined {
  return useContext(ReasonActionsContext);
}
