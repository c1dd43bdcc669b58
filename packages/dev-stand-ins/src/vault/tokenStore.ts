import { newAccessor, newServiceToken, newUuid } from './ids';
import { addSeconds, Clock, humanDuration, secondsBetween } from './time';

/** Vault's system default and maximum lease TTL (32 days). */
export const SYSTEM_MAX_TTL = 2764800;
export const SYSTEM_DEFAULT_TTL = 2764800;

export interface TokenEntry {
  id: string;
  accessor: string;
  /** Token policies, sorted, with "default" unless it is a root token or opted out. */
  policies: string[];
  /** Policies from an identity entity; Vault reports them apart from the token's own. */
  identityPolicies: string[];
  path: string;
  displayName: string;
  meta: Record<string, string> | null;
  issueTime: Date;
  /** Seconds; 0 means the token never expires (root). */
  creationTtl: number;
  expireTime: Date | null;
  explicitMaxTtl: number;
  /** A role's max_ttl, which also caps renewals; 0 when none. */
  maxTtl: number;
  renewable: boolean;
  numUses: number;
  orphan: boolean;
  entityId: string;
  lastRenewal: Date | null;
}

export interface TokenInput {
  /** Fixed token id, e.g. a well-known root token for the demo. */
  id?: string;
  policies?: string[];
  identityPolicies?: string[];
  noDefaultPolicy?: boolean;
  /** Seconds; defaults to the system default TTL, or 0 (no expiry) for root tokens. */
  ttl?: number;
  explicitMaxTtl?: number;
  maxTtl?: number;
  renewable?: boolean;
  displayName?: string;
  path?: string;
  meta?: Record<string, string> | null;
  entityId?: string;
  orphan?: boolean;
  /** Backdates issuance, so tests can create tokens that are close to expiry. */
  issuedAt?: Date;
}

export type RenewResult =
  | { kind: 'renewed'; ttl: number; warnings: string[] }
  | { kind: 'no-lease' }
  | { kind: 'not-renewable' }
  | { kind: 'past-max-ttl' };

function normalisePolicies(policies: string[], addDefault: boolean): string[] {
  const set = new Set(
    policies.map(p => p.trim().toLowerCase()).filter(Boolean),
  );
  if (set.has('root')) return ['root'];
  if (addDefault) set.add('default');
  return [...set].sort();
}

/** Tokens by id, with expiry read from the injected clock. */
export class TokenStore {
  private readonly byId = new Map<string, TokenEntry>();

  constructor(private readonly now: Clock) {}

  create(input: TokenInput = {}): TokenEntry {
    const issueTime = input.issuedAt ?? this.now();
    const policies = normalisePolicies(
      input.policies ?? [],
      !input.noDefaultPolicy,
    );
    const isRoot = policies.includes('root');
    const ttl = input.ttl ?? (isRoot ? 0 : SYSTEM_DEFAULT_TTL);
    const entry: TokenEntry = {
      id: input.id ?? newServiceToken(),
      accessor: newAccessor(),
      policies,
      identityPolicies: [...(input.identityPolicies ?? [])],
      path: input.path ?? (isRoot ? 'auth/token/root' : 'auth/token/create'),
      displayName: input.displayName ?? (isRoot ? 'root' : 'token'),
      meta: input.meta ?? null,
      issueTime,
      creationTtl: ttl,
      expireTime: ttl > 0 ? addSeconds(issueTime, ttl) : null,
      explicitMaxTtl: input.explicitMaxTtl ?? 0,
      maxTtl: input.maxTtl ?? 0,
      renewable: input.renewable ?? (ttl > 0 && !isRoot),
      numUses: 0,
      orphan: input.orphan ?? true,
      entityId:
        input.entityId ?? (input.identityPolicies?.length ? newUuid() : ''),
      lastRenewal: null,
    };
    this.byId.set(entry.id, entry);
    return entry;
  }

  /** The live token, or undefined when unknown, revoked or expired (Vault revokes on expiry). */
  lookup(id: string | undefined): TokenEntry | undefined {
    if (!id) return undefined;
    const entry = this.byId.get(id);
    if (!entry) return undefined;
    if (
      entry.expireTime &&
      entry.expireTime.getTime() <= this.now().getTime()
    ) {
      this.byId.delete(id);
      return undefined;
    }
    return entry;
  }

  /** Accessor of a live token, for the request log (which must never hold the token). */
  accessorOf(id: string | undefined): string | null {
    return this.lookup(id)?.accessor ?? null;
  }

  revoke(id: string): void {
    this.byId.delete(id);
  }

  /** Seconds left before expiry; 0 for tokens that never expire. */
  ttlOf(entry: TokenEntry): number {
    if (!entry.expireTime) return 0;
    return Math.max(0, secondsBetween(this.now(), entry.expireTime));
  }

  /** Follows Vault's framework.CalculateTTL for token renewal. */
  renew(entry: TokenEntry, incrementSeconds: number): RenewResult {
    if (!entry.expireTime) return { kind: 'no-lease' };
    if (!entry.renewable) return { kind: 'not-renewable' };
    const now = this.now();
    let maxTtl = SYSTEM_MAX_TTL;
    if (entry.maxTtl > 0 && entry.maxTtl < maxTtl) maxTtl = entry.maxTtl;
    if (entry.explicitMaxTtl > 0 && entry.explicitMaxTtl < maxTtl) {
      maxTtl = entry.explicitMaxTtl;
    }
    let ttl = incrementSeconds > 0 ? incrementSeconds : entry.creationTtl;
    if (ttl <= 0) ttl = SYSTEM_DEFAULT_TTL;
    const maxValidTtl = secondsBetween(
      now,
      addSeconds(entry.issueTime, maxTtl),
    );
    if (maxValidTtl <= 0) return { kind: 'past-max-ttl' };
    const warnings: string[] = [];
    if (ttl > maxValidTtl) {
      warnings.push(
        `TTL of "${humanDuration(
          ttl,
        )}" exceeded the effective max_ttl of "${humanDuration(
          maxValidTtl,
        )}"; TTL value is capped accordingly`,
      );
      ttl = maxValidTtl;
    }
    entry.expireTime = addSeconds(now, ttl);
    entry.lastRenewal = now;
    return { kind: 'renewed', ttl, warnings };
  }
}
