import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { VulnerabilityItem } from '@posture/backstage-plugin-security-common';
import type { FindingsService } from '../FindingsService';
import { READ_ONLY_ATTRIBUTES, type ActionZod } from './actionZod';
import { entityRefInput, parseEntityName } from './entityNameInput';

/** Enough for a conversation; the Security tab and the REST API page through the rest. */
export const MAX_FINDINGS = 100;
const DEFAULT_FINDINGS = 20;

const severity = (z: ActionZod) =>
  z.enum(['critical', 'high', 'medium', 'low', 'unknown']);

const findingsInput = (z: ActionZod) =>
  z.object({
    entityRef: entityRefInput(z),
    severity: z
      .array(severity(z))
      .min(1)
      .optional()
      .describe('Only these severities, e.g. ["critical", "high"].'),
    kev: z
      .boolean()
      .optional()
      .describe(
        "true: only findings whose CVE is in CISA's Known Exploited Vulnerabilities catalog.",
      ),
    fixable: z
      .boolean()
      .optional()
      .describe(
        'true: only findings with a fixed version; false: only without.',
      ),
    limit: z
      .number()
      .int()
      .min(1)
      .max(MAX_FINDINGS)
      .optional()
      .describe(
        `How many findings to answer, riskiest first (default ${DEFAULT_FINDINGS}, at most ${MAX_FINDINGS}).`,
      ),
  });

const findingsOutput = (z: ActionZod) =>
  z.object({
    entityRef: z.string(),
    totalCount: z
      .number()
      .int()
      .describe(
        'Open findings matching the filters; more than listed when truncated.',
      ),
    truncated: z.boolean(),
    items: z.array(
      z.object({
        id: z.string().describe('CVE, GHSA or distribution advisory id.'),
        cveId: z.string().nullable(),
        severity: severity(z),
        packageName: z.string(),
        installedVersion: z.string().nullable(),
        fixedVersion: z.string().nullable(),
        fixAvailable: z.boolean(),
        cvssScore: z.number().nullable(),
        title: z.string().nullable(),
        url: z.string().nullable(),
        purl: z.string().nullable(),
        knownExploited: z
          .object({
            dateAdded: z.string(),
            dueDate: z.string().nullable(),
            ransomware: z.boolean(),
          })
          .nullable()
          .describe('Set when the CVE is in CISA KEV.'),
        epss: z
          .object({ score: z.number(), percentile: z.number() })
          .nullable()
          .describe('Probability (0..1) of exploitation in the next 30 days.'),
        vexStatus: z
          .string()
          .nullable()
          .describe('The newest VEX statement, e.g. under_investigation.'),
      }),
    ),
  });

function toFindingOutput(item: VulnerabilityItem) {
  return {
    id: item.id,
    cveId: item.cveId ?? null,
    severity: item.severity,
    packageName: item.packageName,
    installedVersion: item.installedVersion,
    fixedVersion: item.fixedVersion,
    fixAvailable: Boolean(item.fixedVersion),
    cvssScore: item.cvssScore,
    title: item.title,
    url: item.url,
    purl: item.purl,
    knownExploited: item.kev
      ? {
          dateAdded: item.kev.dateAdded,
          dueDate: item.kev.dueDate,
          ransomware: item.kev.ransomware,
        }
      : null,
    epss: item.epss
      ? { score: item.epss.score, percentile: item.epss.percentile }
      : null,
    vexStatus: item.vex?.status ?? null,
  };
}

/** `security:list-entity-findings`: an entity's open findings, riskiest first. */
export function registerListEntityFindingsAction(
  registry: ActionsRegistryService,
  deps: { findingsService: FindingsService },
): void {
  registry.register({
    name: 'list-entity-findings',
    title: 'List the vulnerabilities of a service',
    description: [
      "Lists one catalog entity's open vulnerability findings from its latest scans, in risk",
      'order: known exploited (CISA KEV) first, then by EPSS likelihood, severity and whether a',
      'fix exists. Each finding has its id (CVE/GHSA), package, installed and fixed version,',
      'CVSS, KEV and EPSS marks. Findings a VEX statement clears are left out. Filter with',
      'severity, kev and fixable. Use it for "which critical vulnerabilities does checkout-api',
      'have?" or "what should payment-gateway fix first?". For which services contain a',
      'given CVE or package, use query-impact instead. Answers NotFoundError for an entity the',
      'caller cannot see and NotAllowedError when the caller may not read its posture.',
    ].join(' '),
    attributes: READ_ONLY_ATTRIBUTES,
    schema: {
      input: z => findingsInput(z),
      output: z => findingsOutput(z),
    },
    examples: [
      {
        title: 'Known-exploited vulnerabilities of checkout-api',
        input: { entityRef: 'component:default/checkout-api', kev: true },
      },
      {
        title: 'The ten riskiest critical or high findings',
        input: {
          entityRef: 'component:default/payment-gateway',
          severity: ['critical', 'high'],
          limit: 10,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const limit = input.limit ?? DEFAULT_FINDINGS;
      const name = parseEntityName(input.entityRef);
      const page = await deps.findingsService.listVulnerabilities(
        name,
        {
          severities: input.severity,
          kev: input.kev || undefined,
          fixable: input.fixable,
          vex: 'open',
          sort: 'risk',
          offset: 0,
          limit,
        },
        credentials,
      );
      return {
        output: {
          // With the defaults filled in, so the assistant sees which entity was read.
          entityRef: stringifyEntityRef(name),
          totalCount: page.totalCount,
          truncated: page.totalCount > page.items.length,
          items: page.items.map(toFindingOutput),
        },
      };
    },
  });
}
