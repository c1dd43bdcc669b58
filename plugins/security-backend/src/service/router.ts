import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi.generated';
import type { PostureService } from './PostureService';

/** HTTP translation only: credentials in, domain call, JSON out. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  postureService: PostureService;
}): Promise<express.Router> {
  const { httpAuth, postureService } = options;
  // Identity is checked by Backstage's httpAuth in each handler (user or service tokens,
  // including external access tokens), not by the validator's reading of `security`.
  const router = await createOpenApiRouter({
    validatorOptions: { validateSecurity: false },
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/posture',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const posture = await postureService.getPosture(req.params, credentials);
      res.json(posture);
    },
  );

  return router;
}
