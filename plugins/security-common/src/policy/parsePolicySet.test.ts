import { DEFAULT_POLICY_SET } from './defaultPolicySet';
import { parsePolicySet, PolicyConfigError } from './parsePolicySet';

// The contract's example, as app-config gives it to the backend.
const contractExample = {
  default: 'standard',
  maxExemptionDays: 90,
  historyRetentionDays: 400,
  highEpss: 0.5,
  policies: {
    standard: {
      title: 'Standard',
      checks: {
        'known-exploited': { weight: 20, gate: true },
        'exploit-likelihood': { weight: 10 },
        'fixable-vulnerabilities': {
          weight: 40,
          severities: ['critical', 'high'],
          gate: true,
        },
        'scan-age': { weight: 20, maxAgeDays: 30, gate: true },
        sbom: { weight: 10 },
        signature: { weight: 20 },
        'secret-age': { weight: 10 },
      },
    },
    'internet-facing': {
      title: 'Internet-facing',
      checks: {
        'known-exploited': { weight: 20, gate: true },
        'exploit-likelihood': { weight: 10, gate: true },
        'fixable-vulnerabilities': {
          weight: 40,
          severities: ['critical', 'high', 'medium'],
          gate: true,
        },
        'scan-age': { weight: 20, maxAgeDays: 7, gate: true },
        sbom: { weight: 10, gate: true },
        signature: { weight: 20, gate: true },
        'secret-age': { weight: 10, gate: true },
      },
    },
  },
};

/** A one-policy config named `strict` whose checks are `checks`. */
const strict = (checks: unknown, extra: object = {}) => ({
  default: 'strict',
  policies: { strict: { checks } },
  ...extra,
});

function errorOf(raw: unknown): PolicyConfigError {
  try {
    parsePolicySet(raw);
  } catch (e) {
    if (e instanceof PolicyConfigError) return e;
    throw e;
  }
  throw new Error('parsePolicySet accepted it');
}

describe('parsePolicySet', () => {
  it.each([
    ['absent', undefined],
    ['null', null],
    ['only the Vault module’s secrets key', { secrets: { maxAgeDays: 90 } }],
  ])('uses the built-in policies when the config is %s', (_, raw) => {
    expect(parsePolicySet(raw)).toEqual(DEFAULT_POLICY_SET);
  });

  it('reads the documented example as the built-in default', () => {
    expect(parsePolicySet(contractExample)).toEqual(DEFAULT_POLICY_SET);
  });

  it('fills in what a policy leaves out: gate off, critical and high, 30 days, its name as title', () => {
    expect(
      parsePolicySet(
        strict({
          'scan-age': { weight: 1 },
          'fixable-vulnerabilities': { weight: 2 },
        }),
      ),
    ).toEqual({
      defaultPolicy: 'strict',
      maxExemptionDays: 90,
      historyRetentionDays: 400,
      highEpss: 0.5,
      policies: {
        strict: {
          name: 'strict',
          title: 'strict',
          // In the checks' order, whatever the config's order.
          checks: {
            'fixable-vulnerabilities': {
              weight: 2,
              gate: false,
              severities: ['critical', 'high'],
            },
            'scan-age': { weight: 1, gate: false, maxAgeDays: 30 },
          },
        },
      },
    });
  });

  it('replaces the built-in policies with the configured ones and keeps its own limits', () => {
    const set = parsePolicySet(
      strict(
        {
          'fixable-vulnerabilities': {
            weight: 1.5,
            severities: ['medium', 'critical'],
          },
        },
        { maxExemptionDays: 30, historyRetentionDays: 60 },
      ),
    );
    expect(Object.keys(set.policies)).toEqual(['strict']);
    expect(set.policies.strict.checks['fixable-vulnerabilities']).toEqual({
      weight: 1.5,
      gate: false,
      severities: ['critical', 'medium'],
    });
    expect(set).toMatchObject({
      maxExemptionDays: 30,
      historyRetentionDays: 60,
    });
  });

  it('keeps the default policy name when only the policies change, and fails when none has it', () => {
    expect(
      parsePolicySet({
        policies: { standard: { checks: { sbom: { weight: 1 } } } },
      }).defaultPolicy,
    ).toBe('standard');
    expect(
      errorOf({ policies: { strict: { checks: { sbom: { weight: 1 } } } } })
        .message,
    ).toBe(
      'security.policy.default: names no policy ("standard"; defined: strict)',
    );
  });

  const KEY = 'security.policy.policies.strict';
  it.each([
    [
      'a maximum scan age of 0',
      strict({ 'scan-age': { weight: 1, maxAgeDays: 0 } }),
      `${KEY}.checks.scan-age.maxAgeDays: must be a positive number`,
    ],
    [
      'a maximum scan age written as a string',
      strict({ 'scan-age': { weight: 1, maxAgeDays: '7' } }),
      `${KEY}.checks.scan-age.maxAgeDays: must be a positive number`,
    ],
    [
      'a weight of 0',
      strict({ sbom: { weight: 0 } }),
      `${KEY}.checks.sbom.weight: must be a positive number`,
    ],
    [
      'a negative weight',
      strict({ sbom: { weight: -10 } }),
      `${KEY}.checks.sbom.weight: must be a positive number`,
    ],
    [
      'a weight that is not a number',
      strict({ sbom: { weight: 'heavy' } }),
      `${KEY}.checks.sbom.weight: must be a positive number`,
    ],
    [
      'no weight',
      strict({ sbom: { gate: true } }),
      `${KEY}.checks.sbom.weight: must be a positive number`,
    ],
    [
      'an unknown check',
      strict({ sbom: { weight: 1 }, licences: { weight: 1 } }),
      `${KEY}.checks.licences: is not a check (known: known-exploited, exploit-likelihood, fixable-vulnerabilities, scan-age, sbom, signature, secret-age)`,
    ],
    [
      'an unknown severity',
      strict({
        'fixable-vulnerabilities': {
          weight: 1,
          severities: ['critical', 'severe'],
        },
      }),
      `${KEY}.checks.fixable-vulnerabilities.severities.1: must be one of critical, high, medium, low, unknown`,
    ],
    [
      'no severity',
      strict({ 'fixable-vulnerabilities': { weight: 1, severities: [] } }),
      `${KEY}.checks.fixable-vulnerabilities.severities: must name at least one severity`,
    ],
    [
      'a setting of another check',
      strict({ sbom: { weight: 1, maxAgeDays: 3 } }),
      `${KEY}.checks.sbom.maxAgeDays: is not a setting here`,
    ],
    [
      'a gate that is not true or false',
      strict({ sbom: { weight: 1, gate: 'yes' } }),
      `${KEY}.checks.sbom.gate: must be true or false`,
    ],
    [
      'no checks',
      { default: 'strict', policies: { strict: { title: 'Strict' } } },
      `${KEY}.checks: is required: name the checks the policy grades`,
    ],
    [
      'an empty list of checks',
      strict({}),
      `${KEY}.checks: must name at least one check (known-exploited, exploit-likelihood, fixable-vulnerabilities, scan-age, sbom, signature, secret-age)`,
    ],
    [
      'a default naming no policy',
      strict({ sbom: { weight: 1 } }, { default: 'stricter' }),
      'security.policy.default: names no policy ("stricter"; defined: strict)',
    ],
    [
      'a misspelt setting',
      strict({ sbom: { weight: 1 } }, { polices: {} }),
      'security.policy.polices: is not a setting here',
    ],
    [
      'a fractional exemption limit',
      strict({ sbom: { weight: 1 } }, { maxExemptionDays: 1.5 }),
      'security.policy.maxExemptionDays: must be a positive whole number',
    ],
    [
      'a history retention of 0',
      strict({ sbom: { weight: 1 } }, { historyRetentionDays: 0 }),
      'security.policy.historyRetentionDays: must be a positive whole number',
    ],
    [
      'a policy name the annotation cannot hold',
      {
        default: 'ok',
        policies: {
          ok: { checks: { sbom: { weight: 1 } } },
          'no spaces': { checks: { sbom: { weight: 1 } } },
        },
      },
      'security.policy.policies.no spaces: is not a usable policy name: letters, digits, dots, dashes and underscores, starting with a letter or digit',
    ],
    [
      'a check without settings',
      strict({ sbom: true }),
      `${KEY}.checks.sbom: must be the check's settings (weight, gate)`,
    ],
    [
      'a policy without settings',
      { default: 'strict', policies: { strict: null } },
      `${KEY}: must be a policy (title, checks)`,
    ],
    [
      'a severity named twice',
      strict({
        'fixable-vulnerabilities': { weight: 1, severities: ['high', 'high'] },
      }),
      `${KEY}.checks.fixable-vulnerabilities.severities: names a severity twice`,
    ],
    [
      'no policies',
      { policies: {} },
      'security.policy.policies: must name at least one policy',
    ],
    [
      'policies given as a list',
      { policies: [{ checks: {} }] },
      'security.policy.policies: must map policy names to policies',
    ],
    [
      'a high EPSS threshold of 0',
      strict({ sbom: { weight: 1 } }, { highEpss: 0 }),
      'security.policy.highEpss: must be a number above 0 and at most 1',
    ],
    [
      'a high EPSS threshold above 1 (a percentage)',
      strict({ sbom: { weight: 1 } }, { highEpss: 50 }),
      'security.policy.highEpss: must be a number above 0 and at most 1',
    ],
    [
      'a high EPSS threshold written as a string',
      strict({ sbom: { weight: 1 } }, { highEpss: '0.5' }),
      'security.policy.highEpss: must be a number above 0 and at most 1',
    ],
    [
      'a minimum EPSS of 0',
      strict({ 'exploit-likelihood': { weight: 1, minEpss: 0 } }),
      `${KEY}.checks.exploit-likelihood.minEpss: must be a number above 0 and at most 1`,
    ],
    [
      'a minimum EPSS above 1',
      strict({ 'exploit-likelihood': { weight: 1, minEpss: 1.01 } }),
      `${KEY}.checks.exploit-likelihood.minEpss: must be a number above 0 and at most 1`,
    ],
    [
      'fixableOnly that is not true or false',
      strict({ 'known-exploited': { weight: 1, fixableOnly: 'no' } }),
      `${KEY}.checks.known-exploited.fixableOnly: must be true or false`,
    ],
    [
      'minEpss on known-exploited',
      strict({ 'known-exploited': { weight: 1, minEpss: 0.5 } }),
      `${KEY}.checks.known-exploited.minEpss: is not a setting here`,
    ],
    [
      'fixableOnly on exploit-likelihood',
      strict({ 'exploit-likelihood': { weight: 1, fixableOnly: true } }),
      `${KEY}.checks.exploit-likelihood.fixableOnly: is not a setting here`,
    ],
    [
      'a policy set that is not a map',
      'strict',
      'security.policy: must map policy settings',
    ],
  ])('refuses %s, naming the key', (_, raw, message) => {
    expect(errorOf(raw).message).toBe(message);
  });

  describe('exploitability', () => {
    it('reads the high EPSS threshold, which is every exploit-likelihood check’s default', () => {
      const set = parsePolicySet(
        strict(
          {
            'known-exploited': { weight: 3 },
            'exploit-likelihood': { weight: 1 },
          },
          { highEpss: 0.2 },
        ),
      );
      expect(set.highEpss).toBe(0.2);
      expect(set.policies.strict.checks).toEqual({
        'known-exploited': { weight: 3, gate: false, fixableOnly: true },
        'exploit-likelihood': { weight: 1, gate: false, minEpss: 0.2 },
      });
    });

    it('keeps a check’s own minimum EPSS and fixableOnly over the defaults', () => {
      const set = parsePolicySet(
        strict(
          {
            'known-exploited': { weight: 3, fixableOnly: false, gate: true },
            'exploit-likelihood': { weight: 1, minEpss: 0.9 },
          },
          { highEpss: 0.2 },
        ),
      );
      expect(set.policies.strict.checks).toEqual({
        'known-exploited': { weight: 3, gate: true, fixableOnly: false },
        'exploit-likelihood': { weight: 1, gate: false, minEpss: 0.9 },
      });
    });

    it('moves the built-in policies’ threshold with highEpss and leaves the rest as built in', () => {
      const set = parsePolicySet({ highEpss: 1 });
      expect(set.highEpss).toBe(1);
      for (const name of ['standard', 'internet-facing']) {
        const builtIn = DEFAULT_POLICY_SET.policies[name];
        expect(set.policies[name]).toEqual({
          ...builtIn,
          checks: {
            ...builtIn.checks,
            'exploit-likelihood': {
              ...builtIn.checks['exploit-likelihood'],
              minEpss: 1,
            },
          },
        });
      }
      expect(DEFAULT_POLICY_SET.highEpss).toBe(0.5);
      expect(
        DEFAULT_POLICY_SET.policies.standard.checks['exploit-likelihood']
          ?.minEpss,
      ).toBe(0.5);
    });
  });

  it('names every problem at once', () => {
    const error = errorOf(
      strict({
        sbom: { weight: 0 },
        'scan-age': { weight: 1, maxAgeDays: -1 },
      }),
    );
    expect(error.issues).toEqual([
      {
        key: `${KEY}.checks.scan-age.maxAgeDays`,
        message: 'must be a positive number',
      },
      {
        key: `${KEY}.checks.sbom.weight`,
        message: 'must be a positive number',
      },
    ]);
  });
});
