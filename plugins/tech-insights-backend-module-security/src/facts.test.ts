import {
  POLICY_CHECKS,
  emptyPosture,
} from '@posture/backstage-plugin-security-common';
import { checkoutFacts, checkoutPosture } from './__testUtils__/postures';
import { POSTURE_FACT_SCHEMA, checkFactName, postureToFacts } from './facts';
import { parsePostureFactsSource } from './postureResponse';

const facts = (body: unknown) => postureToFacts(parsePostureFactsSource(body));

describe('postureToFacts', () => {
  it('publishes grade, score, policy, one boolean per applicable check and the counts', () => {
    expect(facts(checkoutPosture)).toEqual(checkoutFacts);
  });

  it('counts pass and exempt as met, fail and missing as not met', () => {
    const result = facts({
      ...checkoutPosture,
      checks: [
        { check: 'fixable-vulnerabilities', status: 'fail' },
        { check: 'scan-age', status: 'missing' },
        { check: 'sbom', status: 'exempt' },
        { check: 'signature', status: 'pass' },
        { check: 'secret-age', status: 'fail' },
      ],
    });
    expect(result).toMatchObject({
      check_fixable_vulnerabilities: false,
      check_scan_age: false,
      check_sbom: true,
      check_signature: true,
      check_secret_age: false,
    });
  });

  it('leaves out a check that does not apply, rather than failing it', () => {
    // checkout has no Vault secrets: secret-age is not among its checks.
    expect(facts(checkoutPosture)).not.toHaveProperty('check_secret_age');
  });

  it('leaves out what Posture does not know instead of writing placeholders', () => {
    expect(facts(emptyPosture('component:default/new-service'))).toEqual({});
    expect(
      facts({ ...checkoutPosture, policy: null, vulnerabilities: null }),
    ).not.toHaveProperty('policy');
    expect(
      facts({ ...checkoutPosture, vulnerabilities: null }),
    ).not.toHaveProperty('critical');
  });

  it('reads a posture from a backend older than policies (no policy, no checks)', () => {
    const { policy, checks, ...older } = checkoutPosture;
    expect(facts(older)).toEqual({
      grade: 'B',
      score: 80,
      critical: 0,
      high: 3,
      fixable_critical: 0,
      fixable_high: 2,
    });
  });

  it('ignores a check id this version does not know', () => {
    const result = facts({
      ...checkoutPosture,
      checks: [{ check: 'licence-policy', status: 'fail' }],
    });
    expect(Object.keys(result).filter(key => key.startsWith('check_'))).toEqual(
      [],
    );
  });

  it('rejects a body that is not a posture, naming the field', () => {
    expect(() => facts({ ...checkoutPosture, grade: 7 })).toThrow(
      'unexpected posture response: grade: Expected string, received number',
    );
    expect(() => facts('<html>')).toThrow('unexpected posture response: body');
  });
});

describe('POSTURE_FACT_SCHEMA', () => {
  it('declares every fact the retriever can publish, with its type', () => {
    const everything = facts({
      ...checkoutPosture,
      checks: POLICY_CHECKS.map(check => ({ check, status: 'pass' })),
    });
    const typeOf = (value: unknown) =>
      Number.isInteger(value) ? 'integer' : typeof value;
    for (const [name, value] of Object.entries(everything)) {
      expect([name, POSTURE_FACT_SCHEMA[name]?.type]).toEqual([
        name,
        typeOf(value),
      ]);
    }
    expect(Object.keys(POSTURE_FACT_SCHEMA).sort()).toEqual(
      Object.keys(everything).sort(),
    );
  });

  it('names the check facts after the policy check ids', () => {
    expect(POLICY_CHECKS.map(checkFactName)).toEqual([
      'check_known_exploited',
      'check_exploit_likelihood',
      'check_fixable_vulnerabilities',
      'check_scan_age',
      'check_sbom',
      'check_signature',
      'check_secret_age',
    ]);
  });
});
