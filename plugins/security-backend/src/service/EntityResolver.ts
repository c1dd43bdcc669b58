import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_IMAGE,
  getEntityImages,
  normalizeImageRepository,
} from '@posture/backstage-plugin-security-common';
import type { ParsedReport } from '@posture/backstage-plugin-security-node';
import { ENTITY_KINDS_KEY } from '../writeAccessConfig';

/**
 * Finds the catalog entity an uploaded report belongs to. Only entities of the configured
 * kinds (`security.reports.entityKinds`, Component by default) take uploads: a User or a
 * Group has no image to scan, so a report for one is a mistake or an attempt to smear it.
 */
export class EntityResolver {
  private readonly kinds: ReadonlySet<string>;

  constructor(
    private readonly catalog: CatalogService,
    options: { entityKinds?: string[] } = {},
  ) {
    this.kinds = new Set(
      (options.entityKinds ?? ['component']).map(k =>
        k.toLocaleLowerCase('en-US'),
      ),
    );
  }

  /**
   * With `entityRef`, that entity (404 when the catalog lacks it). Without, the single entity
   * of an upload kind whose `posture.dev/image` names the report's image repository, whatever
   * tag or digest.
   */
  async resolve(
    report: ParsedReport,
    entityRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    const references = [
      report.artifact.name,
      ...report.artifact.digests,
    ].filter((r): r is string => Boolean(r));
    return this.resolveEntity(references, entityRef, credentials);
  }

  /** The same rules for any upload, given the image references it names. */
  async resolveEntity(
    references: string[],
    entityRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    if (entityRef) {
      let ref: string;
      try {
        ref = stringifyEntityRef(
          parseEntityRef(entityRef, { defaultKind: 'component' }),
        );
      } catch (error) {
        throw new InputError(
          `Invalid entityRef "${entityRef}": ${(error as Error).message}`,
        );
      }
      this.assertUploadKind(parseEntityRef(ref).kind, ref);
      const entity = await this.catalog.getEntityByRef(ref, { credentials });
      if (!entity) {
        throw new NotFoundError(`No catalog entity ${ref}`);
      }
      return entity;
    }
    return this.resolveByImage(references, credentials);
  }

  private async resolveByImage(
    references: string[],
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    if (references.length === 0) {
      throw new InputError(
        'The upload names no artifact: pass ?entityRef=kind:namespace/name to say which entity it belongs to',
      );
    }
    const repositories = new Set(references.map(normalizeImageRepository));
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_IMAGE}`]: CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
          // For service upload rules that name owners.
          'spec.owner',
        ],
      },
      { credentials },
    );
    const claimants = items.filter((entity: Entity) =>
      getEntityImages(entity).some(image =>
        repositories.has(normalizeImageRepository(image)),
      ),
    );
    const matches = claimants.filter(e => this.isUploadKind(e.kind));
    const wanted = [...repositories].join(', ');
    if (matches.length === 0 && claimants.length > 0) {
      this.assertUploadKind(
        claimants[0].kind,
        stringifyEntityRef(claimants[0]),
      );
    }
    if (matches.length === 0) {
      throw new NotFoundError(
        `No catalog entity has a ${ANNOTATION_IMAGE} annotation matching ${wanted}; add the annotation or pass ?entityRef=`,
      );
    }
    if (matches.length > 1) {
      throw new InputError(
        `Several entities claim ${wanted} (${matches
          .map(e => stringifyEntityRef(e))
          .join(', ')}); pass ?entityRef= to choose one`,
      );
    }
    return matches[0];
  }

  private isUploadKind(kind: string): boolean {
    return this.kinds.has(kind.toLocaleLowerCase('en-US'));
  }

  private assertUploadKind(kind: string, entityRef: string): void {
    if (!this.isUploadKind(kind)) {
      throw new InputError(
        `Reports cannot be uploaded to ${entityRef}: its kind ${kind} is not one of ${ENTITY_KINDS_KEY} (${[
          ...this.kinds,
        ].join(', ')})`,
      );
    }
  }
}
