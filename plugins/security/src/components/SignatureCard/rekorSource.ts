import type { CheckedSource } from '../shared/useCheckNow';

/** The pull source behind the Signature card, as "Check now" reports on it. */
export const REKOR_SOURCE: CheckedSource = { id: 'rekor', label: 'Rekor' };
