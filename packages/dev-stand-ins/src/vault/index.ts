export { createVaultStandIn } from './createVaultStandIn';
export type { VaultStandIn } from './createVaultStandIn';
export type { RunningServer } from './server';
export { VaultState } from './state';
export type { HealthState, VaultStandInOptions } from './state';
export { classifyPath } from './classifyPath';
export type { MountNames, PathClass } from './classifyPath';
export { RequestLog } from './requestLog';
export type { RequestLogEntry } from './requestLog';
export { FaultRegistry } from './faults';
export type { Fault } from './faults';
export { PolicyStore, DEFAULT_POLICY } from './policies';
export { parsePolicyText, PolicyParseError } from './policyText';
export type { Capability, PolicyDefinition } from './policies';
export { KvMount, KvStore } from './kvStore';
export type {
  KvMetadataUpdate,
  KvMountConfig,
  KvSecret,
  KvVersion,
  KvWriteOptions,
} from './kvStore';
export { DatabaseMount, DatabaseStore } from './databaseStore';
export type {
  DynamicRole,
  DynamicRoleInput,
  StaticRole,
  StaticRoleInput,
} from './databaseStore';
export { TokenStore, SYSTEM_DEFAULT_TTL, SYSTEM_MAX_TTL } from './tokenStore';
export type { RenewResult, TokenEntry, TokenInput } from './tokenStore';
export { AuthRoles } from './authRoles';
export type { AppRoleRole, KubernetesRole } from './authRoles';
export type { Clock } from './time';
export {
  seedVaultDemo,
  DEMO_APPROLE_ROLE_ID,
  DEMO_APPROLE_SECRET_ID,
  DEMO_KUBERNETES_JWT,
  DEMO_PROVISIONER_TOKEN,
  DEMO_READER_TOKEN,
  PROVISIONED_POLICY_PREFIX,
  provisionerPolicy,
} from './demoSeed';
export type {
  DemoSecretClass,
  DemoSeedOptions,
  DemoSeedResult,
  SeededSecret,
  SeededStaticRole,
} from './demoSeed';
export {
  defaultCatalogPath,
  parseVaultAnnotations,
  readVaultAnnotations,
} from './catalogAnnotations';
export type { VaultAnnotations } from './catalogAnnotations';
export { parseVaultCliArgs, runVaultCli } from './cli';
export type { VaultCliOptions } from './cli';
