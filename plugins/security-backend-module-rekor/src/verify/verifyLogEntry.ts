import type { TransparencyLogEntry } from '@sigstore/bundle';
import { TransparencyLogEntry as TlogEntryJson } from '@sigstore/protobuf-specs';
import { VerificationError, type TrustMaterial } from '@sigstore/verify';
// The log-only check (SET, inclusion proof, signed checkpoint) is internal to
// @sigstore/verify, which is pinned to 4.1.3 for that reason; verifyLogEntry.test.ts fails
// if a version moves it.
import { verifyTLogInclusion } from '@sigstore/verify/dist/tlog';
import { failureCategory } from './failureCategory';
import { rekorEntryToTlogEntry } from './rekorEntry';
import { checkpointMismatch, unauthenticatedEntryFields } from './tlogChecks';

/** @public */
export type LogEntryCheck =
  | { ok: true; logIndex: number; integratedTime: string }
  | { ok: false; reason: string };

/**
 * Whether the log vouches for an entry of any kind: its signed entry timestamp, inclusion
 * proof and signed checkpoint against the trusted logs. This proves "logged", not "signed":
 * it is how Posture tells a forged log answer from a genuine entry it cannot judge further
 * (e.g. a DSSE entry whose envelope the log does not keep).
 * @public
 */
export function verifyLogEntry(
  entry: unknown,
  trust: TrustMaterial,
): LogEntryCheck {
  let tlogEntry: TransparencyLogEntry;
  try {
    // The bundle package's type is the protobuf one with the fields a v1 entry always has.
    tlogEntry = TlogEntryJson.fromJSON(
      rekorEntryToTlogEntry(entry),
    ) as TransparencyLogEntry;
  } catch (error) {
    return { ok: false, reason: `bad log entry: ${(error as Error).message}` };
  }
  try {
    verifyTLogInclusion(tlogEntry, trust.tlogs);
  } catch (error) {
    if (error instanceof VerificationError) {
      return {
        ok: false,
        reason: `${failureCategory(error.code, error.message)}: ${
          error.code
        }: ${error.message}`,
      };
    }
    return { ok: false, reason: `bad log proof: ${(error as Error).message}` };
  }
  const problem =
    checkpointMismatch(tlogEntry) ?? unauthenticatedEntryFields(tlogEntry);
  if (problem) {
    return { ok: false, reason: `bad log proof: ${problem}` };
  }
  return {
    ok: true,
    logIndex: Number(tlogEntry.logIndex),
    integratedTime: new Date(
      Number(tlogEntry.integratedTime) * 1000,
    ).toISOString(),
  };
}
