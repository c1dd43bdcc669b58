import { Backend } from './routes/backend';
import { approleBackend } from './routes/approleAuth';
import { databaseBackend } from './routes/database';
import { kubernetesBackend } from './routes/kubernetesAuth';
import { kvBackend } from './routes/kv';
import { sysPoliciesBackend } from './routes/sysPolicies';
import { tokenBackend } from './routes/tokenAuth';
import { VaultState } from './state';

export interface MountEntry {
  /** Mount path with trailing slash, as in Vault's mount table ("secret/", "auth/token/"). */
  path: string;
  backend: Backend;
}

/**
 * The mount table, built from the state on each request so that mounts a test or seed adds
 * later (a second KV mount) are routed without restarting.
 */
export function mountTable(state: VaultState): MountEntry[] {
  const entries: MountEntry[] = [
    { path: 'auth/token/', backend: tokenBackend(state.tokens) },
    { path: 'sys/policies/acl/', backend: sysPoliciesBackend(state.policies) },
    {
      path: `auth/${state.kubernetesMount}/`,
      backend: kubernetesBackend(
        state.kubernetesMount,
        state.auth,
        state.tokens,
      ),
    },
    {
      path: `auth/${state.approleMount}/`,
      backend: approleBackend(state.approleMount, state.auth, state.tokens),
    },
  ];
  for (const name of state.kv.names()) {
    entries.push({
      path: `${name}/`,
      backend: kvBackend(state.kv.mount(name)),
    });
  }
  for (const name of state.database.names()) {
    entries.push({
      path: `${name}/`,
      backend: databaseBackend(state.database.mount(name), state.now),
    });
  }
  return entries.sort((a, b) => b.path.length - a.path.length);
}

/** Longest-prefix match, as Vault's router does. */
export function matchMount(
  table: MountEntry[],
  path: string,
): { mount: MountEntry; subPath: string } | undefined {
  for (const mount of table) {
    if (path.startsWith(mount.path)) {
      return { mount, subPath: path.slice(mount.path.length) };
    }
    if (`${path}/` === mount.path) return { mount, subPath: '' };
  }
  return undefined;
}
