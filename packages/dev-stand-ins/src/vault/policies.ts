export type Capability =
  | 'create'
  | 'read'
  | 'update'
  | 'patch'
  | 'delete'
  | 'list'
  | 'sudo'
  | 'deny';

/** An ACL policy in JSON form: path pattern → capabilities, e.g. 'secret/metadata/*': ['read', 'list']. */
export interface PolicyDefinition {
  name: string;
  paths: Record<string, Capability[]>;
  /** The policy document as written to sys/policies/acl; rendered from `paths` when absent. */
  raw?: string;
}

/**
 * The parts of Vault's built-in "default" policy a client of this stand-in can reach, so a
 * token without any other policy can still look itself up and renew itself.
 */
export const DEFAULT_POLICY: PolicyDefinition = {
  name: 'default',
  paths: {
    'auth/token/lookup-self': ['read'],
    'auth/token/renew-self': ['update'],
    'auth/token/revoke-self': ['update'],
    'sys/capabilities-self': ['update'],
  },
};

interface CompiledRule {
  pattern: string;
  regex: RegExp;
  capabilities: Set<Capability>;
}

function compile(pattern: string): RegExp {
  const glob = pattern.endsWith('*');
  const body = glob ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('/')
    .map(segment =>
      segment === '+'
        ? '[^/]+'
        : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}${glob ? '.*' : ''}$`);
}

/**
 * Vault's documented priority between matching patterns: the later the first wildcard, the
 * higher; a trailing '*' loses to none; fewer '+' wins; longer wins; then lexicographic.
 */
function morePrecise(a: string, b: string): boolean {
  const firstWildcard = (p: string) => {
    const positions = [p.indexOf('+'), p.indexOf('*')].filter(i => i >= 0);
    return positions.length ? Math.min(...positions) : Infinity;
  };
  if (firstWildcard(a) !== firstWildcard(b)) {
    return firstWildcard(a) > firstWildcard(b);
  }
  if (a.endsWith('*') !== b.endsWith('*')) return !a.endsWith('*');
  const plus = (p: string) => p.split('/').filter(s => s === '+').length;
  if (plus(a) !== plus(b)) return plus(a) < plus(b);
  if (a.length !== b.length) return a.length > b.length;
  return a > b;
}

/** Named ACL policies and the check Vault runs before routing a request. */
export class PolicyStore {
  private readonly policies = new Map<string, PolicyDefinition>();

  constructor(initial: PolicyDefinition[] = []) {
    this.set(DEFAULT_POLICY);
    for (const policy of initial) this.set(policy);
  }

  set(policy: PolicyDefinition): void {
    this.policies.set(policy.name.toLowerCase(), {
      name: policy.name.toLowerCase(),
      paths: { ...policy.paths },
      ...(policy.raw !== undefined ? { raw: policy.raw } : {}),
    });
  }

  get(name: string): PolicyDefinition | undefined {
    return this.policies.get(name.toLowerCase());
  }

  delete(name: string): void {
    this.policies.delete(name.toLowerCase());
  }

  /** Stored policy names, sorted as Vault's storage lists them ("root" is not stored). */
  names(): string[] {
    return [...this.policies.keys()].sort();
  }

  /** The capabilities the named policies grant on a path (request path relative to /v1/). */
  capabilities(policyNames: string[], path: string): Set<Capability> {
    if (policyNames.includes('root')) {
      return new Set<Capability>([
        'create',
        'read',
        'update',
        'patch',
        'delete',
        'list',
        'sudo',
      ]);
    }
    const merged = new Map<string, CompiledRule>();
    for (const name of policyNames) {
      const policy = this.get(name);
      if (!policy) continue;
      for (const [pattern, caps] of Object.entries(policy.paths)) {
        const rule = merged.get(pattern) ?? {
          pattern,
          regex: compile(pattern),
          capabilities: new Set<Capability>(),
        };
        for (const cap of caps) rule.capabilities.add(cap);
        merged.set(pattern, rule);
      }
    }
    let best: CompiledRule | undefined;
    for (const rule of merged.values()) {
      if (!rule.regex.test(path)) continue;
      if (!best || morePrecise(rule.pattern, best.pattern)) best = rule;
    }
    if (!best || best.capabilities.has('deny')) return new Set();
    return new Set(best.capabilities);
  }

  allows(policyNames: string[], path: string, capability: Capability): boolean {
    return this.capabilities(policyNames, path).has(capability);
  }
}
