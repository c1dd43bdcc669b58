import { DEFAULT_POLICY_SET } from './defaultPolicySet';
import { policyFor } from './policyFor';

describe('policyFor', () => {
  const { standard } = DEFAULT_POLICY_SET.policies;
  const internetFacing = DEFAULT_POLICY_SET.policies['internet-facing'];

  it.each([
    ['no annotations', undefined, standard, null],
    ['no policy annotation', { 'posture.dev/image': 'x' }, standard, null],
    ['an empty annotation', { 'posture.dev/policy': '  ' }, standard, null],
    [
      'a known policy',
      { 'posture.dev/policy': 'internet-facing' },
      internetFacing,
      null,
    ],
    [
      'a known policy with spaces around it',
      { 'posture.dev/policy': ' internet-facing ' },
      internetFacing,
      null,
    ],
    [
      'an unknown policy',
      { 'posture.dev/policy': 'Internet-Facing' },
      standard,
      'Internet-Facing',
    ],
    // Names of Object.prototype's members are not policies.
    [
      'an inherited property name',
      { 'posture.dev/policy': 'constructor' },
      standard,
      'constructor',
    ],
  ])('with %s', (_, annotations, policy, unknownName) => {
    expect(policyFor(DEFAULT_POLICY_SET, annotations)).toEqual({
      policy,
      unknownName,
    });
  });

  it('falls back to the configured default, not to standard', () => {
    const set = { ...DEFAULT_POLICY_SET, defaultPolicy: 'internet-facing' };
    expect(policyFor(set, { 'posture.dev/policy': 'nope' }).policy).toBe(
      internetFacing,
    );
  });
});
