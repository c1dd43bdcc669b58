import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import type { ScorecardGroupBy } from '@posture/backstage-plugin-security-common';
import { useUniqueId } from '../shared/useUniqueId';
import { GROUP_BYS } from './scorecardParams';

const LABELS: Record<ScorecardGroupBy, string> = {
  owner: 'Owner',
  system: 'System',
  domain: 'Domain',
};

/** Owner, system or domain: what the groups of the page are. */
export function GroupByToggle(props: {
  value: ScorecardGroupBy;
  onChange: (groupBy: ScorecardGroupBy) => void;
}) {
  const labelId = useUniqueId('scorecard-group-by');
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <Typography id={labelId} variant="body2" component="span">
        Group by
      </Typography>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={props.value}
        onChange={(_event, next: ScorecardGroupBy | null) =>
          next && props.onChange(next)
        }
        aria-labelledby={labelId}
      >
        {GROUP_BYS.map(groupBy => (
          <ToggleButton key={groupBy} value={groupBy}>
            {LABELS[groupBy]}
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
    </Box>
  );
}
