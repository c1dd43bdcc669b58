import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type {
  ImpactItem,
  ImpactListResponse,
} from '@posture/backstage-plugin-security-common';
import type { ImpactService } from '../impact/ImpactService';
import { READ_ONLY_ATTRIBUTES, type ActionZod } from './actionZod';

/** Entities per answer: an assistant summarises; the impact page and CSV export list all. */
export const MAX_IMPACT_ENTITIES = 100;
const DEFAULT_IMPACT_ENTITIES = 25;
/** Matches listed per entity (a package can match dozens of findings); `matchCount` has all. */
export const MAX_MATCHES_PER_ENTITY = 20;

const impactInput = (z: ActionZod) =>
  z.object({
    vulnerability: z
      .string()
      .optional()
      .describe(
        'A vulnerability id or alias, any case: CVE-2021-44228, GHSA-jfh8-c2jp-5v3q, DSA-5022-1.',
      ),
    package: z
      .string()
      .optional()
      .describe(
        'A package name as SBOMs and scanners write it (case-insensitive), e.g. log4j-core, openssl, lodash.',
      ),
    ecosystem: z
      .string()
      .optional()
      .describe(
        'With package: the package URL type, e.g. maven, npm, pypi, golang, cargo, deb, rpm, apk, gem, nuget.',
      ),
    version: z
      .string()
      .optional()
      .describe(
        'With package: an exact version (2.14.1) or a range (<2.17.0, >=2.0.0 <2.17.1, ^1.2). ' +
          'Ranges need an ecosystem and work for maven, npm, golang, cargo and pypi; ' +
          'other ecosystems take an exact version only.',
      ),
    purl: z
      .string()
      .optional()
      .describe(
        'A package URL, e.g. pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 ' +
          '(without @version: every version). Qualifiers are ignored.',
      ),
    image: z
      .string()
      .optional()
      .describe(
        'A container image repository, e.g. ghcr.io/acme/checkout-api (a tag or digest is ignored).',
      ),
    sort: z
      .enum(['owner', 'entity', 'matches'])
      .optional()
      .describe('owner (default), entity, or matches (most first).'),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_IMPACT_ENTITIES)
      .optional()
      .describe(
        `How many affected entities to list (default ${DEFAULT_IMPACT_ENTITIES}, at most ${MAX_IMPACT_ENTITIES}); totalCount and owners always count all.`,
      ),
  });

const impactOutput = (z: ActionZod) =>
  z.object({
    query: z
      .record(z.string())
      .describe(
        'What was matched, normalised (ids upper case, image repository).',
      ),
    totalCount: z
      .number()
      .int()
      .describe(
        'Affected entities the caller may read (all of them, not only those listed).',
      ),
    truncated: z.boolean(),
    owners: z
      .array(
        z.object({
          ref: z.string().nullable(),
          title: z.string(),
          entities: z.number().int(),
        }),
      )
      .describe('Affected entities per owning team, over the whole answer.'),
    items: z.array(
      z.object({
        entityRef: z.string(),
        title: z.string(),
        owner: z.string().nullable(),
        system: z.string().nullable(),
        lifecycle: z.string().nullable(),
        matchCount: z.number().int(),
        matches: z.array(
          z.object({
            source: z
              .enum(['sbom', 'finding', 'image'])
              .describe(
                'sbom: a component of its SBOM; finding: a vulnerability of its scan; image: a report of that image.',
              ),
            id: z
              .string()
              .nullable()
              .describe('The vulnerability id of a finding.'),
            packageName: z.string(),
            installedVersion: z.string().nullable(),
            fixedVersion: z.string().nullable(),
            fixAvailable: z.boolean(),
            purl: z.string().nullable(),
            severity: z.string().nullable(),
            notAffected: z
              .boolean()
              .describe('A VEX statement says this entity is not affected.'),
            artifact: z.string().nullable(),
          }),
        ),
      }),
    ),
  });

function toImpactItem(item: ImpactItem) {
  return {
    entityRef: item.entityRef,
    title: item.title,
    owner: item.owner,
    system: item.system,
    lifecycle: item.lifecycle,
    matchCount: item.matches.length,
    matches: item.matches.slice(0, MAX_MATCHES_PER_ENTITY).map(m => ({
      source: m.source,
      id: m.id,
      packageName: m.packageName,
      installedVersion: m.installedVersion,
      fixedVersion: m.fixedVersion,
      fixAvailable: m.fixAvailable,
      purl: m.purl,
      severity: m.severity,
      notAffected: m.notAffected,
      artifact: m.artifact,
    })),
  };
}

function toImpactOutput(answer: ImpactListResponse) {
  return {
    query: Object.fromEntries(
      Object.entries(answer.query).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    ),
    totalCount: answer.totalCount,
    truncated: answer.totalCount > answer.items.length,
    owners: answer.owners,
    items: answer.items.map(toImpactItem),
  };
}

/** `security:query-impact`: where do we run it? */
export function registerQueryImpactAction(
  registry: ActionsRegistryService,
  deps: { impactService: ImpactService },
): void {
  registry.register({
    name: 'query-impact',
    title: 'Find the services affected by a vulnerability or package',
    description: [
      'Answers which services (catalog entities) run a vulnerability, a package, a package URL',
      "or a container image, from every service's current SBOMs and vulnerability scans: each",
      'affected service with its owner, system and lifecycle, and the matching SBOM components',
      'or findings with installed and fixed versions and whether a fix exists; plus the count',
      'per owning team. Give exactly one of vulnerability, package (optionally with ecosystem',
      'and version), purl or image. Examples: "which services run log4j-core below 2.17?" ->',
      '{"package": "log4j-core", "ecosystem": "maven", "version": "<2.17.0"}; "where do we run',
      'CVE-2021-44228?" -> {"vulnerability": "CVE-2021-44228"}; "who uses lodash 4.17.20?" ->',
      '{"package": "lodash", "ecosystem": "npm", "version": "4.17.20"}; "which services ship',
      'ghcr.io/acme/base?" -> {"image": "ghcr.io/acme/base"}. Only services the caller may read',
      'are listed and counted. Findings a VEX statement clears are listed with notAffected true.',
      'Answers InputError naming the problem for a bad or ambiguous query.',
    ].join(' '),
    attributes: READ_ONLY_ATTRIBUTES,
    schema: {
      input: z => impactInput(z),
      output: z => impactOutput(z),
    },
    examples: [
      {
        title: 'Which services run log4j-core below 2.17?',
        input: {
          package: 'log4j-core',
          ecosystem: 'maven',
          version: '<2.17.0',
        },
      },
      {
        title: 'Where do we run Log4Shell?',
        input: { vulnerability: 'CVE-2021-44228' },
      },
      {
        title: 'Every version of a package URL',
        input: { purl: 'pkg:npm/lodash' },
      },
    ],
    action: async ({ input, credentials }) => {
      const { limit, sort, ...query } = input;
      const answer = await deps.impactService.query(
        {
          ...Object.fromEntries(
            Object.entries(query).filter(([, value]) => value !== undefined),
          ),
          ...(sort ? { sort } : {}),
          limit: limit ?? DEFAULT_IMPACT_ENTITIES,
        },
        credentials,
      );
      return { output: toImpactOutput(answer) };
    },
  });
}
