import type { Theme } from '@material-ui/core/styles';
import { readableColorOn } from './readableTextColor';

/**
 * Styles the whole tab needs for WCAG 2.1 AA, set once on its root rather than on each
 * card, since some of the parts they fix are Backstage's and MUI's own.
 */
export function accessibilityStyles(theme: Theme) {
  const ring = {
    outline: `3px solid ${theme.palette.primary.main}`,
    outlineOffset: 2,
  };
  return {
    // MUI v4 marks keyboard focus on chips and buttons only by a slight change of
    // background, which is hard to see (2.4.7); every focusable part gets a ring. The
    // primary colour keeps 3:1 against the paper in both themes.
    '& :focus-visible': ring,
    // MUI marks keyboard focus of its buttons, tabs and switches with this class.
    '& .Mui-focusVisible': ring,
    // MUI's default error red is 3.7:1 on white (1.4.3).
    '& .MuiTypography-colorError': {
      color: readableColorOn(
        theme.palette.error.main,
        theme.palette.background.paper,
      ),
    },
    // core-components' CodeSnippet colours tokens with a highlighter theme below 4.5:1
    // (#408080 on #f8f8ff); the commands read in the snippet's own text colour instead.
    '& pre code span[style]': {
      color: 'inherit !important',
    },
    // Commands wrap instead of scrolling: a scrolling region would need to be focusable
    // to be read by keyboard (2.1.1), and wrapped lines fit a 390 px screen too.
    '& pre': {
      overflowX: 'visible !important',
      whiteSpace: 'pre-wrap !important',
      overflowWrap: 'anywhere',
    },
    '& pre code': {
      whiteSpace: 'pre-wrap !important',
    },
  };
}
