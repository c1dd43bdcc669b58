import type {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  getEntityUploadSubjects,
  ANNOTATION_UPLOAD_SUBJECTS,
  securityReportCreatePermission,
} from '@posture/backstage-plugin-security-common';
import {
  SERVICE_ACCESS_KEY,
  type ServiceUploadRule,
} from '../writeAccessConfig';

/** The plugin's own credentials (the report seeder): it may always write its own store. */
const OWN_SUBJECT = 'plugin:security';

/**
 * Decides who may upload to which entity. Users need `security.report.create` on the entity
 * (a resource permission, so policies can say "owners only"); services are limited by
 * `security.reports.serviceAccess` and the entity's `posture.dev/upload-subjects`.
 */
export class UploadAccess {
  constructor(
    private readonly deps: {
      auth: AuthService;
      permissions: PermissionsService;
      /** Undefined: any service may upload to an entity that names no subjects. */
      serviceAccess?: ServiceUploadRule[];
    },
  ) {}

  /**
   * Before the body is read: a user whom the policy denies for every entity is refused at
   * once, so they cannot make us buffer a large upload only to refuse it.
   */
  async precheck(credentials: BackstageCredentials): Promise<void> {
    if (!this.deps.auth.isPrincipal(credentials, 'user')) return;
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission: securityReportCreatePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        'Not allowed to upload reports (security.report.create)',
      );
    }
  }

  /** Once the upload's entity is known: may this caller write to it? */
  async authorize(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const entityRef = stringifyEntityRef(entity);
    if (this.deps.auth.isPrincipal(credentials, 'user')) {
      const [decision] = await this.deps.permissions.authorize(
        [
          {
            permission: securityReportCreatePermission,
            resourceRef: entityRef,
          },
        ],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `Not allowed to upload reports for ${entityRef} (security.report.create)`,
        );
      }
      return;
    }
    if (this.deps.auth.isPrincipal(credentials, 'service')) {
      const { subject } = credentials.principal;
      if (!this.serviceMayUpload(subject, entity)) {
        throw new NotAllowedError(
          `Service ${subject} may not upload reports for ${entityRef}: name it in the entity's ${ANNOTATION_UPLOAD_SUBJECTS} annotation or grant it in ${SERVICE_ACCESS_KEY}`,
        );
      }
    }
  }

  private serviceMayUpload(subject: string, entity: Entity): boolean {
    if (subject === OWN_SUBJECT) return true;
    const named = getEntityUploadSubjects(entity);
    if (named.includes(subject)) return true;
    const rules = this.deps.serviceAccess;
    if (!rules) {
      // Unrestricted by default, unless the entity lists who may upload to it.
      return named.length === 0;
    }
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const owner = ownerRef(entity);
    // A rule with neither owners nor entities grants every entity; otherwise either matches.
    return rules.some(
      rule =>
        rule.subject === subject &&
        ((!rule.owners && !rule.entities) ||
          (owner !== undefined && Boolean(rule.owners?.includes(owner))) ||
          Boolean(rule.entities?.includes(entityRef))),
    );
  }
}

function ownerRef(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}
