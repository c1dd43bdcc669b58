import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import {
  SBOM_NO_LICENSE,
  type LicenseFacet,
} from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import { formatCount } from '../shared/formatCount';

/** The backend's bucket for components without any licence; it filters like the others. */
export const NO_LICENSE = SBOM_NO_LICENSE;

/** A large SBOM can carry a hundred licence expressions; the long tail waits behind a button. */
const COLLAPSED_FACETS = 12;

function facetLabel(facet: LicenseFacet): string {
  return `${facet.license} (${formatCount(facet.count)})`;
}

/**
 * Licences of the whole SBOM with how many components carry each. Clicking one filters
 * the table to it, clicking it again clears the filter.
 */
export function LicenseFacetBar(props: {
  facets: LicenseFacet[];
  selected?: string;
  onSelect: (license: string | undefined) => void;
}) {
  const { facets, selected, onSelect } = props;
  const [expanded, setExpanded] = useState(false);
  if (facets.length === 0) {
    return null;
  }
  const shown = expanded
    ? facets
    : facets.filter(
        (facet, index) =>
          index < COLLAPSED_FACETS || facet.license === selected,
      );

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      gridGap={8}
      role="group"
      aria-label="Licences"
    >
      {shown.map(facet => (
        <Chip
          key={facet.license}
          size="small"
          clickable
          color={facet.license === selected ? 'primary' : 'default'}
          variant={facet.license === selected ? 'default' : 'outlined'}
          label={facetLabel(facet)}
          aria-pressed={facet.license === selected}
          title={
            facet.license === NO_LICENSE
              ? 'Components whose SBOM entry names no licence'
              : undefined
          }
          onClick={() =>
            onSelect(facet.license === selected ? undefined : facet.license)
          }
        />
      ))}
      {facets.length > COLLAPSED_FACETS && (
        <Button size="small" onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show fewer' : `Show all ${facets.length} licences`}
        </Button>
      )}
    </Box>
  );
}
