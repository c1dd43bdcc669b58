import { AuthRoles } from './authRoles';
import { DatabaseStore } from './databaseStore';
import { FaultRegistry } from './faults';
import { KvMountConfig, KvStore } from './kvStore';
import { PolicyDefinition, PolicyStore } from './policies';
import { Clock, systemClock } from './time';
import { TokenEntry, TokenStore } from './tokenStore';

/** What sys/health reports, and whether the rest of the API answers at all. */
export interface HealthState {
  initialized: boolean;
  sealed: boolean;
  standby: boolean;
  performanceStandby: boolean;
  replicationPerformanceMode: string;
  replicationDrMode: string;
  version: string;
  clusterName: string;
  clusterId: string;
}

export interface VaultStandInOptions {
  /** The clock for token expiry, KV times and the log; freeze it in tests. */
  now?: Clock;
  /** Root token id; random ("hvs.…") when absent. */
  rootToken?: string;
  /** KV v2 mounts; default ['secret']. */
  kvMounts?: Array<string | { name: string; config?: KvMountConfig }>;
  /** Database secrets engine mounts; default ['database']. */
  databaseMounts?: string[];
  /** Mount path of the Kubernetes auth method under auth/; default 'kubernetes'. */
  kubernetesMount?: string;
  /** Mount path of the AppRole auth method under auth/; default 'approle'. */
  approleMount?: string;
  policies?: PolicyDefinition[];
  /**
   * When set, every request but sys/health must carry this X-Vault-Namespace (Enterprise);
   * others get 403 as a token from another namespace would.
   */
  namespace?: string;
  /** Add `mount_type` to envelopes, as Vault 1.15+ does; 1.14 (the fixtures) has none. */
  includeMountType?: boolean;
  health?: Partial<HealthState>;
}

/** Everything the stand-in knows; tests and seeds change it directly. */
export class VaultState {
  readonly now: Clock;
  readonly kv: KvStore;
  readonly database: DatabaseStore;
  readonly tokens: TokenStore;
  readonly policies: PolicyStore;
  readonly auth = new AuthRoles();
  readonly faults = new FaultRegistry();
  readonly health: HealthState;
  readonly root: TokenEntry;
  readonly namespace: string | undefined;
  readonly includeMountType: boolean;
  readonly kubernetesMount: string;
  readonly approleMount: string;

  constructor(options: VaultStandInOptions = {}) {
    this.now = options.now ?? systemClock;
    this.kv = new KvStore(this.now);
    this.database = new DatabaseStore(this.now);
    this.tokens = new TokenStore(this.now);
    this.policies = new PolicyStore(options.policies);
    for (const mount of options.kvMounts ?? ['secret']) {
      if (typeof mount === 'string') this.kv.addMount(mount);
      else this.kv.addMount(mount.name, mount.config);
    }
    for (const mount of options.databaseMounts ?? ['database']) {
      this.database.addMount(mount);
    }
    this.health = {
      initialized: true,
      sealed: false,
      standby: false,
      performanceStandby: false,
      replicationPerformanceMode: 'disabled',
      replicationDrMode: 'disabled',
      version: '1.14.8',
      clusterName: 'vault-cluster-posture',
      clusterId: '7d1cbe4b-3b56-4f3c-9c5e-2f1a0b7c9d3e',
      ...options.health,
    };
    this.root = this.tokens.create({
      id: options.rootToken,
      policies: ['root'],
    });
    this.namespace = options.namespace
      ? options.namespace.replace(/^\/+|\/+$/g, '')
      : undefined;
    this.includeMountType = options.includeMountType ?? false;
    this.kubernetesMount = (options.kubernetesMount ?? 'kubernetes').replace(
      /^\/+|\/+$/g,
      '',
    );
    this.approleMount = (options.approleMount ?? 'approle').replace(
      /^\/+|\/+$/g,
      '',
    );
  }

  get sealed(): boolean {
    return this.health.sealed;
  }

  set sealed(value: boolean) {
    this.health.sealed = value;
  }
}
