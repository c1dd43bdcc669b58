/**
 * Posture module for Sigstore signatures and attestations: uploaded bundles and Rekor log
 * entries, verified offline against configured trusted roots and a signer policy.
 *
 * @packageDocumentation
 */

export { securityModuleRekor as default } from './module';
export { RekorClient, RekorError } from './pull/RekorClient';
export { RekorSignatureSource } from './pull/RekorSignatureSource';
export { SigstoreBundleHandler } from './push/SigstoreBundleHandler';
export { readRekorConfig } from './config/readRekorConfig';
export type { RekorConfig } from './config/readRekorConfig';
export { readSigningConfig } from './config/readSigningConfig';
export type { SigningConfig } from './config/readSigningConfig';

export { verifyBundle } from './verify/verifyBundle';
export { verifyLogEntry } from './verify/verifyLogEntry';
export type { LogEntryCheck } from './verify/verifyLogEntry';
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
