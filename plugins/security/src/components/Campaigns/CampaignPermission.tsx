import { useApiHolder } from '@backstage/core-plugin-api';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import { securityCampaignManagePermission } from '@posture/backstage-plugin-security-common';
import type { ReactNode } from 'react';

type Render = (canManage: boolean) => ReactNode;

function AskPermission(props: { children: Render }) {
  const { allowed } = usePermission({
    permission: securityCampaignManagePermission,
  });
  return <>{props.children(allowed)}</>;
}

/**
 * Renders its children with whether the user holds `security.campaign.manage`. A host
 * without a permission API (a bare test or dev harness) gets no manager's buttons rather than
 * a broken page. The backend checks again either way.
 */
export function CampaignPermission(props: { children: Render }) {
  const hasPermissionApi = Boolean(useApiHolder().get(permissionApiRef));
  if (!hasPermissionApi) {
    return <>{props.children(false)}</>;
  }
  return <AskPermission>{props.children}</AskPermission>;
}
