import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import type { spec } from '../../schema/openapi.generated';
import type { CampaignService } from './CampaignService';

/** The campaign routes: HTTP translation only, the rules are in {@link CampaignService}. */
export function addCampaignRoutes(
  router: ApiRouter<typeof spec>,
  options: { httpAuth: HttpAuthService; campaigns: CampaignService },
): void {
  const { httpAuth, campaigns } = options;

  // Services are let through to the permission check, so a refusal is audited.
  router.post('/v1/campaigns', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.status(201).json(await campaigns.create(req.body, credentials));
  });

  router.get('/v1/campaigns', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await campaigns.list(req.query, credentials));
  });

  router.get('/v1/campaigns/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await campaigns.get(req.params.id, credentials));
  });

  router.post('/v1/campaigns/:id/close', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await campaigns.close(req.params.id, credentials));
  });
}
