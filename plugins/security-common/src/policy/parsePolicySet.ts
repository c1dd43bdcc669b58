import { z } from 'zod';
import { POLICY_CHECKS, SEVERITIES, type PolicyCheckId } from '../types';
import { DEFAULT_FIXABLE_SEVERITIES } from './checks/fixableVulnerabilities';
import { DEFAULT_HIGH_EPSS } from './checks/exploitLikelihood';
import { DEFAULT_MAX_SCAN_AGE_DAYS } from './checks/scanAge';
import { DEFAULT_POLICY_SET } from './defaultPolicySet';
import type { CheckPolicy, Policy, PolicySet } from './types';

/** Where the policy lives in app-config; every error names its key from here. */
const ROOT_KEY = 'security.policy';

/** A problem with the policy configuration, naming the full config key. @public */
export interface PolicyConfigIssue {
  key: string;
  message: string;
}

/** The policy configuration is invalid; `issues` names every problem found. @public */
export class PolicyConfigError extends Error {
  readonly issues: PolicyConfigIssue[];
  constructor(issues: PolicyConfigIssue[]) {
    super(issues.map(i => `${i.key}: ${i.message}`).join('; '));
    this.name = 'PolicyConfigError';
    this.issues = issues;
  }
}

const positive = (what = 'a positive number') =>
  z
    .number({
      invalid_type_error: `must be ${what}`,
      required_error: `must be ${what}`,
    })
    .finite(`must be ${what}`)
    .positive(`must be ${what}`);

const positiveWhole = () =>
  positive('a positive whole number').int('must be a positive whole number');

/** An EPSS probability threshold: above 0 (every scored CVE would count) and at most 1. */
const probability = () =>
  z
    .number({
      invalid_type_error: 'must be a number above 0 and at most 1',
      required_error: 'must be a number above 0 and at most 1',
    })
    .gt(0, 'must be a number above 0 and at most 1')
    .lte(1, 'must be a number above 0 and at most 1');

const severity = z.enum(SEVERITIES as [string, ...string[]], {
  errorMap: () => ({ message: `must be one of ${SEVERITIES.join(', ')}` }),
});

const settingsOf = (what: string) => ({
  invalid_type_error: `must be the check's settings (${what})`,
});

const common = {
  weight: positive(),
  gate: z.boolean({ invalid_type_error: 'must be true or false' }).optional(),
};

const checkSchemas = {
  'known-exploited': z
    .object(
      {
        ...common,
        fixableOnly: z
          .boolean({ invalid_type_error: 'must be true or false' })
          .optional(),
      },
      settingsOf('weight, gate, fixableOnly'),
    )
    .strict(),
  'exploit-likelihood': z
    .object(
      { ...common, minEpss: probability().optional() },
      settingsOf('weight, gate, minEpss'),
    )
    .strict(),
  'fixable-vulnerabilities': z
    .object(
      {
        ...common,
        severities: z
          .array(severity, {
            invalid_type_error: 'must be a list of severities',
          })
          .min(1, 'must name at least one severity')
          .refine(list => new Set(list).size === list.length, {
            message: 'names a severity twice',
          })
          .optional(),
      },
      settingsOf('weight, gate, severities'),
    )
    .strict(),
  'scan-age': z
    .object(
      { ...common, maxAgeDays: positive().optional() },
      settingsOf('weight, gate, maxAgeDays'),
    )
    .strict(),
  sbom: z.object(common, settingsOf('weight, gate')).strict(),
  signature: z.object(common, settingsOf('weight, gate')).strict(),
  'secret-age': z.object(common, settingsOf('weight, gate')).strict(),
} satisfies Record<PolicyCheckId, z.ZodTypeAny>;

// A policy grades the checks it names, and only those.
const optionalChecks = Object.fromEntries(
  POLICY_CHECKS.map(check => [check, checkSchemas[check].optional()]),
) as {
  [K in PolicyCheckId]: z.ZodOptional<(typeof checkSchemas)[K]>;
};

// Policy names are what posture.dev/policy says: plain words, never `__proto__` and the like.
const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

const policySchema = z
  .object(
    {
      title: z
        .string({ invalid_type_error: 'must be a string' })
        .trim()
        .min(1, 'must not be empty')
        .optional(),
      checks: z
        .object(optionalChecks, {
          required_error: 'is required: name the checks the policy grades',
          invalid_type_error: 'must map check names to their settings',
        })
        .strict()
        .refine(checks => Object.keys(checks).length > 0, {
          message: `must name at least one check (${POLICY_CHECKS.join(', ')})`,
        }),
    },
    { invalid_type_error: 'must be a policy (title, checks)' },
  )
  .strict();

const policySetSchema = z
  .object(
    {
      default: z
        .string({ invalid_type_error: 'must be a policy name' })
        .optional(),
      maxExemptionDays: positiveWhole().optional(),
      historyRetentionDays: positiveWhole().optional(),
      highEpss: probability().optional(),
      policies: z
        .record(policySchema, {
          invalid_type_error: 'must map policy names to policies',
        })
        .superRefine((policies, ctx) => {
          const names = Object.keys(policies);
          if (!names.length) {
            ctx.addIssue({
              code: 'custom',
              message: 'must name at least one policy',
            });
          }
          for (const name of names.filter(n => !POLICY_NAME.test(n))) {
            ctx.addIssue({
              code: 'custom',
              path: [name],
              message:
                'is not a usable policy name: letters, digits, dots, dashes and underscores, starting with a letter or digit',
            });
          }
        })
        .optional(),
      // security.policy.secrets belongs to the Vault module (the default maximum secret age).
      secrets: z.unknown().optional(),
      // security.policy.regradeSchedule belongs to the backend's daily regrade (a scheduler
      // definition, read and checked there).
      regradeSchedule: z.unknown().optional(),
    },
    { invalid_type_error: 'must map policy settings' },
  )
  .strict()
  .superRefine((set, ctx) => {
    const names = Object.keys(set.policies ?? DEFAULT_POLICY_SET.policies);
    const chosen = set.default ?? DEFAULT_POLICY_SET.defaultPolicy;
    // With no policies at all, that is the problem to report.
    if (names.length && !names.includes(chosen)) {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        message: `names no policy ("${chosen}"; defined: ${names.join(', ')})`,
      });
    }
  });

function keyOf(path: ReadonlyArray<string | number>): string {
  return [ROOT_KEY, ...path].join('.');
}

/** Zod's issues as config keys and sentences people can act on. */
function toIssues(error: z.ZodError): PolicyConfigIssue[] {
  return error.issues.flatMap(issue => {
    if (issue.code === 'unrecognized_keys') {
      const inChecks = issue.path[issue.path.length - 1] === 'checks';
      return issue.keys.map(key => ({
        key: keyOf([...issue.path, key]),
        message: inChecks
          ? `is not a check (known: ${POLICY_CHECKS.join(', ')})`
          : 'is not a setting here',
      }));
    }
    return [{ key: keyOf(issue.path), message: issue.message }];
  });
}

type ParsedCheck = z.infer<(typeof checkSchemas)[PolicyCheckId]>;

function toCheckPolicy(
  check: PolicyCheckId,
  parsed: ParsedCheck,
  highEpss: number,
): CheckPolicy {
  const settings: CheckPolicy = {
    weight: parsed.weight,
    gate: parsed.gate ?? false,
  };
  if (check === 'fixable-vulnerabilities') {
    const { severities } = parsed as { severities?: CheckPolicy['severities'] };
    settings.severities = SEVERITIES.filter(s =>
      (severities ?? DEFAULT_FIXABLE_SEVERITIES).includes(s),
    );
  }
  if (check === 'scan-age') {
    const { maxAgeDays } = parsed as { maxAgeDays?: number };
    settings.maxAgeDays = maxAgeDays ?? DEFAULT_MAX_SCAN_AGE_DAYS;
  }
  if (check === 'known-exploited') {
    const { fixableOnly } = parsed as { fixableOnly?: boolean };
    settings.fixableOnly = fixableOnly ?? true;
  }
  if (check === 'exploit-likelihood') {
    const { minEpss } = parsed as { minEpss?: number };
    settings.minEpss = minEpss ?? highEpss;
  }
  return settings;
}

/** The built-in policies, their EPSS threshold following `highEpss`. */
function defaultPolicies(highEpss: number): Record<string, Policy> {
  if (highEpss === DEFAULT_POLICY_SET.highEpss) {
    return DEFAULT_POLICY_SET.policies;
  }
  return Object.fromEntries(
    Object.entries(DEFAULT_POLICY_SET.policies).map(([name, policy]) => {
      const likelihood = policy.checks['exploit-likelihood'];
      return [
        name,
        likelihood
          ? {
              ...policy,
              checks: {
                ...policy.checks,
                'exploit-likelihood': { ...likelihood, minEpss: highEpss },
              },
            }
          : policy,
      ];
    }),
  );
}

/**
 * Reads `security.policy` (as app-config gives it; absent means {@link DEFAULT_POLICY_SET}).
 * Named `policies` replace the built-in ones. Throws {@link PolicyConfigError} naming the full
 * key of every problem, e.g.
 * `security.policy.policies.strict.checks.scan-age.maxAgeDays: must be a positive number`.
 * @public
 */
export function parsePolicySet(raw: unknown): PolicySet {
  if (raw === undefined || raw === null) return DEFAULT_POLICY_SET;
  const parsed = policySetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PolicyConfigError(toIssues(parsed.error));
  }
  const config = parsed.data;
  const highEpss = config.highEpss ?? DEFAULT_HIGH_EPSS;
  const policies: Record<string, Policy> = config.policies
    ? Object.fromEntries(
        Object.entries(config.policies).map(([name, policy]) => {
          const checks: Policy['checks'] = {};
          for (const check of POLICY_CHECKS) {
            const settings = policy.checks[check];
            if (settings) {
              checks[check] = toCheckPolicy(check, settings, highEpss);
            }
          }
          return [name, { name, title: policy.title ?? name, checks }];
        }),
      )
    : defaultPolicies(highEpss);
  return {
    defaultPolicy: config.default ?? DEFAULT_POLICY_SET.defaultPolicy,
    policies,
    maxExemptionDays:
      config.maxExemptionDays ?? DEFAULT_POLICY_SET.maxExemptionDays,
    historyRetentionDays:
      config.historyRetentionDays ?? DEFAULT_POLICY_SET.historyRetentionDays,
    highEpss,
  };
}
