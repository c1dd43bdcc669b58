import { getContrastRatio } from '@material-ui/core/styles';
import { GRADE_COLORS } from '../GradeBadge/gradeColor';
import { SECRET_STATUS_COLORS } from '../SecretsCard/secretStatusColors';
import { SEVERITY_COLORS } from '../VulnerabilitiesCard/severityColor';
import { readableColorOn, readableTextOn } from './readableTextColor';

const FILLS = {
  ...Object.fromEntries(
    Object.entries(SEVERITY_COLORS).map(([k, v]) => [`severity ${k}`, v]),
  ),
  ...Object.fromEntries(
    Object.entries(GRADE_COLORS).map(([k, v]) => [`grade ${k}`, v]),
  ),
  ...Object.fromEntries(
    Object.entries(SECRET_STATUS_COLORS).map(([k, v]) => [`secret ${k}`, v]),
  ),
};

describe('readableTextOn', () => {
  it.each(Object.entries(FILLS))(
    'gives the %s chip (%s) text of at least 4.5:1',
    (_name, fill) => {
      expect(
        getContrastRatio(fill, readableTextOn(fill)),
      ).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('picks black on the high severity orange, where MUI picks white at 3.8:1', () => {
    expect(readableTextOn(SEVERITY_COLORS.high)).toBe('#000000');
  });
});

describe('readableColorOn', () => {
  it.each([
    ['#f44336', '#ffffff'],
    ['#ff9800', '#ffffff'],
    ['#f44336', '#424242'],
    ['#1565c0', '#303030'],
  ])('makes %s readable on %s', (color, background) => {
    expect(
      getContrastRatio(readableColorOn(color, background), background),
    ).toBeGreaterThanOrEqual(4.5);
  });

  it('keeps a colour that is readable already', () => {
    expect(readableColorOn('#b71c1c', '#ffffff')).toBe('#b71c1c');
  });
});
