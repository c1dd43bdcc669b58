import { CheckNowBar } from '../shared/CheckNowBar';
import { NotReportedYet } from '../shared/NotReportedYet';
import { useCheckNow } from '../shared/useCheckNow';
import { VAULT_SOURCE } from './vaultSource';

const HINT =
  'Vault is checked every 30 minutes. Check now to look the secrets up without waiting.';

/**
 * Annotated, but Vault has not reported yet: usually the next scheduled run is still
 * ahead. Once a check reports, the reloaded posture has its `secrets` and the card moves
 * on to the list.
 */
export function SecretsNotReported(props: {
  entityRef: string;
  onReload: () => Promise<void>;
}) {
  const check = useCheckNow(props.entityRef, props.onReload, VAULT_SOURCE);
  return (
    <CheckNowBar check={check}>
      <NotReportedYet hint={HINT} />
    </CheckNowBar>
  );
}
