import type { Entity } from '@backstage/catalog-model';
import {
  getEntityImages,
  getEntitySecretPaths,
  getEntityStaticRoles,
} from './annotations';
import type { EntityPosture, PostureSource } from './types';

/** Every kind of data a posture is made of, in the order the Security tab lists them. @public */
export const POSTURE_SOURCES: readonly PostureSource[] = [
  'scan',
  'sbom',
  'signature',
  'secrets',
];

type Sections = Pick<
  EntityPosture,
  'vulnerabilities' | 'sbom' | 'signature' | 'secrets'
>;

const SECTION_OF: Record<PostureSource, keyof Sections> = {
  scan: 'vulnerabilities',
  sbom: 'sbom',
  signature: 'signature',
  secrets: 'secrets',
};

/**
 * The sources that can say something about the entity. Any entity can be scanned and given
 * an SBOM from CI; only an image can be signed (declared, or named by a scan's digest); only
 * declared Vault paths or static roles have ages, and secrets a source reported (e.g. ones
 * Posture provisioned, which need no annotation). A source that does not apply is never
 * "missing": a service without Vault secrets is not graded down for it.
 * @public
 */
export function applicableSources(
  entity: Entity,
  sections: Pick<Sections, 'vulnerabilities'> &
    Partial<Pick<Sections, 'secrets'>>,
): PostureSource[] {
  const applies: Record<PostureSource, boolean> = {
    scan: true,
    sbom: true,
    signature:
      getEntityImages(entity).length > 0 ||
      Boolean(sections.vulnerabilities?.digest),
    secrets:
      getEntitySecretPaths(entity).length > 0 ||
      getEntityStaticRoles(entity).length > 0 ||
      Boolean(sections.secrets),
  };
  return POSTURE_SOURCES.filter(source => applies[source]);
}

/**
 * What applies to the entity but is not known yet: the posture's `missing`. Computed when
 * read, so it follows the entity's annotations and summaries stored before it existed.
 * @public
 */
export function missingSources(
  entity: Entity,
  sections: Sections,
): PostureSource[] {
  return applicableSources(entity, sections).filter(
    source => sections[SECTION_OF[source]] === null,
  );
}
