import type { Capability, PolicyDefinition } from './policies';

/*
 * Vault's ACL policy language, as far as a policy written through sys/policies/acl needs it:
 * `path "pattern" { capabilities = [...] }` blocks (and the legacy `policy = "read"`), comments,
 * and the same document in JSON. Other keys Vault knows in a path block (allowed_parameters,
 * min_wrapping_ttl, ...) are accepted and ignored; keys Vault does not know are refused, as
 * Vault refuses them.
 */

/** A policy text Vault would refuse; the message follows Vault's "failed to parse policy: ...". */
export class PolicyParseError extends Error {}

const CAPABILITIES: ReadonlySet<string> = new Set([
  'create',
  'read',
  'update',
  'patch',
  'delete',
  'list',
  'sudo',
  'deny',
  // Known to Vault, meaningless to the stand-in: accepted and dropped.
  'subscribe',
  'recover',
  'root',
]);

/** What the legacy `policy = "..."` values expand to (vault/policy.go). */
const LEGACY: Record<string, Capability[]> = {
  deny: ['deny'],
  read: ['read', 'list'],
  write: ['create', 'read', 'update', 'delete', 'list'],
  sudo: ['create', 'read', 'update', 'delete', 'list', 'sudo'],
};

const PATH_KEYS = new Set([
  'policy',
  'capabilities',
  'allowed_parameters',
  'denied_parameters',
  'required_parameters',
  'min_wrapping_ttl',
  'max_wrapping_ttl',
  'mfa_methods',
  'control_group',
  'subscribe_event_types',
]);

const ESCAPES: Record<string, string> = { n: '\n', t: '\t' };

type Token =
  | { type: 'string'; value: string; line: number }
  | { type: 'word'; value: string; line: number }
  | { type: 'punct'; value: string; line: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end === -1) throw new PolicyParseError(`unterminated comment`);
      line += text.slice(i, end).split('\n').length - 1;
      i = end + 2;
    } else if (c === '"') {
      let value = '';
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\n') {
          throw new PolicyParseError(`At ${line}: unterminated string`);
        }
        if (text[i] === '\\' && i + 1 < text.length) {
          const next = text[i + 1];
          value += ESCAPES[next] ?? next;
          i += 2;
        } else {
          value += text[i++];
        }
      }
      if (i >= text.length) {
        throw new PolicyParseError(`At ${line}: unterminated string`);
      }
      i++;
      tokens.push({ type: 'string', value, line });
    } else if ('{}[]=,:'.includes(c)) {
      tokens.push({ type: 'punct', value: c, line });
      i++;
    } else if (/[A-Za-z0-9_.-]/.test(c)) {
      let value = '';
      while (i < text.length && /[A-Za-z0-9_.-]/.test(text[i]))
        value += text[i++];
      tokens.push({ type: 'word', value, line });
    } else {
      throw new PolicyParseError(`At ${line}: illegal char "${c}"`);
    }
  }
  return tokens;
}

/** A small recursive-descent reader of the HCL subset above; values are plain JSON. */
class Reader {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  next(what: string): Token {
    const token = this.tokens[this.at++];
    if (!token)
      throw new PolicyParseError(`expected ${what}, found end of input`);
    return token;
  }

  expect(punct: string): void {
    const token = this.next(`"${punct}"`);
    if (token.type !== 'punct' || token.value !== punct) {
      throw new PolicyParseError(
        `At ${token.line}: expected "${punct}", found "${token.value}"`,
      );
    }
  }

  optional(punct: string): boolean {
    const token = this.peek();
    if (token?.type === 'punct' && token.value === punct) {
      this.at++;
      return true;
    }
    return false;
  }

  value(): unknown {
    const token = this.next('a value');
    if (token.type === 'string') return token.value;
    if (token.type === 'word') {
      if (token.value === 'true') return true;
      if (token.value === 'false') return false;
      if (/^-?\d+(\.\d+)?$/.test(token.value)) return Number(token.value);
      return token.value;
    }
    if (token.value === '[') {
      const items: unknown[] = [];
      while (!this.optional(']')) {
        items.push(this.value());
        if (!this.optional(',')) {
          this.expect(']');
          break;
        }
      }
      return items;
    }
    if (token.value === '{') return this.objectBody();
    throw new PolicyParseError(`At ${token.line}: unexpected "${token.value}"`);
  }

  /** After "{": `key = value` pairs (or `key "label" { ... }` blocks) up to "}". */
  objectBody(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (!this.optional('}')) {
      const key = this.next('a key');
      if (key.type === 'punct') {
        throw new PolicyParseError(
          `At ${key.line}: expected a key, found "${key.value}"`,
        );
      }
      if (this.optional('=') || this.optional(':')) {
        out[key.value] = this.value();
      } else {
        const label = this.next('a block label or body');
        if (label.type === 'string') {
          this.expect('{');
          const blocks = (out[key.value] ??= {}) as Record<string, unknown>;
          blocks[label.value] = this.objectBody();
        } else if (label.type === 'punct' && label.value === '{') {
          out[key.value] = this.objectBody();
        } else {
          throw new PolicyParseError(
            `At ${label.line}: expected "=" after "${key.value}"`,
          );
        }
      }
      this.optional(',');
    }
    return out;
  }

  /** The whole document: top-level pairs and blocks, as objectBody without braces. */
  document(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const blocks: Record<string, unknown> = {};
    while (!this.done()) {
      const key = this.next('a key');
      if (key.type === 'punct') {
        throw new PolicyParseError(
          `At ${key.line}: expected a key, found "${key.value}"`,
        );
      }
      if (this.optional('=')) {
        out[key.value] = this.value();
        continue;
      }
      const label = this.next('a block label');
      if (label.type !== 'string') {
        throw new PolicyParseError(
          `At ${label.line}: expected a quoted label after "${key.value}"`,
        );
      }
      this.expect('{');
      const group = (blocks[key.value] ??= {}) as Record<string, unknown>;
      group[label.value] = this.objectBody();
    }
    return { ...out, ...blocks };
  }
}

function capabilitiesOf(
  pattern: string,
  block: Record<string, unknown>,
): Capability[] {
  for (const key of Object.keys(block)) {
    if (!PATH_KEYS.has(key)) {
      throw new PolicyParseError(`path "${pattern}": invalid key "${key}"`);
    }
  }
  const caps = new Set<Capability>();
  if (block.policy !== undefined) {
    const legacy = LEGACY[String(block.policy)];
    if (!legacy) {
      throw new PolicyParseError(
        `path "${pattern}": invalid policy "${String(block.policy)}"`,
      );
    }
    legacy.forEach(c => caps.add(c));
  }
  if (block.capabilities !== undefined) {
    if (!Array.isArray(block.capabilities)) {
      throw new PolicyParseError(
        `path "${pattern}": capabilities must be a list`,
      );
    }
    for (const cap of block.capabilities) {
      const name = String(cap).toLowerCase();
      if (!CAPABILITIES.has(name)) {
        throw new PolicyParseError(
          `path "${pattern}": invalid capability "${String(cap)}"`,
        );
      }
      if (name !== 'subscribe' && name !== 'recover' && name !== 'root') {
        caps.add(name as Capability);
      }
    }
  }
  // Vault: deny wins over everything else in the same block.
  return caps.has('deny') ? ['deny'] : [...caps];
}

/**
 * Parses an ACL policy document (HCL or JSON) into the stand-in's path → capabilities form.
 * Throws {@link PolicyParseError} where Vault answers 400 "failed to parse policy".
 */
export function parsePolicyText(name: string, text: string): PolicyDefinition {
  let document: Record<string, unknown>;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      document = JSON.parse(trimmed);
    } catch (error) {
      throw new PolicyParseError((error as Error).message);
    }
  } else {
    document = new Reader(tokenize(text)).document();
  }
  for (const key of Object.keys(document)) {
    if (key !== 'name' && key !== 'path') {
      throw new PolicyParseError(`invalid key "${key}"`);
    }
  }
  const paths: PolicyDefinition['paths'] = {};
  const blocks = (document.path ?? {}) as Record<string, unknown>;
  if (typeof blocks !== 'object' || Array.isArray(blocks)) {
    throw new PolicyParseError(`"path" must be a map of path blocks`);
  }
  for (const [pattern, block] of Object.entries(blocks)) {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      throw new PolicyParseError(`path "${pattern}": expected a block`);
    }
    // A leading "/" is ignored by Vault's parser.
    const key = pattern.replace(/^\/+/, '');
    paths[key] = capabilitiesOf(pattern, block as Record<string, unknown>);
  }
  return { name, paths };
}

/** HCL for a policy defined in code (seeds, tests), so reads show what Vault would store. */
export function renderPolicyText(policy: PolicyDefinition): string {
  return Object.entries(policy.paths)
    .map(
      ([pattern, caps]) =>
        `path "${pattern}" {\n  capabilities = [${caps
          .map(c => `"${c}"`)
          .join(', ')}]\n}\n`,
    )
    .join('\n');
}

/**
 * Vault tries base64 first (Go's StdEncoding: padded, newlines ignored) and keeps the text as
 * it is when that fails; a policy in HCL never decodes, having spaces and quotes.
 */
export function maybeBase64(text: string): string {
  const compact = text.replace(/[\r\n]/g, '');
  if (
    compact.length > 0 &&
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(
      compact,
    )
  ) {
    return Buffer.from(compact, 'base64').toString('utf8');
  }
  return text;
}
