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
import { useCurrentUserRef } from './currentUser';

/**
 * Whether the user may decide this request: they hold the permission on its service and it is
 * not their own. `known` stays false until both the user and the permission are known, and
 * nothing is offered until then.
 */
export interface Decision {
  known: boolean;
  canDecide: boolean;
  own: boolean;
}

type Render = (decision: Decision) => ReactNode;

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

function AskPermission(props: {
  request: SecretRequest;
  userRef: string | undefined;
  children: Render;
}) {
  const { request, userRef } = props;
  // A resource permission: a policy may let someone approve for some services only.
  const { allowed, loading } = usePermission({
    permission: securitySecretRequestApprovePermission,
    resourceRef: request.entityRef,
  });
  const known = userRef !== undefined && !loading;
  // One's own request never gets the buttons (the backend refuses it with 403 anyway).
  const own = userRef !== undefined && sameRef(userRef, request.requester);
  return (
    <>{props.children({ known, canDecide: known && allowed && !own, own })}</>
  );
}

/**
 * Renders its children with whether the user may approve or reject this request. A host
 * without a permission API (a bare test or dev harness) gets no buttons rather than a
 * broken page; the backend checks again either way.
 */
export function DecisionPermission(props: {
  request: SecretRequest;
  children: Render;
}) {
  const hasPermissionApi = Boolean(useApiHolder().get(permissionApiRef));
  const userRef = useCurrentUserRef();
  if (!hasPermissionApi) {
    const own =
      userRef !== undefined && sameRef(userRef, props.request.requester);
    return (
      <>
        {props.children({
          known: userRef !== undefined,
          canDecide: false,
          own,
        })}
      </>
    );
  }
  return (
    <AskPermission request={props.request} userRef={userRef}>
      {props.children}
    </AskPermission>
  );
}
