import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type {
  EntityPosture,
  SeverityCounts,
} from '@posture/backstage-plugin-security-common';
import type { PostureService } from '../PostureService';
import { READ_ONLY_ATTRIBUTES, type ActionZod } from './actionZod';
import { entityRefInput, parseEntityName } from './entityNameInput';

const severityCounts = (z: ActionZod) =>
  z.object({
    critical: z.number().int(),
    high: z.number().int(),
    medium: z.number().int(),
    low: z.number().int(),
    unknown: z.number().int(),
  });

const postureOutput = (z: ActionZod) =>
  z.object({
    entityRef: z.string(),
    grade: z
      .enum(['A', 'B', 'C', 'D', 'F'])
      .nullable()
      .describe('A (best) to F; null until something was reported.'),
    score: z.number().nullable().describe('0..100; null when not graded.'),
    reasons: z
      .array(
        z.object({ check: z.string(), message: z.string(), fix: z.string() }),
      )
      .describe('Why the grade is not higher, each with what to do about it.'),
    checks: z
      .array(
        z.object({
          check: z.string(),
          status: z.enum(['pass', 'fail', 'missing', 'exempt']),
          message: z.string(),
        }),
      )
      .describe('Every policy check that applies to the entity.'),
    missing: z
      .array(z.string())
      .describe(
        'Data that applies but is not known yet (scan, sbom, signature, secrets).',
      ),
    vulnerabilities: z
      .object({
        open: severityCounts(z).describe(
          'Open findings per severity (VEX-cleared ones excluded).',
        ),
        fixable: severityCounts(z).describe('Open findings that have a fix.'),
        knownExploited: z
          .number()
          .int()
          .nullable()
          .describe(
            "Open findings whose CVE is in CISA's Known Exploited Vulnerabilities catalog.",
          ),
        highEpss: z
          .number()
          .int()
          .nullable()
          .describe('Open findings at or above the high EPSS threshold.'),
        notAffected: z
          .number()
          .int()
          .nullable()
          .describe('Findings a VEX statement clears.'),
        scannedAt: z.string().nullable(),
        artifact: z.string().nullable(),
        stale: z.boolean(),
      })
      .nullable()
      .describe('Null until a vulnerability scan was reported.'),
    sbom: z
      .object({
        components: z.number().int(),
        format: z.string().nullable(),
        generatedAt: z.string().nullable(),
      })
      .nullable(),
    signature: z
      .object({
        status: z.string(),
        signer: z
          .object({ issuer: z.string(), subject: z.string() })
          .nullable(),
        checkedAt: z.string().nullable(),
        stale: z.boolean(),
      })
      .nullable(),
    secrets: z
      .object({
        total: z.number().int(),
        overdue: z.number().int(),
        dueSoon: z.number().int(),
        oldestAgeDays: z.number().nullable(),
      })
      .nullable(),
    updatedAt: z.string().nullable(),
  });

function counts(c: SeverityCounts): SeverityCounts {
  return {
    critical: c.critical,
    high: c.high,
    medium: c.medium,
    low: c.low,
    unknown: c.unknown,
  };
}

/** The summary an assistant needs, without the UI's links and filters. */
export function toPostureOutput(posture: EntityPosture) {
  const v = posture.vulnerabilities;
  return {
    entityRef: posture.entityRef,
    grade: posture.grade,
    score: posture.score,
    reasons: posture.reasons.map(({ check, message, fix }) => ({
      check,
      message,
      fix,
    })),
    checks: posture.checks.map(({ check, status, message }) => ({
      check,
      status,
      message,
    })),
    missing: posture.missing ?? [],
    vulnerabilities: v
      ? {
          open: counts(v),
          fixable: counts(v.fixable),
          // Null, not 0, for a summary written before the exploit feeds: unknown is not none.
          knownExploited: v.kev ?? null,
          highEpss: v.highEpss ?? null,
          notAffected: v.notAffected ?? null,
          scannedAt: v.scannedAt,
          artifact: v.artifact,
          stale: v.stale,
        }
      : null,
    sbom: posture.sbom
      ? {
          components: posture.sbom.components,
          format: posture.sbom.format,
          generatedAt: posture.sbom.generatedAt,
        }
      : null,
    signature: posture.signature
      ? {
          status: posture.signature.status,
          signer: posture.signature.signer,
          checkedAt: posture.signature.checkedAt,
          stale: posture.signature.stale,
        }
      : null,
    secrets: posture.secrets
      ? {
          total: posture.secrets.total,
          overdue: posture.secrets.overdue,
          dueSoon: posture.secrets.dueSoon,
          oldestAgeDays: posture.secrets.oldestAgeDays,
        }
      : null,
    updatedAt: posture.updatedAt,
  };
}

/** `security:get-entity-posture`: one entity's grade and why, as the Security tab's card. */
export function registerGetEntityPostureAction(
  registry: ActionsRegistryService,
  deps: { postureService: PostureService },
): void {
  registry.register({
    name: 'get-entity-posture',
    title: 'Get the security posture of a service',
    description: [
      "Answers one catalog entity's security posture from Posture: its grade (A-F) and score,",
      'the reasons behind the grade with how to fix each, the policy checks, open vulnerability',
      'counts per severity (and how many have a fix), how many are known exploited (CISA KEV)',
      'or likely to be exploited (high EPSS), the SBOM size, the image signature state and',
      'secret ages. Use it for "how secure is checkout-api?", "why is payment-gateway graded D?"',
      'or "does ledger have known-exploited vulnerabilities?". The list of findings themselves',
      'is list-entity-findings. Answers NotFoundError for an entity the caller cannot see and',
      'NotAllowedError when the caller may not read its posture.',
    ].join(' '),
    attributes: READ_ONLY_ATTRIBUTES,
    schema: {
      input: z => z.object({ entityRef: entityRefInput(z) }),
      output: z => postureOutput(z),
    },
    examples: [
      {
        title: 'How secure is checkout-api?',
        input: { entityRef: 'component:default/checkout-api' },
      },
    ],
    action: async ({ input, credentials }) => {
      const posture = await deps.postureService.getPosture(
        parseEntityName(input.entityRef),
        credentials,
      );
      return { output: toPostureOutput(posture) };
    },
  });
}
