import type { Entity } from '@backstage/catalog-model';

/** Container image repositories (comma-separated) that reports and signatures match. @public */
export const ANNOTATION_IMAGE = 'posture.dev/image';
/**
 * Vault paths of the service's secrets, comma-separated; a trailing `/` means the whole
 * folder. The same key the community Vault plugin uses, so existing catalogs work unchanged.
 * @public
 */
export const ANNOTATION_VAULT_SECRETS_PATH = 'vault.io/secrets-path';
/** KV mount the secret paths live in. @public */
export const ANNOTATION_VAULT_SECRETS_ENGINE = 'vault.io/secrets-engine';
/** Database static roles whose rotation is tracked (comma-separated). @public */
export const ANNOTATION_VAULT_STATIC_ROLES = 'posture.dev/vault-static-roles';
/** Expected signer as `issuer|subject-pattern`, overriding the policy default. @public */
export const ANNOTATION_SIGNING_IDENTITY = 'posture.dev/signing-identity';
/**
 * The grading policy (a name under `security.policy.policies`) the entity is graded with;
 * absent, the default policy.
 * @public
 */
export const ANNOTATION_POLICY = 'posture.dev/policy';

/**
 * Service subjects (comma-separated, as Backstage names the credential, e.g. a static
 * external access token's `subject`) that may upload reports for the entity. When present,
 * other service subjects may not, unless `security.reports.serviceAccess` grants them.
 * @public
 */
export const ANNOTATION_UPLOAD_SUBJECTS = 'posture.dev/upload-subjects';

/** Every annotation Posture reads; any one of them makes an entity's posture meaningful. @public */
export const POSTURE_ANNOTATIONS = [
  ANNOTATION_IMAGE,
  ANNOTATION_VAULT_SECRETS_PATH,
  ANNOTATION_VAULT_STATIC_ROLES,
] as const;

function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

/** The image repositories an entity declares, in annotation order. @public */
export function getEntityImages(entity: Entity): string[] {
  return splitList(entity.metadata.annotations?.[ANNOTATION_IMAGE]);
}

/** The Vault secret paths an entity declares. @public */
export function getEntitySecretPaths(entity: Entity): string[] {
  return splitList(
    entity.metadata.annotations?.[ANNOTATION_VAULT_SECRETS_PATH],
  );
}

/** The Vault database static roles an entity declares. @public */
export function getEntityStaticRoles(entity: Entity): string[] {
  return splitList(
    entity.metadata.annotations?.[ANNOTATION_VAULT_STATIC_ROLES],
  );
}

/** The service subjects an entity lets upload its reports. @public */
export function getEntityUploadSubjects(entity: Entity): string[] {
  return splitList(entity.metadata.annotations?.[ANNOTATION_UPLOAD_SUBJECTS]);
}

/** True when the entity carries at least one annotation Posture can act on. @public */
export function isPostureAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return POSTURE_ANNOTATIONS.some(key => Boolean(annotations[key]?.trim()));
}
