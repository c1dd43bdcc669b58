import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  checkLabel,
  POLICY_CHECKS,
  type CheckTally,
  type PolicyCheckId,
} from '@posture/backstage-plugin-security-common';
import { formatCount } from '../shared/formatCount';
import { SearchLink } from './SearchLink';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  progress: { height: theme.spacing(1), borderRadius: 4 },
}));

/** Share of the check that passes or is exempt, 0..100; `null` when it applies to none. */
function passRate(tally: CheckTally): number | null {
  const total = tally.passed + tally.failed + tally.missing + tally.exempt;
  return total === 0 ? null : (100 * (tally.passed + tally.exempt)) / total;
}

function breakdown(tally: CheckTally): string {
  return [
    `${formatCount(tally.passed)} passed`,
    `${formatCount(tally.exempt)} exempt`,
    `${formatCount(tally.failed)} failed`,
    `${formatCount(tally.missing)} missing`,
  ].join(' · ');
}

/**
 * How much of the selection passes each policy check (exempt counts as passing, as in the
 * score; missing data does not), with a link to the entities that fail it.
 */
export function CheckPassRates(props: {
  checks: Record<string, CheckTally>;
  /** The search of this page filtered to entities failing the check. */
  failingSearch: (check: PolicyCheckId) => string;
}) {
  const classes = useStyles();
  const graded = POLICY_CHECKS.filter(check => props.checks[check]);
  if (graded.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No entity here is graded on a policy check yet.
      </Typography>
    );
  }
  return (
    <ul className={classes.list} aria-label="Pass rate per policy check">
      {graded.map(check => {
        const tally = props.checks[check];
        const rate = passRate(tally);
        const label = checkLabel(check);
        return (
          <li key={check} className={classes.item} data-check={check}>
            <Box display="flex" justifyContent="space-between" gridGap={8}>
              <Typography variant="body2" component="span">
                {label}
              </Typography>
              <Typography variant="body2" component="span">
                <strong>
                  {rate === null
                    ? 'Not applicable'
                    : `${Math.round(rate)}% pass`}
                </strong>
              </Typography>
            </Box>
            <LinearProgress
              className={classes.progress}
              variant="determinate"
              value={rate === null ? 0 : Math.round(rate)}
              aria-label={`${label} pass rate`}
              aria-valuetext={
                rate === null ? 'Not applicable' : `${Math.round(rate)}%`
              }
            />
            <Box
              display="flex"
              flexWrap="wrap"
              justifyContent="space-between"
              gridGap={8}
              mt={0.5}
            >
              <Typography variant="caption" color="textSecondary">
                {breakdown(tally)}
              </Typography>
              {tally.failed > 0 && (
                <Typography variant="caption">
                  <SearchLink search={props.failingSearch(check)}>
                    Show the {formatCount(tally.failed)} failing
                  </SearchLink>
                </Typography>
              )}
            </Box>
          </li>
        );
      })}
    </ul>
  );
}
