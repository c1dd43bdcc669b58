import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import { pipeline } from 'node:stream/promises';
import type { spec } from '../../schema/openapi.generated';
import { parseScorecardQuery } from './scorecardQuery';
import type { ScorecardsService } from './ScorecardsService';

/**
 * `GET /v1/scorecards`: JSON, or with `format=csv` (or a request that prefers text/csv) the
 * CSV export, streamed. Identity, parameters, permissions and the group are all checked
 * before the first byte, so every refusal is a plain 4xx.
 */
export function addScorecardsRoute(
  router: ApiRouter<typeof spec>,
  options: { httpAuth: HttpAuthService; scorecards: ScorecardsService },
): void {
  const { httpAuth, scorecards } = options;
  router.get('/v1/scorecards', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = parseScorecardQuery(req.query);
    const csv =
      query.format === 'csv' ||
      (query.format === undefined &&
        req.accepts(['application/json', 'text/csv']) === 'text/csv');
    if (!csv) {
      res.json(await scorecards.getPage(query, credentials));
      return;
    }
    const { fileName, body } = await scorecards.exportCsv(query, credentials);
    res.status(200).type('text/csv; charset=utf-8').attachment(fileName);
    // A failure half-way can only cut the download short (the status is sent): pipeline
    // destroys the response, so the client sees an incomplete transfer, not a valid file.
    await pipeline(body, res);
  });
}
