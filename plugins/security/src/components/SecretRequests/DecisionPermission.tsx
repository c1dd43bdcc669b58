import { useApiHolder } from '@backstage/core-plugin-api';
import {
  permissionApiRef,
  usePermission,
} from '@backstage/plugin-permission-react';
import {
  securitySecretRequestApprovePermission,
  type SecretRequest,
} from '@posture/backstage-plugin-security-common';
import type { ReactNode } from 'react';
import { useCurrentUserRef } from './useCurrentUserRef';

type Render = (canDecide: boolean) => ReactNode;

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

function AskPermission(props: {
  request: SecretRequest;
  userRef: string | undefined;
  children: Render;
}) {
  const { request, userRef } = props;
  // A resource permission: a policy may let someone approve for some services only.
  const { allowed } = usePermission({
    permission: securitySecretRequestApprovePermission,
    resourceRef: request.entityRef,
  });
  // One's own request never gets the buttons (the backend refuses it with 403 anyway); nor
  // does any request before the user is known.
  const own = userRef === undefined || sameRef(userRef, request.requester);
  return <>{props.children(allowed && !own)}</>;
}

/**
 * Renders its children with whether the user may approve or reject this request: they hold
 * `security.secret-request.approve` on its service, and it is not their own. A host without
 * a permission API (a bare test or dev harness) gets no buttons rather than a broken page.
 */
export function DecisionPermission(props: {
  request: SecretRequest;
  children: Render;
}) {
  const hasPermissionApi = Boolean(useApiHolder().get(permissionApiRef));
  const userRef = useCurrentUserRef();
  if (!hasPermissionApi) {
    return <>{props.children(false)}</>;
  }
  return (
    <AskPermission request={props.request} userRef={userRef}>
      {props.children}
    </AskPermission>
  );
}
