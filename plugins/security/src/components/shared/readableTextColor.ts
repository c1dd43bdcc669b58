import { darken, getContrastRatio, lighten } from '@material-ui/core/styles';

const WHITE = '#ffffff';
const BLACK = '#000000';

/**
 * White or black, whichever reads better on the background. MUI's getContrastText settles
 * for 3:1, which fails WCAG AA for chip-sized text (4.5:1): white on #e65100 is 3.8:1. The
 * better of the two always reaches 4.5:1.
 */
export function readableTextOn(background: string): string {
  return getContrastRatio(background, WHITE) >=
    getContrastRatio(background, BLACK)
    ? WHITE
    : BLACK;
}

/**
 * The colour, darkened (on a light background) or lightened (on a dark one) in small steps
 * until text in it reaches 4.5:1: MUI's default error red, #f44336, is 3.7:1 on white.
 */
export function readableColorOn(color: string, background: string): string {
  const darkBackground =
    getContrastRatio(background, WHITE) > getContrastRatio(background, BLACK);
  let candidate = color;
  for (let step = 1; step <= 10; step++) {
    if (getContrastRatio(candidate, background) >= 4.5) {
      return candidate;
    }
    candidate = darkBackground
      ? lighten(color, step / 10)
      : darken(color, step / 10);
  }
  return candidate;
}
