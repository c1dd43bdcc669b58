import {
  parseComment,
  parseExpiresAt,
  parseFindingId,
  parseJustification,
} from './exemptionInput';

const NOW = new Date('2027-01-01T12:00:00.000Z');
const DAY = 86_400_000;

describe('exemption input', () => {
  it('takes a justification of 10 to 2000 characters once trimmed', () => {
    expect(parseJustification(`  ${'a'.repeat(10)}  `)).toBe('a'.repeat(10));
    expect(parseJustification('b'.repeat(2000))).toHaveLength(2000);
    expect(() => parseJustification(` ${'a'.repeat(9)}     `)).toThrow(
      'justification must be 10 to 2000 characters (not counting surrounding spaces); it has 9',
    );
    expect(() => parseJustification('c'.repeat(2001))).toThrow(/it has 2001/);
    expect(() => parseJustification(undefined)).toThrow(
      'justification is required',
    );
  });

  it('takes an expiry in the future up to exactly maxExemptionDays ahead, with any offset', () => {
    const latest = new Date(NOW.getTime() + 90 * DAY);
    expect(parseExpiresAt(latest.toISOString(), NOW, 90)).toEqual(latest);
    expect(parseExpiresAt('2027-01-02T13:00:00+01:00', NOW, 90)).toEqual(
      new Date('2027-01-02T12:00:00.000Z'),
    );
    expect(() =>
      parseExpiresAt(new Date(latest.getTime() + 1).toISOString(), NOW, 90),
    ).toThrow(
      'expiresAt 2027-04-01T12:00:00.001Z is more than 90 days ahead (security.policy.maxExemptionDays); the latest allowed now is 2027-04-01T12:00:00.000Z',
    );
    expect(() => parseExpiresAt(NOW.toISOString(), NOW, 90)).toThrow(
      'is not in the future',
    );
    expect(() => parseExpiresAt('2027-02-30T10:00:00Z', NOW, 90)).toThrow(
      'is not a valid date-time',
    );
  });

  it('takes a finding id only for fixable-vulnerabilities; blank is none', () => {
    expect(parseFindingId(' CVE-2024-1234 ', 'fixable-vulnerabilities')).toBe(
      'CVE-2024-1234',
    );
    expect(parseFindingId('   ', 'fixable-vulnerabilities')).toBeNull();
    expect(parseFindingId(null, 'sbom')).toBeNull();
    expect(() => parseFindingId('CVE-2024-1234', 'sbom')).toThrow(
      'findingId applies only to the checks known-exploited, exploit-likelihood, fixable-vulnerabilities, not sbom',
    );
    expect(parseFindingId(' CVE-2021-44228 ', 'known-exploited')).toBe(
      'CVE-2021-44228',
    );
    expect(parseFindingId('CVE-2024-1', 'exploit-likelihood')).toBe(
      'CVE-2024-1',
    );
    expect(() =>
      parseFindingId('x'.repeat(256), 'fixable-vulnerabilities'),
    ).toThrow('at most 255');
  });

  it('takes an optional comment of at most 2000 characters; blank is none', () => {
    expect(parseComment(undefined)).toBeNull();
    expect(parseComment('   ')).toBeNull();
    expect(parseComment(' ok ')).toBe('ok');
    expect(() => parseComment('d'.repeat(2001))).toThrow('at most 2000');
    expect(() => parseComment('a\u0000b')).toThrow(
      'comment must not contain NUL characters',
    );
  });
});
