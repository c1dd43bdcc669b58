import {
  createApiRef,
  SessionState,
  type AuthRequestOptions,
  type BackstageIdentityApi,
  type BackstageIdentityResponse,
  type DiscoveryApi,
  type ProfileInfo,
  type ProfileInfoApi,
  type SessionApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** The backend's auth provider (packages/backend/src/demoApproverAuth.ts). */
const PROVIDER_ID = 'demo-approver';

/** Asks again this long before the token expires, so no request goes out with a stale one. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

type DemoApproverAuthApi = ProfileInfoApi & BackstageIdentityApi & SessionApi;

/** DEMO ONLY: the sign-in page's "Platform approver (demo)" identity. */
export const demoApproverAuthApiRef = createApiRef<DemoApproverAuthApi>().with({
  id: 'demo-approver-auth',
  pluginId: 'app',
});

interface Session {
  identity: BackstageIdentityResponse;
  profile: ProfileInfo;
}

interface RefreshResponse {
  backstageIdentity: {
    token: string;
    expiresInSeconds?: number;
    identity: BackstageIdentityResponse['identity'];
  };
  profile?: ProfileInfo;
}

type Observer = (state: SessionState) => void;

/**
 * DEMO ONLY. The session of a proxy-style provider that needs no credentials: its refresh
 * route answers a Backstage token for the configured user, as the guest provider's does (the
 * core components' own client for that is not exported). Used through the sign-in page's
 * common provider card, which also restores it after a reload.
 */
export class DemoApproverAuth implements DemoApproverAuthApi {
  private session?: Session;
  private pending?: Promise<Session>;
  private readonly observers = new Set<Observer>();

  constructor(
    private readonly deps: {
      discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
      now?: () => number;
    },
  ) {}

  async getBackstageIdentity(
    options: AuthRequestOptions = {},
  ): Promise<BackstageIdentityResponse | undefined> {
    return (await this.current(options))?.identity;
  }

  async getProfile(
    options: AuthRequestOptions = {},
  ): Promise<ProfileInfo | undefined> {
    return (await this.current(options))?.profile;
  }

  async signIn(): Promise<void> {
    await this.current({});
  }

  async signOut(): Promise<void> {
    this.session = undefined;
    this.pending = undefined;
    this.emit(SessionState.SignedOut);
  }

  sessionState$(): ReturnType<SessionApi['sessionState$']> {
    const observable: ReturnType<SessionApi['sessionState$']> = {
      [Symbol.observable]: () => observable,
      subscribe: (
        observerOrNext?:
          | { next?(state: SessionState): void }
          | ((state: SessionState) => void),
      ) => {
        const next =
          typeof observerOrNext === 'function'
            ? observerOrNext
            : (state: SessionState) => observerOrNext?.next?.(state);
        this.observers.add(next);
        next(this.session ? SessionState.SignedIn : SessionState.SignedOut);
        let closed = false;
        return {
          get closed() {
            return closed;
          },
          unsubscribe: () => {
            closed = true;
            this.observers.delete(next);
          },
        };
      },
    };
    return observable;
  }

  /** The session, fetched when there is none or it is about to expire; one fetch at a time. */
  private async current(
    options: AuthRequestOptions,
  ): Promise<Session | undefined> {
    const now = (this.deps.now ?? Date.now)();
    const expiresAt = this.session?.identity.expiresAt?.getTime() ?? Infinity;
    if (this.session && now < expiresAt - EXPIRY_MARGIN_MS) {
      return this.session;
    }
    this.pending ??= this.fetchSession(now).finally(() => {
      this.pending = undefined;
    });
    try {
      this.session = await this.pending;
    } catch (error) {
      this.session = undefined;
      // `optional` asks whether there is a session without failing (the page's reload check).
      if (options.optional) return undefined;
      throw error;
    }
    this.emit(SessionState.SignedIn);
    return this.session;
  }

  private async fetchSession(now: number): Promise<Session> {
    const baseUrl = await this.deps.discoveryApi.getBaseUrl('auth');
    const response = await fetch(`${baseUrl}/${PROVIDER_ID}/refresh`, {
      // Backstage's auth routes refuse requests without it (a CSRF guard).
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
      credentials: 'include',
    });
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // The backend's own words (why it refuses), which the sign-in page shows.
      throw new Error(
        `The demo approver could not sign in: ${error.cause.message}`,
      );
    }
    const body = (await response.json()) as RefreshResponse;
    const { token, expiresInSeconds, identity } = body.backstageIdentity;
    return {
      identity: {
        token,
        identity,
        expiresAt:
          expiresInSeconds === undefined
            ? undefined
            : new Date(now + expiresInSeconds * 1000),
      },
      profile: body.profile ?? {},
    };
  }

  private emit(state: SessionState) {
    for (const observer of this.observers) observer(state);
  }
}
