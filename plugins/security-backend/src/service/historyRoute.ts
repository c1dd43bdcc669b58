import type { HttpAuthService } from '@backstage/backend-plugin-api';
import type { ApiRouter } from '@backstage/backend-openapi-utils';
import type { spec } from '../schema/openapi.generated';
import { parseHistoryDays, type HistoryService } from './HistoryService';

/** `GET /v1/entities/{kind}/{namespace}/{name}/history?days=N`: the entity's daily snapshots. */
export function addHistoryRoute(
  router: ApiRouter<typeof spec>,
  options: { httpAuth: HttpAuthService; history: HistoryService },
): void {
  const { httpAuth, history } = options;
  router.get(
    '/v1/entities/:kind/:namespace/:name/history',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const days = parseHistoryDays(req.query);
      const { kind, namespace, name } = req.params;
      res.json(
        await history.getHistory({ kind, namespace, name }, days, credentials),
      );
    },
  );
}
