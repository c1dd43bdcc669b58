import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CampaignService } from '../campaigns/CampaignService';
import type { FindingsService } from '../FindingsService';
import type { ImpactService } from '../impact/ImpactService';
import type { PostureService } from '../PostureService';
import { registerGetCampaignStatusAction } from './getCampaignStatusAction';
import { registerGetEntityPostureAction } from './getEntityPostureAction';
import { registerListEntityFindingsAction } from './listEntityFindingsAction';
import { registerQueryImpactAction } from './queryImpactAction';

/**
 * Posture's read actions in Backstage's actions registry (ids `security:<name>`), for
 * assistants through the MCP actions backend. Each runs with the caller's own credentials
 * through the services the REST routes use, so it sees exactly what the caller's REST
 * requests would, and fails the same way (NotFoundError, NotAllowedError, InputError).
 */
export function registerPostureActions(
  registry: ActionsRegistryService,
  deps: {
    postureService: PostureService;
    findingsService: FindingsService;
    impactService: ImpactService;
    campaignService: CampaignService;
  },
): void {
  registerGetEntityPostureAction(registry, deps);
  registerListEntityFindingsAction(registry, deps);
  registerQueryImpactAction(registry, deps);
  registerGetCampaignStatusAction(registry, deps);
}
