import { cvssScoreOf, severityOf } from './ratings';

describe('severityOf', () => {
  it("takes the vulnerability's own source's rating first", () => {
    expect(
      severityOf({
        source: { name: 'debian' },
        ratings: [
          {
            source: { name: 'nvd' },
            severity: 'high',
            method: 'CVSSv31',
            score: 7.8,
          },
          { source: { name: 'debian' }, severity: 'low' },
        ],
      }),
    ).toBe('low');
  });

  it("falls back to NVD's non-v2 rating, then to the highest of all", () => {
    expect(
      severityOf({
        source: { name: 'debian' },
        ratings: [
          { source: { name: 'amazon' }, severity: 'medium' },
          {
            source: { name: 'nvd' },
            severity: 'high',
            method: 'CVSSv2',
            score: 7.5,
          },
          {
            source: { name: 'nvd' },
            severity: 'medium',
            method: 'CVSSv31',
            score: 6.5,
          },
        ],
      }),
    ).toBe('medium');
    expect(
      severityOf({
        ratings: [
          { source: { name: 'vendor-a' }, severity: 'low' },
          { source: { name: 'vendor-b' }, severity: 'CRITICAL' },
        ],
      }),
    ).toBe('critical');
  });

  it('answers unknown without usable ratings', () => {
    expect(severityOf({})).toBe('unknown');
    expect(
      severityOf({ ratings: [{ severity: 'none' }, { severity: 'info' }] }),
    ).toBe('unknown');
    expect(severityOf({ ratings: [{ severity: 'unknown', score: 9 }] })).toBe(
      'unknown',
    );
  });
});

describe('cvssScoreOf', () => {
  it('prefers the highest CVSS v3.x score, else the highest score', () => {
    expect(
      cvssScoreOf({
        ratings: [
          { method: 'CVSSv2', score: 8.3 },
          { method: 'CVSSv31', score: 8.1 },
          { method: 'CVSSv3', score: 7.5 },
        ],
      }),
    ).toBe(8.1);
    expect(
      cvssScoreOf({
        ratings: [{ method: 'CVSSv4', score: 6.9 }, { score: 4 }],
      }),
    ).toBe(6.9);
    expect(cvssScoreOf({ ratings: [{ severity: 'high' }] })).toBeNull();
  });
});
