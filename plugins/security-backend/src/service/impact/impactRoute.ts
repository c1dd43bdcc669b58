import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import { pipeline } from 'node:stream/promises';
import type { spec } from '../../schema/openapi.generated';
import { parseImpactListQuery } from './impactListQuery';
import type { ImpactService } from './ImpactService';

/**
 * `GET /v1/impact`: JSON, or with `format=csv` (or a request that prefers text/csv) one CSV
 * row per match, streamed. Identity, parameters and permissions are all settled before the
 * first byte, so every refusal is a plain 4xx.
 */
export function addImpactRoute(
  router: ApiRouter<typeof spec>,
  options: { httpAuth: HttpAuthService; impact: ImpactService },
): void {
  const { httpAuth, impact } = options;
  router.get('/v1/impact', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const request = parseImpactListQuery(req.query);
    const csv =
      request.format === 'csv' ||
      (request.format === undefined &&
        req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!csv) {
      res.json(await impact.page(request, credentials));
      return;
    }
    const { fileName, body } = await impact.exportCsv(request, credentials);
    res.status(200).type('text/csv; charset=utf-8').attachment(fileName);
    // A failure half-way can only cut the download short (the status is sent): pipeline
    // destroys the response, so the client sees an incomplete transfer, not a valid file.
    await pipeline(body, res);
  });
}
