import { fixedVersionsFromRecommendation } from './trivyRecommendation';

describe('fixedVersionsFromRecommendation', () => {
  it('reads every "Upgrade <pkg> to version <v>" part', () => {
    expect(
      fixedVersionsFromRecommendation(
        'Upgrade activesupport to version 6.0.3.1, 5.2.4.3; Upgrade libidn2-0 to version 2.0.5-1+deb10u1',
      ),
    ).toEqual(
      new Map([
        ['activesupport', '6.0.3.1, 5.2.4.3'],
        ['libidn2-0', '2.0.5-1+deb10u1'],
      ]),
    );
  });

  it('ignores free text', () => {
    expect(fixedVersionsFromRecommendation('Apply the vendor patch').size).toBe(
      0,
    );
    expect(fixedVersionsFromRecommendation('Upgrade  to version ').size).toBe(
      0,
    );
    expect(fixedVersionsFromRecommendation(undefined).size).toBe(0);
  });
});
