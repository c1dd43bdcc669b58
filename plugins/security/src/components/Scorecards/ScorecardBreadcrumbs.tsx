import { Breadcrumbs } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import type { ScorecardGroupBy } from '@posture/backstage-plugin-security-common';
import {
  backTo,
  selectionSearch,
  type ScorecardSelection,
} from './scorecardParams';
import { SearchLink } from './SearchLink';

/** The way back to the top, named after the grouping it shows. */
const FLEET_TITLES: Record<ScorecardGroupBy, string> = {
  owner: 'All owners',
  system: 'All systems',
  domain: 'All domains',
};

/**
 * Where the drill-down is: the whole fleet, the groups passed through, and the current one.
 * Each step back is a link, so it can also be opened in a new tab.
 */
export function ScorecardBreadcrumbs(props: {
  selection: ScorecardSelection;
  /** The current group's title as the API gives it. */
  currentTitle?: string;
}) {
  const { selection } = props;
  if (!selection.group) {
    return null;
  }
  return (
    <Breadcrumbs aria-label="Drill-down">
      <SearchLink search={selectionSearch(backTo(selection, null))}>
        {FLEET_TITLES[selection.groupBy]}
      </SearchLink>
      {selection.trail.map((ref, index) => (
        <SearchLink
          key={ref}
          search={selectionSearch(backTo(selection, index))}
        >
          <EntityDisplayName entityRef={ref} hideIcon disableTooltip />
        </SearchLink>
      ))}
      <Typography color="textPrimary" aria-current="page">
        {props.currentTitle ?? (
          <EntityDisplayName
            entityRef={selection.group}
            hideIcon
            disableTooltip
          />
        )}
      </Typography>
    </Breadcrumbs>
  );
}
