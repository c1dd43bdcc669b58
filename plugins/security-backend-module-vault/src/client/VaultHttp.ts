import type { LoggerService } from '@backstage/backend-plugin-api';
import { Agent, fetch } from 'undici';
import {
  concurrencyLimiter,
  parseRetryAfter,
  rateLimiter,
  withRetries,
  type ConcurrencyLimiter,
  type RateLimiter,
} from '@posture/backstage-plugin-security-node';
import { VaultError, vaultErrorForStatus } from './VaultError';
import {
  buildVaultRequest,
  VaultPathError,
  type VaultRequest,
  type VaultRoute,
} from './vaultRoutes';

/** @public */
export interface VaultHttpOptions {
  baseUrl: string;
  namespace?: string;
  timeoutMs: number;
  retries: number;
  concurrency: number;
  requestsPerSecond: number;
  /** PEM CA certificates for Vault's TLS certificate. */
  tlsCa?: string;
  /** The first retry waits between half and all of `baseMs`, doubling up to `maxMs`. */
  backoff?: { baseMs: number; maxMs: number };
  /** A `Retry-After` longer than this is not waited for: the request fails instead. */
  maxRetryAfterMs?: number;
  logger?: LoggerService;
}

export interface VaultSendOptions {
  token?: string;
  body?: object;
  signal?: AbortSignal;
  /** Statuses besides 2xx whose body the caller wants (sys/health answers 429 on a standby). */
  acceptStatus?: (status: number) => boolean;
  /** Overrides which statuses are retried. */
  retryStatus?: (status: number) => boolean;
  /**
   * Values this request carries (a secret being written) that must not appear in its error
   * or retry messages, should Vault ever echo them.
   */
  sensitive?: string[];
}

export interface VaultResponse {
  status: number;
  body: unknown;
}

const defaultRetryStatus = (status: number) =>
  status === 412 || status === 429 || (status >= 500 && status !== 501);

/**
 * HTTP to Vault: one undici agent, a shared concurrency limit and rate limit, a timeout per
 * attempt, retries with backoff and jitter, and Vault's error bodies mapped to
 * {@link VaultError}. It sends only {@link VaultRoute}s and requests built from the
 * provisioner's typed routes, never a free-form path.
 */
export class VaultHttp {
  private readonly agent: Agent;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly maxRetryAfterMs: number;
  private readonly concurrency: ConcurrencyLimiter;
  private readonly rate: RateLimiter;
  private readonly credentials = new Set<string>();

  constructor(private readonly options: VaultHttpOptions) {
    this.backoff = options.backoff ?? { baseMs: 250, maxMs: 8_000 };
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.concurrency = concurrencyLimiter(options.concurrency);
    this.rate = rateLimiter(options.requestsPerSecond);
    this.agent = new Agent({
      connect: {
        ...(options.tlsCa ? { ca: options.tlsCa } : {}),
        timeout: options.timeoutMs,
      },
    });
  }

  /** Remembers a credential so that no message can ever contain it. */
  addCredential(value: string): void {
    if (value.length >= 4) this.credentials.add(value);
  }

  /** Removes every remembered credential, and any `extra` value, from `text`. */
  redact(text: string, extra: string[] = []): string {
    let out = text;
    for (const value of [...this.credentials, ...extra]) {
      if (value) out = out.split(value).join('[redacted]');
    }
    return out;
  }

  async send(
    route: VaultRoute,
    options: VaultSendOptions = {},
  ): Promise<VaultResponse> {
    return this.sendRequest(buildVaultRequest(route), options);
  }

  /**
   * Sends a request built elsewhere: the provisioner's write routes, which the metadata
   * reader's {@link VaultRoute}s deliberately cannot express.
   */
  async sendRequest(
    request: VaultRequest,
    options: VaultSendOptions = {},
  ): Promise<VaultResponse> {
    const retryStatus = options.retryStatus ?? defaultRetryStatus;
    return withRetries<VaultResponse, VaultError>(
      async () => {
        const outcome = await this.tryOnce(request, options);
        if (!(outcome instanceof VaultError))
          return { ok: true, value: outcome };
        return {
          ok: false,
          error: outcome,
          retryable:
            outcome.kind === 'timeout' ||
            outcome.kind === 'network' ||
            (outcome.status !== undefined && retryStatus(outcome.status)),
          retryAfterMs: outcome.retryAfterMs,
        };
      },
      {
        retries: this.options.retries,
        backoff: this.backoff,
        signal: options.signal,
        finalError: ({ error }) => this.redacted(error, options.sensitive),
        refuseWait: ({ error }) =>
          error.retryAfterMs !== undefined &&
          error.retryAfterMs > this.maxRetryAfterMs
            ? this.redacted(
                new VaultError(
                  error.kind,
                  `${error.message}; Vault asked to wait ${Math.ceil(
                    error.retryAfterMs / 1000,
                  )} s, longer than Posture waits`,
                  error.status,
                  error.retryAfterMs,
                ),
                options.sensitive,
              )
            : undefined,
        onRetry: ({ error }, delay, attempt) =>
          this.options.logger?.debug(
            `Vault: ${this.redact(
              error.message,
              options.sensitive,
            )}; retrying in ${delay} ms ` +
              `(attempt ${attempt} of ${this.options.retries + 1})`,
          ),
      },
    );
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  private redacted(error: VaultError, extra?: string[]): VaultError {
    const message = this.redact(error.message, extra);
    return message === error.message
      ? error
      : new VaultError(error.kind, message, error.status, error.retryAfterMs);
  }

  /** One attempt through the limiters: the answer, or the error to retry or throw. */
  private async tryOnce(
    request: VaultRequest,
    options: VaultSendOptions,
  ): Promise<VaultResponse | VaultError> {
    try {
      const response = await this.concurrency(async () => {
        await this.rate(options.signal);
        return this.exchange(request, options);
      }, options.signal);
      const ok =
        (response.status >= 200 && response.status < 300) ||
        Boolean(options.acceptStatus?.(response.status));
      if (ok) return { status: response.status, body: response.body };
      return vaultErrorForStatus(
        response.status,
        request,
        response.body,
        response.retryAfterMs,
      );
    } catch (thrown) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (thrown instanceof VaultError) return thrown;
      throw thrown;
    }
  }

  /** One HTTP exchange, body included, within `timeoutMs`. */
  private async exchange(
    request: VaultRequest,
    options: VaultSendOptions,
  ): Promise<{ status: number; body: unknown; retryAfterMs?: number }> {
    const url = `${this.options.baseUrl}/v1/${request.path}${
      request.query ? `?${request.query}` : ''
    }`;
    // URL parsing would resolve dot segments; the routes forbid them, this proves it.
    const expectedPath = `${new URL(this.options.baseUrl).pathname.replace(
      /\/$/,
      '',
    )}/v1/${request.path}`;
    if (new URL(url).pathname !== expectedPath) {
      throw new VaultPathError(
        `refusing to call Vault at ${request.displayPath}: the URL would change on the wire`,
      );
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.authenticated) {
      if (!options.token) {
        throw new VaultError('auth', `no Vault token for ${request.action}`);
      }
      headers['x-vault-token'] = options.token;
    }
    if (request.namespaced && this.options.namespace) {
      headers['x-vault-namespace'] = this.options.namespace;
    }
    if (options.body) headers['content-type'] = 'application/json';

    // Node's own timer, not the global setTimeout: fake timers in tests cannot fire it early.
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout])
      : timeout;
    try {
      const response = await fetch(url, {
        method: request.method,
        headers,
        body: options.body ? JSON.stringify(options.body) : undefined,
        signal,
        dispatcher: this.agent,
        redirect: 'manual',
      });
      const text = await response.text();
      return {
        status: response.status,
        body: parseJson(text),
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      };
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      if (timeout.aborted) {
        throw new VaultError(
          'timeout',
          `Vault did not answer within ${this.options.timeoutMs} ms (${request.action})`,
        );
      }
      throw new VaultError(
        'network',
        `cannot reach Vault at ${this.options.baseUrl} (${
          request.action
        }): ${networkReason(error)}`,
      );
    }
  }
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page; the status alone tells the story.
    return null;
  }
}

/** `ECONNREFUSED`, `ENOTFOUND`, a TLS complaint: the low-level cause, not "fetch failed". */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  return (
    cause?.code ?? cause?.message ?? (error as Error)?.message ?? 'unknown'
  );
}
