import { makeStyles } from '@material-ui/core/styles';

/**
 * Cell styles the findings and SBOM tables share: headers and versions never break mid-word
 * ("Insta/lled", "1.1.20-/r4"); prose wraps, within a readable width.
 */
export const useTableStyles = makeStyles(theme => ({
  head: { whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  prose: { minWidth: theme.spacing(30), maxWidth: theme.spacing(60) },
  // Image references wrap after their separators (see BreakableText), within a readable width.
  reference: { minWidth: theme.spacing(20), maxWidth: theme.spacing(40) },
  // One finding or component per card on narrow screens, where columns would be one
  // character wide.
  cards: { listStyle: 'none', margin: 0, padding: 0 },
  card: {
    borderBottom: `1px solid ${theme.palette.divider}`,
    padding: theme.spacing(1.5, 0),
    overflowWrap: 'anywhere',
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: theme.spacing(1.5),
    rowGap: theme.spacing(0.25),
    margin: theme.spacing(1, 0, 0),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, minWidth: 0 },
  },
}));
