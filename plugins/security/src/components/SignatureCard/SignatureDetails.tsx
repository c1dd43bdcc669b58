import type { Entity } from '@backstage/catalog-model';
import type {
  SignatureItem,
  SignatureSummary,
} from '@posture/backstage-plugin-security-common';
import { useCallback } from 'react';
import { CheckNowBar } from '../shared/CheckNowBar';
import { StaleBanner } from '../shared/StaleBanner';
import { staleReason } from '../shared/staleReason';
import { useCheckNow } from '../shared/useCheckNow';
import { REKOR_SOURCE } from './rekorSource';
import { SignatureAdvice } from './SignatureAdvice';
import { SignatureFacts } from './SignatureFacts';
import { SignatureHeader } from './SignatureHeader';
import { SignatureVerdicts } from './SignatureVerdicts';
import { signingTarget } from './signingCommands';
import { SigningInstructions } from './SigningInstructions';
import { useSignatureList } from './useSignatureList';

/** Why the summary's digest could not be checked, from the errors its verdicts carry. */
function summaryStaleReason(
  summary: SignatureSummary,
  items: readonly SignatureItem[] | undefined,
): string | null {
  const ofDigest = (items ?? []).filter(
    item => !summary.digest || item.digest === summary.digest,
  );
  return staleReason(ofDigest);
}

/** A source has judged the image: the verdict, its evidence, what to do, and every verdict. */
export function SignatureDetails(props: {
  entity: Entity;
  entityRef: string;
  summary: SignatureSummary;
  onReload: () => Promise<void>;
}) {
  const { entity, entityRef, summary, onReload } = props;
  const list = useSignatureList(entityRef);
  const { reload: reloadList } = list;
  // The summary and the list come from separate requests; reload both or they disagree.
  const reloadAll = useCallback(
    () => Promise.all([reloadList(), onReload()]),
    [reloadList, onReload],
  );
  const check = useCheckNow(entityRef, reloadAll, REKOR_SOURCE);
  return (
    <>
      <CheckNowBar check={check}>
        <SignatureHeader summary={summary} />
      </CheckNowBar>
      {summary.stale && (
        <StaleBanner
          source="The transparency log"
          subject="verdict"
          reason={summaryStaleReason(summary, list.value?.items)}
          checkedAt={summary.checkedAt}
        />
      )}
      <SignatureFacts summary={summary} />
      <SignatureAdvice summary={summary} />
      {summary.status === 'unsigned' && (
        <SigningInstructions
          entityRef={entityRef}
          target={signingTarget(entity, summary.digest)}
        />
      )}
      <SignatureVerdicts list={list} />
    </>
  );
}
