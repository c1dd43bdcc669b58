import { deterministicSecret, newUuid } from './ids';
import { Clock } from './time';

export interface StaticRole {
  name: string;
  username: string;
  dbName: string;
  /** Seconds, a number: what Vault's server returns (the 1.14 docs example shows "1h"). */
  rotationPeriod: number;
  rotationStatements: string[];
  credentialType: 'password' | 'rsa_private_key';
  /** null until the first rotation; Vault then omits the field from the role. */
  lastVaultRotation: Date | null;
  /** Only static-creds returns it. */
  password: string;
}

export type StaticRoleInput = Omit<
  StaticRole,
  | 'name'
  | 'rotationStatements'
  | 'credentialType'
  | 'lastVaultRotation'
  | 'password'
> &
  Partial<
    Pick<
      StaticRole,
      'rotationStatements' | 'credentialType' | 'lastVaultRotation' | 'password'
    >
  >;

export interface DynamicRole {
  name: string;
  dbName: string;
  defaultTtl: number;
  maxTtl: number;
  creationStatements: string[];
}

export type DynamicRoleInput = Pick<DynamicRole, 'dbName'> &
  Partial<Omit<DynamicRole, 'name' | 'dbName'>>;

export interface IssuedCredential {
  leaseId: string;
  username: string;
  password: string;
  leaseDuration: number;
}

const DEFAULT_ROTATION_STATEMENTS = [
  'ALTER USER "{{name}}" WITH PASSWORD \'{{password}}\';',
];

/** One database secrets engine mount: static roles (tracked by Posture) and dynamic roles. */
export class DatabaseMount {
  readonly staticRoles = new Map<string, StaticRole>();
  readonly dynamicRoles = new Map<string, DynamicRole>();

  constructor(readonly name: string, private readonly now: Clock) {}

  putStaticRole(name: string, input: StaticRoleInput): StaticRole {
    const role: StaticRole = {
      name,
      username: input.username,
      dbName: input.dbName,
      rotationPeriod: input.rotationPeriod,
      rotationStatements: input.rotationStatements ?? [
        ...DEFAULT_ROTATION_STATEMENTS,
      ],
      credentialType: input.credentialType ?? 'password',
      lastVaultRotation: input.lastVaultRotation ?? null,
      password:
        input.password ?? deterministicSecret(`${this.name}/${name}/initial`),
    };
    this.staticRoles.set(name, role);
    return role;
  }

  putDynamicRole(name: string, input: DynamicRoleInput): DynamicRole {
    const role: DynamicRole = {
      name,
      dbName: input.dbName,
      defaultTtl: input.defaultTtl ?? 3600,
      maxTtl: input.maxTtl ?? 86400,
      creationStatements: input.creationStatements ?? [
        "CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
      ],
    };
    this.dynamicRoles.set(name, role);
    return role;
  }

  /** What POST rotate-role/{name} does: a new password and a fresh last_vault_rotation. */
  rotate(name: string): StaticRole | undefined {
    const role = this.staticRoles.get(name);
    if (!role) return undefined;
    role.lastVaultRotation = this.now();
    role.password = deterministicSecret(
      `${this.name}/${name}/${role.lastVaultRotation.toISOString()}`,
    );
    return role;
  }

  issueCredential(name: string): IssuedCredential | undefined {
    const role = this.dynamicRoles.get(name);
    if (!role) return undefined;
    const id = newUuid();
    return {
      leaseId: `${this.name}/creds/${name}/${id
        .replace(/-/g, '')
        .slice(0, 24)}`,
      username: `v-token-${name}-${id.slice(0, 20)}`.slice(0, 63),
      password: deterministicSecret(id),
      leaseDuration: role.defaultTtl,
    };
  }
}

/** All database secrets engine mounts, by mount name ("database"). */
export class DatabaseStore {
  private readonly mounts = new Map<string, DatabaseMount>();

  constructor(private readonly now: Clock) {}

  addMount(name: string): DatabaseMount {
    const key = name.replace(/^\/+|\/+$/g, '');
    const existing = this.mounts.get(key);
    if (existing) return existing;
    const mount = new DatabaseMount(key, this.now);
    this.mounts.set(key, mount);
    return mount;
  }

  mount(name: string): DatabaseMount {
    const mount = this.mounts.get(name.replace(/^\/+|\/+$/g, ''));
    if (!mount) throw new Error(`no database mount named "${name}"`);
    return mount;
  }

  has(name: string): boolean {
    return this.mounts.has(name.replace(/^\/+|\/+$/g, ''));
  }

  names(): string[] {
    return [...this.mounts.keys()];
  }
}
