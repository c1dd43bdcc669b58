import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import type { spec } from '../../schema/openapi.generated';
import type { ExemptionService } from './ExemptionService';

/** The exemption routes: HTTP translation only, the rules are in {@link ExemptionService}. */
export function addExemptionRoutes(
  router: ApiRouter<typeof spec>,
  options: { httpAuth: HttpAuthService; exemptions: ExemptionService },
): void {
  const { httpAuth, exemptions } = options;

  router.get('/v1/exemptions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json({ items: await exemptions.list(req.query, credentials) });
  });

  // Services are let through to be refused (403) by the service, so the refusal is audited.
  router.post('/v1/exemptions', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.status(201).json(await exemptions.create(req.body ?? {}, credentials));
  });

  router.post('/v1/exemptions/:id/approve', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await exemptions.approve(req.params.id, req.body, credentials));
  });

  router.post('/v1/exemptions/:id/reject', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await exemptions.reject(req.params.id, req.body, credentials));
  });
}
