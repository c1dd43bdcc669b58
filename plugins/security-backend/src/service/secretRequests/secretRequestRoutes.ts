import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import type { spec } from '../../schema/openapi.generated';
import type { SecretRequestService } from './SecretRequestService';

/** The secret request routes: HTTP translation only, the rules are in {@link SecretRequestService}. */
export function addSecretRequestRoutes(
  router: ApiRouter<typeof spec>,
  options: { httpAuth: HttpAuthService; secretRequests: SecretRequestService },
): void {
  const { httpAuth, secretRequests } = options;
  // Services are let through to be refused (403) by the service, so the refusal is audited.
  const credentialsOf = (req: Parameters<HttpAuthService['credentials']>[0]) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/v1/secret-requests', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json({
      items: await secretRequests.list(
        req.query as Record<string, unknown>,
        credentials,
      ),
    });
  });

  router.post('/v1/secret-requests', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.status(201).json(await secretRequests.create(req.body, credentials));
  });

  router.get('/v1/secret-requests/:id', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(await secretRequests.get(req.params.id, credentials));
  });

  router.post('/v1/secret-requests/:id/approve', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(
      await secretRequests.approve(req.params.id, req.body, credentials),
    );
  });

  router.post('/v1/secret-requests/:id/reject', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(await secretRequests.reject(req.params.id, req.body, credentials));
  });

  router.post('/v1/secret-requests/:id/retry', async (req, res) => {
    const credentials = await credentialsOf(req);
    res.json(await secretRequests.retry(req.params.id, credentials));
  });
}
