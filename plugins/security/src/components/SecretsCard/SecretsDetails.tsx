import type {
  SecretItem,
  SecretsSummary,
} from '@posture/backstage-plugin-security-common';
import { useCallback } from 'react';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { CheckNowBar } from '../shared/CheckNowBar';
import { LoadingBar } from '../shared/LoadingBar';
import { StaleBanner } from '../shared/StaleBanner';
import { staleReason } from '../shared/staleReason';
import { useCheckNow } from '../shared/useCheckNow';
import { RotationHelp } from './RotationHelp';
import { SecretsHeader } from './SecretsHeader';
import { SecretsList } from './SecretsList';
import { useSecretList } from './useSecretList';
import { VAULT_SOURCE } from './vaultSource';

function kindsOf(items: readonly SecretItem[] | undefined) {
  return new Set((items ?? []).map(item => item.kind));
}

/** Vault has reported: the counts, whether they are current, and every secret. */
export function SecretsDetails(props: {
  entityRef: string;
  summary: SecretsSummary;
  onReload: () => Promise<void>;
}) {
  const { entityRef, summary, onReload } = props;
  const list = useSecretList(entityRef);
  const { reload: reloadList } = list;
  // The summary and the list come from separate requests; reload both or they disagree.
  const reloadAll = useCallback(
    () => Promise.all([reloadList(), onReload()]),
    [reloadList, onReload],
  );
  const check = useCheckNow(entityRef, reloadAll, VAULT_SOURCE);
  return (
    <>
      <CheckNowBar check={check}>
        <SecretsHeader summary={summary} />
      </CheckNowBar>
      {summary.stale && (
        <StaleBanner
          source={VAULT_SOURCE.label}
          reason={list.items ? staleReason(list.items) : null}
          checkedAt={summary.checkedAt}
        />
      )}
      <LoadingBar loading={list.loading} label="Loading secrets" />
      {list.error && (
        <PostureErrorPanel
          error={list.error}
          onRetry={list.reload}
          subject="the secrets"
        />
      )}
      {list.items && <SecretsList items={list.items} />}
      <RotationHelp kinds={kindsOf(list.items)} />
    </>
  );
}
