import { compareSignatureStatus } from '@posture/backstage-plugin-security-common';
import {
  verdictWithoutSignature,
  type SignatureObservation,
} from '@posture/backstage-plugin-security-node';
import type { SignatureVerdict } from '../verify/types';
import { logUrlFor } from '../config/readRekorConfig';

/**
 * One observation for a digest from every verdict reached for it: one verified signature is
 * enough (the newest one is shown); otherwise the most telling failure. Entries that could not
 * even be judged (e.g. a DSSE entry whose envelope the log does not keep) do not make the
 * image signed, but the reason says they exist.
 */
export function summarizeVerdicts(
  digest: string,
  verdicts: SignatureVerdict[],
  options: { unjudged?: string[]; searchUrl: string; entries?: number },
): SignatureObservation {
  const entries = options.entries ?? verdicts.length;
  const unjudged = options.unjudged ?? [];
  const best = verdicts
    .slice()
    .sort(
      (a, b) =>
        compareSignatureStatus(a.status, b.status) ||
        (b.integratedTime ?? '').localeCompare(a.integratedTime ?? ''),
    )[0];
  if (!best) {
    return verdictWithoutSignature(
      digest,
      'unsigned',
      unjudged.length
        ? `${unjudged.length} log entr${
            unjudged.length === 1 ? 'y was' : 'ies were'
          } found but cannot be verified from the log alone (${
            unjudged[0]
          }); upload the bundle from CI`
        : 'no signature or attestation for this digest',
      entries,
    );
  }
  return {
    digest,
    status: best.status,
    reason: best.reason,
    signer: best.signer,
    logIndex: best.logIndex,
    logUrl: logUrlFor(options.searchUrl, best.logIndex),
    integratedTime: best.integratedTime,
    kind: best.kind,
    predicateType: best.predicateType,
    entries,
  };
}
