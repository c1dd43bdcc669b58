import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  checkLabel,
  type CheckResult,
  type Exemption,
} from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import { EntryList, EntryListItem } from '../shared/EntryList';
import { FormattedDate } from '../shared/FormattedDate';
import { CheckStatusLabel } from './CheckStatusLabel';
import { RequestExemptionDialog } from './RequestExemptionDialog';

const useStyles = makeStyles({
  // Messages and fixes name packages and secrets: they must wrap on a phone.
  text: { overflowWrap: 'anywhere' },
});

/**
 * A failing check that nobody has asked to exempt yet. Not one whose data is missing: the
 * grader lets an exemption excuse a known failure, never unknown data (docs/grading.md), so
 * an exemption asked for then would change nothing.
 */
function canRequest(
  check: CheckResult,
  pending: readonly Exemption[],
): boolean {
  if (check.status !== 'fail') {
    return false;
  }
  return !pending.some(e => e.check === check.check && e.findingId === null);
}

/**
 * The entity's policy checks: each one's status (words and icon), weight, message, fix and
 * exemption, with "Request exemption" on a failing check.
 */
export function PolicyChecksCard(props: {
  entityRef: string;
  policy: string | null;
  checks: CheckResult[];
  /** The entity's pending exemptions, so a check already asked for is not offered twice. */
  pending: readonly Exemption[];
  maxExemptionDays: number;
  onRequested: (exemption: Exemption) => void;
}) {
  const { entityRef, policy, checks, pending, maxExemptionDays } = props;
  const classes = useStyles();
  const [asking, setAsking] = useState<CheckResult | null>(null);

  let content;
  if (checks.length === 0) {
    content = (
      <>
        <Typography variant="subtitle1" component="p">
          Not graded against a policy yet
        </Typography>
        <Typography variant="body2" color="textSecondary">
          This posture was graded before policies existed. Its checks appear
          after the next regrade, which runs daily or with the next upload.
        </Typography>
      </>
    );
  } else {
    content = (
      <EntryList label="Policy checks">
        {checks.map(check => (
          <EntryListItem
            key={check.check}
            title={checkLabel(check.check)}
            aside={
              <>
                <CheckStatusLabel status={check.status} />
                <Typography variant="body2" color="textSecondary">
                  {check.weight} {check.weight === 1 ? 'point' : 'points'}
                </Typography>
                {check.gate && (
                  <Chip size="small" variant="outlined" label="CI gate" />
                )}
              </>
            }
          >
            <Typography variant="body2" className={classes.text}>
              {check.message}
            </Typography>
            {check.fix && check.status !== 'pass' && (
              <Typography variant="body2" className={classes.text}>
                Fix: {check.fix}
              </Typography>
            )}
            {check.exemption && (
              <Typography variant="body2">
                Exempt until <FormattedDate value={check.exemption.expiresAt} />
              </Typography>
            )}
            {pending.some(e => e.check === check.check) && (
              <Typography variant="body2" color="textSecondary">
                An exemption is waiting for approval.
              </Typography>
            )}
            {check.status === 'missing' && (
              <Typography variant="body2" color="textSecondary">
                An exemption covers a known failure, not missing data: once this
                is known and fails, it can be exempted.
              </Typography>
            )}
            {canRequest(check, pending) && (
              <Box mt={1}>
                <Button
                  size="small"
                  variant="outlined"
                  onClick={() => setAsking(check)}
                  aria-label={`Request exemption: ${checkLabel(check.check)}`}
                >
                  Request exemption
                </Button>
              </Box>
            )}
          </EntryListItem>
        ))}
      </EntryList>
    );
  }

  return (
    <Box data-testid="policy-checks-card" height="100%">
      <InfoCard
        title="Policy checks"
        subheader={policy ? `Policy: ${policy}` : undefined}
        variant="gridItem"
      >
        {content}
      </InfoCard>
      {asking && (
        <RequestExemptionDialog
          open
          entityRef={entityRef}
          check={asking}
          maxDays={maxExemptionDays}
          onClose={() => setAsking(null)}
          onRequested={exemption => {
            setAsking(null);
            props.onRequested(exemption);
          }}
        />
      )}
    </Box>
  );
}
