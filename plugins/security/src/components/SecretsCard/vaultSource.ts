import type { CheckedSource } from '../shared/useCheckNow';

/** The pull source behind the Secrets card, as "Check now" reports on it. */
export const VAULT_SOURCE: CheckedSource = { id: 'vault', label: 'Vault' };
