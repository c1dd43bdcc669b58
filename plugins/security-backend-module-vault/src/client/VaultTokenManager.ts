import fs from 'fs/promises';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { VaultAuthConfig } from '../config';
import { abortable } from '@posture/backstage-plugin-security-node';
import { VaultError } from './VaultError';
import type { VaultHttp } from './VaultHttp';
import { authSchema, parseVaultBody, tokenLookupSchema } from './schemas';
import type { VaultRoute } from './vaultRoutes';

/** @public */
export interface VaultTokenManagerOptions {
  auth: VaultAuthConfig;
  http: VaultHttp;
  /** Epoch milliseconds. */
  now: () => number;
  /** Reads the Kubernetes service-account JWT; injectable for tests. */
  readFile?: (path: string) => Promise<string>;
  logger?: LoggerService;
  /** The configuration key of `auth`, for messages; `security.vault.auth` by default. */
  configKey?: string;
}

interface HeldToken {
  token: string;
  renewable: boolean;
  /** The TTL the token was issued with; a renewal granting less has reached the max TTL. */
  issuedTtlMs: number;
  /** Null for a token that never expires. */
  expiresAt: number | null;
  /** When to renew or replace it; null when nothing is to be done before expiry. */
  refreshAt: number | null;
}

/** Renew at two thirds of the TTL: late enough to be cheap, early enough to survive a retry. */
const REFRESH_FRACTION = 2 / 3;
/** After a failed renewal that left the token usable, try again this much later. */
const RENEW_RETRY_MS = 30_000;
/** A token found alive after a 403 is not looked up again for this long. */
const VERIFY_INTERVAL_MS = 60_000;

/**
 * Holds the Posture token: looks a static token up to learn its TTL, renews renewable tokens
 * at 2/3 of their TTL, and logs in again (Kubernetes or AppRole) when a token cannot be
 * renewed any more. Work is lazy, on the next request, so nothing runs while the backend is
 * idle and tests can move a fake clock.
 */
export class VaultTokenManager {
  private held?: HeldToken;
  private pending?: Promise<HeldToken>;
  private verification?: { token: string; at: number; dead: Promise<boolean> };
  private readonly readFile: (path: string) => Promise<string>;

  constructor(private readonly options: VaultTokenManagerOptions) {
    this.readFile = options.readFile ?? (p => fs.readFile(p, 'utf8'));
    const { auth, http } = options;
    if (auth.method === 'token') http.addCredential(auth.token);
    if (auth.method === 'approle') {
      http.addCredential(auth.secretId);
      http.addCredential(auth.roleId);
    }
  }

  /** A token valid now; throws a {@link VaultError} of kind `auth` when none can be had. */
  async token(signal?: AbortSignal): Promise<string> {
    signal?.throwIfAborted();
    const held = this.held;
    const now = this.options.now();
    if (
      held &&
      (held.refreshAt === null || now < held.refreshAt) &&
      (held.expiresAt === null || now < held.expiresAt)
    ) {
      return held.token;
    }
    // One renewal or login at a time, shared by every request that needs it. It is not tied
    // to one caller's signal, so one cancelled caller cannot fail the others.
    this.pending ??= this.refresh(held).finally(() => {
      this.pending = undefined;
    });
    return (await abortable(this.pending, signal)).token;
  }

  /**
   * Vault answers 403 both for a path the policy does not cover and for a token that was
   * revoked early. After a 403, this tells the two apart with `lookup-self` (once per token
   * and minute, shared by concurrent callers); a dead token is dropped, so the caller can
   * retry with a fresh login. True when the caller should retry.
   */
  async tokenWasDead(usedToken: string): Promise<boolean> {
    if (this.held?.token !== usedToken) return true;
    const now = this.options.now();
    const last = this.verification;
    if (
      !last ||
      last.token !== usedToken ||
      now - last.at >= VERIFY_INTERVAL_MS
    ) {
      this.verification = {
        token: usedToken,
        at: now,
        dead: this.isDead(usedToken),
      };
    }
    return this.verification!.dead;
  }

  private async isDead(token: string): Promise<boolean> {
    try {
      await this.options.http.send({ name: 'token-lookup-self' }, { token });
      return false;
    } catch (error) {
      if (error instanceof VaultError && error.status === 403) {
        if (this.held?.token === token) this.held = undefined;
        this.options.logger?.info(
          'The Posture Vault token is no longer valid; getting a new one',
        );
        return true;
      }
      return false;
    }
  }

  private async refresh(held: HeldToken | undefined): Promise<HeldToken> {
    try {
      this.held = await this.next(held);
      return this.held;
    } catch (error) {
      if (error instanceof VaultError && error.kind === 'auth') throw error;
      throw new VaultError(
        'auth',
        `Vault authentication failed: ${(error as Error).message}`,
        (error as VaultError).status,
      );
    }
  }

  private async next(held: HeldToken | undefined): Promise<HeldToken> {
    const { auth } = this.options;
    const now = this.options.now();
    const expired =
      held !== undefined && held.expiresAt !== null && now >= held.expiresAt;
    if (auth.method === 'token') {
      if (!held) return this.lookupStatic(auth.token);
      if (expired) {
        throw new VaultError(
          'auth',
          `the Vault token in ${
            this.options.configKey ?? 'security.vault.auth'
          }.token expired at ${new Date(
            held.expiresAt!,
          ).toISOString()} and cannot be renewed; configure a new token, or use kubernetes or approle auth so Posture can log in again`,
        );
      }
      return held.renewable ? this.renewOrKeep(held, false) : held;
    }
    if (!held || expired || !held.renewable) return this.login(auth);
    return this.renewOrKeep(held, true);
  }

  private async lookupStatic(token: string): Promise<HeldToken> {
    const route: VaultRoute = { name: 'token-lookup-self' };
    const response = await this.options.http.send(route, { token });
    const data = parseVaultBody(
      tokenLookupSchema,
      response.body,
      'data',
      'the token lookup',
      route,
    );
    const ttlMs = data.ttl * 1000;
    const now = this.options.now();
    if (ttlMs <= 0) {
      return {
        token,
        renewable: false,
        issuedTtlMs: 0,
        expiresAt: null,
        refreshAt: null,
      };
    }
    const renewable = Boolean(data.renewable);
    return {
      token,
      renewable,
      issuedTtlMs: (data.creation_ttl ?? data.ttl) * 1000,
      expiresAt: now + ttlMs,
      refreshAt: renewable ? now + ttlMs * REFRESH_FRACTION : null,
    };
  }

  private async renewOrKeep(
    held: HeldToken,
    canLogin: boolean,
  ): Promise<HeldToken> {
    const { http, logger, auth } = this.options;
    const route: VaultRoute = { name: 'token-renew-self' };
    try {
      const response = await http.send(route, {
        token: held.token,
        body: {},
      });
      const renewed = parseVaultBody(
        authSchema,
        response.body,
        'auth',
        'the token renewal',
        route,
      );
      const now = this.options.now();
      const ttlMs = renewed.lease_duration * 1000;
      return {
        token: renewed.client_token,
        // Granted less than it was issued with: the max TTL is near, renewing again is futile.
        renewable: renewed.renewable && ttlMs >= held.issuedTtlMs,
        issuedTtlMs: held.issuedTtlMs,
        expiresAt: now + ttlMs,
        refreshAt: now + ttlMs * REFRESH_FRACTION,
      };
    } catch (error) {
      if (!(error instanceof VaultError)) throw error;
      const refused =
        error.status !== undefined && error.status >= 400 && error.status < 500;
      if (refused && canLogin) {
        logger?.info(
          `Vault refused to renew the Posture token (${error.status}); logging in again`,
        );
        return this.login(
          auth as Exclude<VaultAuthConfig, { method: 'token' }>,
        );
      }
      logger?.warn(
        `Could not renew the Posture Vault token: ${http.redact(
          error.message,
        )}`,
      );
      const now = this.options.now();
      if (held.expiresAt !== null && now >= held.expiresAt) throw error;
      // Keep using it while it lasts; a refused renewal will not succeed later either.
      return {
        ...held,
        renewable: held.renewable && !refused,
        refreshAt: refused
          ? null
          : Math.min(now + RENEW_RETRY_MS, held.expiresAt ?? Infinity),
      };
    }
  }

  private async login(
    auth: Exclude<VaultAuthConfig, { method: 'token' }>,
  ): Promise<HeldToken> {
    const { http } = this.options;
    const body =
      auth.method === 'kubernetes'
        ? {
            role: auth.role,
            jwt: await this.serviceAccountToken(auth.tokenPath),
          }
        : { role_id: auth.roleId, secret_id: auth.secretId };
    const route: VaultRoute = {
      name: 'login',
      method: auth.method,
      authMount: auth.mountPath,
    };
    const response = await http.send(route, { body });
    const granted = parseVaultBody(
      authSchema,
      response.body,
      'auth',
      `the ${auth.method} login`,
      route,
    );
    http.addCredential(granted.client_token);
    const now = this.options.now();
    const ttlMs = granted.lease_duration * 1000;
    return {
      token: granted.client_token,
      renewable: granted.renewable && ttlMs > 0,
      issuedTtlMs: ttlMs,
      expiresAt: ttlMs > 0 ? now + ttlMs : null,
      refreshAt: ttlMs > 0 ? now + ttlMs * REFRESH_FRACTION : null,
    };
  }

  /** Read at every login: projected service-account tokens are rotated by the kubelet. */
  private async serviceAccountToken(tokenPath: string): Promise<string> {
    let jwt: string;
    try {
      jwt = (await this.readFile(tokenPath)).trim();
    } catch (error) {
      throw new VaultError(
        'auth',
        `cannot read the Kubernetes service-account token at ${tokenPath}: ${
          (error as NodeJS.ErrnoException).code ?? 'unreadable'
        }`,
      );
    }
    if (!jwt) {
      throw new VaultError(
        'auth',
        `the Kubernetes service-account token at ${tokenPath} is empty`,
      );
    }
    this.options.http.addCredential(jwt);
    return jwt;
  }
}
