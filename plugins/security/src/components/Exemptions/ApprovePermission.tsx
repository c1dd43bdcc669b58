import { useApiHolder } from '@backstage/core-plugin-api';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import { securityExemptionApprovePermission } from '@posture/backstage-plugin-security-common';
import type { ReactNode } from 'react';

type Render = (canDecide: boolean) => ReactNode;

function AskPermission(props: { children: Render }) {
  const { allowed } = usePermission({
    permission: securityExemptionApprovePermission,
  });
  return <>{props.children(allowed)}</>;
}

/**
 * Renders its children with whether the user holds `security.exemption.approve`. Backstage
 * apps provide the permission API; a host without one (a bare test or dev harness) gets no
 * Approve / Reject buttons rather than a broken tab. The backend checks again either way.
 */
export function ApprovePermission(props: { children: Render }) {
  const hasPermissionApi = Boolean(useApiHolder().get(permissionApiRef));
  if (!hasPermissionApi) {
    return <>{props.children(false)}</>;
  }
  return <AskPermission>{props.children}</AskPermission>;
}
