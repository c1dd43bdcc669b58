import { highestCvssScore } from './cvss';

describe('highestCvssScore', () => {
  it('prefers the highest V3 score over any V2 score', () => {
    expect(
      highestCvssScore({
        nvd: { V2Score: 9.3, V3Score: 7.8 },
        redhat: { V3Score: 8.1 },
      }),
    ).toBe(8.1);
  });

  it('falls back to the highest V2 score, then null', () => {
    expect(
      highestCvssScore({ nvd: { V2Score: 4.3 }, ghsa: { V2Score: 6 } }),
    ).toBe(6);
    expect(highestCvssScore({})).toBeNull();
    expect(highestCvssScore(undefined)).toBeNull();
  });

  it('keeps a genuine zero score', () => {
    expect(highestCvssScore({ nvd: { V3Score: 0 } })).toBe(0);
  });
});
