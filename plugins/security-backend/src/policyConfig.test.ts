import { ConfigReader } from '@backstage/config';
import { DEFAULT_POLICY_SET } from '@posture/backstage-plugin-security-common';
import { readPolicyConfig } from './policyConfig';

describe('readPolicyConfig', () => {
  it('uses the built-in policies when security.policy is absent or holds only the Vault default', () => {
    expect(readPolicyConfig(new ConfigReader({}))).toEqual(DEFAULT_POLICY_SET);
    expect(
      readPolicyConfig(
        new ConfigReader({
          security: { policy: { secrets: { maxAgeDays: 90 } } },
        }),
      ),
    ).toEqual(DEFAULT_POLICY_SET);
  });

  it('reads named policies and the default from app-config', () => {
    const set = readPolicyConfig(
      new ConfigReader({
        security: {
          policy: {
            default: 'strict',
            maxExemptionDays: 30,
            highEpss: 0.3,
            secrets: { maxAgeDays: 60 },
            policies: {
              strict: {
                title: 'Strict',
                checks: {
                  'fixable-vulnerabilities': {
                    weight: 3,
                    severities: ['critical', 'high', 'medium'],
                    gate: true,
                  },
                  sbom: { weight: 1, gate: true },
                },
              },
            },
          },
        },
      }),
    );
    expect(set).toEqual({
      defaultPolicy: 'strict',
      maxExemptionDays: 30,
      historyRetentionDays: 400,
      highEpss: 0.3,
      policies: {
        strict: {
          name: 'strict',
          title: 'Strict',
          checks: {
            'fixable-vulnerabilities': {
              weight: 3,
              gate: true,
              severities: ['critical', 'high', 'medium'],
            },
            sbom: { weight: 1, gate: true },
          },
        },
      },
    });
  });

  it.each([
    [
      { checks: { 'scan-age': { weight: 20, maxAgeDays: 0 } } },
      'Invalid config security.policy.policies.strict.checks.scan-age.maxAgeDays: must be a positive number',
    ],
    [
      { checks: { 'licence-policy': { weight: 5 } } },
      'Invalid config security.policy.policies.strict.checks.licence-policy: is not a check',
    ],
    [
      { checks: { sbom: { weight: -1 } } },
      'Invalid config security.policy.policies.strict.checks.sbom.weight: must be a positive number',
    ],
    [
      { checks: { 'exploit-likelihood': { weight: 1, minEpss: 50 } } },
      'Invalid config security.policy.policies.strict.checks.exploit-likelihood.minEpss: must be a number above 0 and at most 1',
    ],
  ])('stops start-up naming the bad key of %j', (strict, message) => {
    const config = new ConfigReader({
      security: { policy: { default: 'strict', policies: { strict } } },
    });
    expect(() => readPolicyConfig(config)).toThrow(message);
  });

  it('stops start-up when the default names no policy', () => {
    const config = new ConfigReader({
      security: { policy: { default: 'internet' } },
    });
    expect(() => readPolicyConfig(config)).toThrow(
      'Invalid config security.policy.default: names no policy ("internet"; defined: standard, internet-facing)',
    );
  });
});
