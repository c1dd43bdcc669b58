import type { SecretItem } from '@posture/backstage-plugin-security-common';
import { useReloadable, type Reloadable } from '../shared/useReloadable';

export type SecretList = Omit<Reloadable<SecretItem[]>, 'value'> & {
  items?: SecretItem[];
};

/** The entity's secrets, loaded on mount and again whenever asked. */
export function useSecretList(entityRef: string): SecretList {
  const { value, ...rest } = useReloadable(
    async api => (await api.listSecrets(entityRef)).items,
    [entityRef],
  );
  return { ...rest, items: value };
}
