export { VaultSecretsSource } from './VaultSecretsSource';
export type {
  VaultSecretsReader,
  VaultSecretsSourceOptions,
} from './VaultSecretsSource';
export { kvSecretObservation, declaredMaxAgeDays } from './kvSecretObservation';
export { staticRoleObservation } from './staticRoleObservation';
