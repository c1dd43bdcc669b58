import {
  createPermission,
  type ResourcePermission,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Read an entity's security posture. A resource permission on catalog entities, so
 * conditional policies (e.g. "owners only") can be expressed with catalog rules.
 * @public
 */
export const securityPostureReadPermission: ResourcePermission<
  typeof RESOURCE_TYPE_CATALOG_ENTITY
> = createPermission({
  name: 'security.posture.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Upload a scan report, SBOM or signature bundle for an entity, as a user. A resource
 * permission on catalog entities, checked against the entity the upload resolves to, so a
 * policy can say "owners only" with the catalog's rules. CI uploads with a service credential
 * instead, limited by `security.reports.serviceAccess`.
 * @public
 */
export const securityReportCreatePermission: ResourcePermission<
  typeof RESOURCE_TYPE_CATALOG_ENTITY
> = createPermission({
  name: 'security.report.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Delete one of an entity's current reports (e.g. one dated far ahead that keeps genuine
 * reports out). A resource permission on catalog entities, so "owners only" can be written.
 * @public
 */
export const securityReportDeletePermission: ResourcePermission<
  typeof RESOURCE_TYPE_CATALOG_ENTITY
> = createPermission({
  name: 'security.report.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Ask for a secret to be provisioned in Vault for a service. A resource permission on catalog
 * entities, checked against the entity the request names, so a policy can say "owners only"
 * with the catalog's rules.
 * @public
 */
export const securitySecretRequestCreatePermission: ResourcePermission<
  typeof RESOURCE_TYPE_CATALOG_ENTITY
> = createPermission({
  name: 'security.secret-request.create',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve, reject or retry someone else's secret request. A resource permission on catalog
 * entities, checked against the request's entity, so a policy can say who approves for which
 * services. Nobody may decide their own request, whatever the policy says.
 * @public
 */
export const securitySecretRequestApprovePermission: ResourcePermission<
  typeof RESOURCE_TYPE_CATALOG_ENTITY
> = createPermission({
  name: 'security.secret-request.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or reject someone else's exemption of a policy check or finding. Basic: deciding
 * exemptions is a role (security reviewers), not a property of one entity. Nobody may decide
 * their own request, whatever the policy says.
 * @public
 */
export const securityExemptionApprovePermission: BasicPermission =
  createPermission({
    name: 'security.exemption.approve',
    attributes: { action: 'update' },
  });

/**
 * Start or close a campaign (a saved impact query with a deadline, whose owners are notified).
 * Basic: running campaigns is a platform role, not a property of one entity.
 * @public
 */
export const securityCampaignManagePermission: BasicPermission =
  createPermission({
    name: 'security.campaign.manage',
    attributes: { action: 'create' },
  });

/** Every permission the security plugin checks, for registration. @public */
export const securityPermissions = [
  securityPostureReadPermission,
  securityReportCreatePermission,
  securityReportDeletePermission,
  securitySecretRequestCreatePermission,
  securitySecretRequestApprovePermission,
  securityExemptionApprovePermission,
  securityCampaignManagePermission,
];
