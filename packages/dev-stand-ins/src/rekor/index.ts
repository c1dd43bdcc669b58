export { createRekorStandIn } from './createRekorStandIn';
export type {
  CreateRekorStandInOptions,
  RekorStandIn,
} from './createRekorStandIn';
export { RekorState } from './state';
export type { RekorStandInOptions } from './state';
export type {
  RekorEntryInput,
  RekorEntryResponse,
  RekorInclusionProof,
  RekorLogEntry,
  RekorStoredEntry,
} from './types';
export {
  decodeBody as decodeRekorBody,
  indexKeysOf as rekorIndexKeysOf,
  loadEntriesDir as loadRekorEntriesDir,
} from './entries';
export type { LoadedEntries as LoadedRekorEntries } from './entries';
export {
  deriveLogInfo as deriveRekorLogInfo,
  logIdOfPublicKey as rekorLogIdOfPublicKey,
  parseCheckpoint,
} from './logInfo';
export type { ParsedCheckpoint, RekorLogInfo, RekorShardInfo } from './logInfo';
export { defaultRekorEntriesDir, defaultRekorPublicKeyPath } from './publicKey';
export { classifyRekorPath } from './classifyPath';
export type { RekorPathClass } from './classifyPath';
export { RekorRequestLog } from './requestLog';
export type { RekorRequestLogEntry } from './requestLog';
export { RekorFaultRegistry } from './faults';
export type { RekorFault } from './faults';
export { parseRekorCliArgs, runRekorCli } from './cli';
export type { RekorCliOptions } from './cli';
