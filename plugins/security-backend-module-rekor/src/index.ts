/**
 * Posture source for Sigstore signatures and attestations: offline verification of
 * bundles and Rekor log entries against pinned trusted roots.
 *
 * @packageDocumentation
 */

export { verifyBundle } from './verify/verifyBundle';
export type { VerifyBundleOptions } from './verify/verifyBundle';
export { loadTrustMaterial, mergeTrustedRoots } from './verify/trustMaterial';
export type { TrustedRootSource } from './verify/trustMaterial';
export {
  bundleFromRekorEntry,
  parseRekorEntriesResponse,
  rekorEntryToTlogEntry,
} from './verify/rekorEntry';
export type {
  EntryMaterial,
  RekorV1LogEntry,
  SerializedTlogEntry,
} from './verify/rekorEntry';
export type {
  AllowedIdentity,
  SignatureVerdict,
  SignatureVerdictStatus,
} from './verify/types';
export type { TrustMaterial } from '@sigstore/verify';
