import Typography from '@material-ui/core/Typography';
import type { Campaign } from '@posture/backstage-plugin-security-common';
import { formatDay } from '../TrendChart';
import { deadlineState } from './campaignDeadline';

/** "Jan 31, 2027 · in 12 days", the passed ones in the error colour and the word "overdue". */
export function CampaignDeadline(props: {
  campaign: Pick<Campaign, 'deadline' | 'status'>;
}) {
  const { label, overdue } = deadlineState(props.campaign);
  return (
    <span>
      <time dateTime={props.campaign.deadline}>
        {formatDay(props.campaign.deadline)}
      </time>
      {label && (
        <Typography
          component="span"
          variant="inherit"
          color={overdue ? 'error' : 'textSecondary'}
        >
          {' · '}
          {label}
        </Typography>
      )}
    </span>
  );
}
