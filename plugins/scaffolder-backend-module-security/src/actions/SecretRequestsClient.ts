import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ResponseError,
} from '@backstage/errors';
import type {
  SecretRequest,
  SecretRequestInput,
} from '@posture/backstage-plugin-security-common';

/** Long enough for a busy backend; a template run should not hang on a stuck one. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Opens secret requests through the security backend's REST API, with a token that carries
 * the given user's identity: the backend checks that user's permission and records them as
 * the requester, never the scaffolder.
 */
export class SecretRequestsClient {
  constructor(
    private readonly deps: { auth: AuthService; discovery: DiscoveryService },
  ) {}

  /**
   * `POST /v1/secret-requests` on behalf of `onBehalfOf`. A refusal (4xx) throws the
   * Backstage error of that status with the backend's own message; anything else that is
   * not a 201 throws with the status and message too.
   */
  async create(
    input: SecretRequestInput,
    options: { onBehalfOf: BackstageCredentials; signal?: AbortSignal },
  ): Promise<SecretRequest> {
    const { auth, discovery } = this.deps;
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: options.onBehalfOf,
      targetPluginId: 'security',
    });
    const baseUrl = await discovery.getBaseUrl('security');
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const response = await fetch(`${baseUrl}/v1/secret-requests`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify(input),
      signal: options.signal
        ? AbortSignal.any([options.signal, timeout])
        : timeout,
    });
    if (response.status !== 201) {
      throw await refusal(response, input.entityRef);
    }
    return (await response.json()) as SecretRequest;
  }
}

/** The step's error for a refused or failed create, in the backend's words. */
async function refusal(response: Response, entityRef: string): Promise<Error> {
  const error = await ResponseError.fromResponse(response);
  // A Backstage error body carries the message; a proxy's page is summarised by fromResponse.
  const reason = (error.cause.message || error.message).slice(0, 500);
  const message = `Posture refused the secret request for ${entityRef} (${response.status}): ${reason}`;
  // No cause on a refusal: Backstage errors append it to the message, and the backend's
  // reason is all the template's user needs to read.
  switch (response.status) {
    case 400:
      return new InputError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new Error(
        response.status >= 500
          ? `The security backend failed to open the secret request for ${entityRef} (${response.status}): ${reason}`
          : message,
        { cause: error },
      );
  }
}
