import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import type { Campaign } from '@posture/backstage-plugin-security-common';
import { formatCount } from '../shared/formatCount';

/** The share of the campaign's services that no longer match, 0 to 100. */
export function doneShare(campaign: Pick<Campaign, 'total' | 'remaining'>) {
  if (campaign.total <= 0) {
    return 100;
  }
  return Math.round(
    ((campaign.total - campaign.remaining) / campaign.total) * 100,
  );
}

/**
 * "3 of 12 remaining" and a bar of what is done. The bar is a picture of the words beside it,
 * so it is named by them for screen readers.
 */
export function CampaignProgress(props: {
  campaign: Pick<Campaign, 'total' | 'remaining'>;
  /** For the detail page's own count, which the end-to-end test reads. */
  testId?: string;
  width?: number;
}) {
  const { campaign } = props;
  const text = `${formatCount(campaign.remaining)} of ${formatCount(
    campaign.total,
  )} remaining`;
  return (
    <Box minWidth={props.width ?? 140}>
      <span data-testid={props.testId}>{text}</span>
      <LinearProgress
        variant="determinate"
        value={doneShare(campaign)}
        aria-label={`${text}: ${doneShare(campaign)}% fixed`}
        style={{ marginTop: 4 }}
      />
    </Box>
  );
}
