import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import {
  parsePostureFactsSource,
  type PostureFactsSource,
} from './postureResponse';

/** One entity's posture, or why there is none to publish. */
export type PostureLookup =
  | { outcome: 'found'; posture: PostureFactsSource }
  /** 404: the security backend does not know the entity; 403: it may not be read. */
  | { outcome: 'skipped'; status: 403 | 404 };

/** Long enough for a busy backend, short enough that one stuck request cannot use up the run. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Reads postures from the security backend's REST API with this plugin's service token. */
export class PostureReader {
  constructor(
    private readonly deps: {
      auth: AuthService;
      discovery: DiscoveryService;
    },
  ) {}

  /** The security backend's address, resolved once per run. */
  async baseUrl(): Promise<string> {
    return this.deps.discovery.getBaseUrl('security');
  }

  /** Throws on anything but 200, 403 and 404, with the status and the backend's message. */
  async read(
    baseUrl: string,
    entity: CompoundEntityRef,
  ): Promise<PostureLookup> {
    const { auth } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'security',
    });
    const path = [
      entity.kind.toLocaleLowerCase('en-US'),
      entity.namespace.toLocaleLowerCase('en-US'),
      entity.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    const response = await fetch(`${baseUrl}/v1/entities/${path}/posture`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 403 || response.status === 404) {
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      return { outcome: 'skipped', status: response.status };
    }
    if (!response.ok) {
      throw new Error(
        `the security backend answered ${response.status}: ${await errorMessage(
          response,
        )}`,
      );
    }
    return {
      outcome: 'found',
      posture: parsePostureFactsSource(await response.json()),
    };
  }
}

/**
 * What went wrong, in the backend's words: the message of a Backstage error body, else the
 * start of whatever a proxy in between answered.
 */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const message = JSON.parse(text)?.error?.message;
    if (typeof message === 'string') return message;
  } catch {
    // Not JSON: fall through to the text itself.
  }
  return text.trim().slice(0, 200) || response.statusText || 'no message';
}
