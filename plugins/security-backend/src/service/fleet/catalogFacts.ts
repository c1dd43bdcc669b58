import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_POLICY,
  applicableSources,
} from '@posture/backstage-plugin-security-common';
import type {
  CatalogTitle,
  GroupAncestry,
} from '../../database/DatabaseFleetStore';
import type { EntityFacts } from '../../database/gradingInputs';
import { groupAncestry } from './groupAncestry';

/** Only what the facts need, so a 10,000-entity walk moves little data. */
const FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'metadata.tags',
  'spec.owner',
  'spec.system',
  'spec.domain',
  'spec.lifecycle',
  'spec.parent',
  'spec.profile.displayName',
];

const PAGE_SIZE = 500;

/** A relation field (`spec.owner`, `spec.system`, ...) as a full ref, or null when absent or unreadable. */
function refOf(
  value: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | null {
  if (typeof value !== 'string' || !value.trim()) {
    return null;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), { defaultKind, defaultNamespace }),
    );
  } catch {
    return null;
  }
}

const namespaceOf = (entity: Entity) => entity.metadata.namespace ?? 'default';

const stringOrNull = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value.trim() : null;

/**
 * Walks the catalog, a page at a time, for the graded kinds, groups and systems, and answers
 * each graded entity's facts (owner, system and the system's domain as full refs, lifecycle,
 * tags, policy annotation, the sources its annotations make applicable) and the group tree's
 * closure. Throws if the walk fails, so no partial catalog ever replaces the stored one.
 */
export async function readCatalogFacts(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  /** Graded kinds, lower-case (`security.reports.entityKinds`). */
  kinds: readonly string[];
  signal?: AbortSignal;
}): Promise<{
  entities: EntityFacts[];
  ancestry: GroupAncestry[];
  titles: CatalogTitle[];
}> {
  const { catalog, credentials, kinds, signal } = options;
  const graded: Entity[] = [];
  const parents = new Map<string, string | null>();
  const domainOfSystem = new Map<string, string | null>();
  const titles: CatalogTitle[] = [];
  const stream = catalog.streamEntities(
    {
      filter: { kind: [...new Set([...kinds, 'group', 'system', 'domain'])] },
      fields: FIELDS,
      pageSize: PAGE_SIZE,
    },
    { credentials },
  );
  for await (const page of stream) {
    signal?.throwIfAborted();
    for (const entity of page) {
      const kind = entity.kind.toLocaleLowerCase('en-US');
      const ref = stringifyEntityRef(entity);
      const namespace = namespaceOf(entity);
      if (kind === 'group') {
        parents.set(ref, refOf(entity.spec?.parent, 'group', namespace));
      }
      if (kind === 'group' || kind === 'system' || kind === 'domain') {
        const profile = entity.spec?.profile as
          | { displayName?: unknown }
          | undefined;
        const title =
          stringOrNull(profile?.displayName) ??
          stringOrNull(entity.metadata.title);
        if (title) {
          titles.push({ entityRef: ref, title });
        }
      }
      if (kind === 'system') {
        domainOfSystem.set(
          ref,
          refOf(entity.spec?.domain, 'domain', namespace),
        );
      }
      if (kinds.includes(kind)) {
        graded.push(entity);
      }
    }
  }

  const entities = graded.map((entity): EntityFacts => {
    const entityRef = stringifyEntityRef(entity);
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const systemRef =
      kind === 'system'
        ? null
        : refOf(entity.spec?.system, 'system', namespaceOf(entity));
    const domainRef =
      kind === 'system'
        ? domainOfSystem.get(entityRef) ?? null
        : (systemRef && domainOfSystem.get(systemRef)) ?? null;
    const tags = Array.isArray(entity.metadata.tags)
      ? entity.metadata.tags.filter(
          (t): t is string => typeof t === 'string' && t.length > 0,
        )
      : [];
    return {
      entityRef,
      kind,
      namespace,
      name,
      title: stringOrNull(entity.metadata.title) ?? entity.metadata.name,
      ownerRef: refOf(entity.spec?.owner, 'group', namespaceOf(entity)),
      systemRef,
      domainRef,
      lifecycle: stringOrNull(entity.spec?.lifecycle),
      policy: stringOrNull(entity.metadata.annotations?.[ANNOTATION_POLICY]),
      sources: applicableSources(entity, { vulnerabilities: null }),
      tags: [...new Set(tags)].sort(),
    };
  });
  return { entities, ancestry: groupAncestry(parents), titles };
}
