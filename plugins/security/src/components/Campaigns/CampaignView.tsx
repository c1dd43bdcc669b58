import { InfoCard, Link, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { CampaignDetail } from '@posture/backstage-plugin-security-common';
import { useParams } from 'react-router-dom';
import { describeImpactQuery } from '../Impact/impactSearch';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { useSecurityPaths } from '../SecurityPages/securityPaths';
import { accessibilityStyles } from '../shared/accessibilityStyles';
import { EntityRefName } from '../shared/EntityRefName';
import { FormattedDate } from '../shared/FormattedDate';
import { PageHeading } from '../shared/PageHeading';
import { RelativeTime } from '../shared/RelativeTime';
import { RouterButton } from '../shared/RouterButton';
import { SummaryLine } from '../shared/SummaryLine';
import { useReloadable } from '../shared/useReloadable';
import { BurndownCard } from './BurndownCard';
import { CampaignDeadline } from './CampaignDeadline';
import { CampaignEntities } from './CampaignEntities';
import { CampaignPermission } from './CampaignPermission';
import { CampaignProgress } from './CampaignProgress';
import { CampaignStatusLabel } from './CampaignStatusLabel';
import { CloseCampaignButton } from './CloseCampaignButton';

const useStyles = makeStyles(theme => ({
  root: accessibilityStyles(theme),
  // The note is the campaign's instructions: its line breaks are the author's.
  note: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
}));

/** What the campaign looks for, how far it is, and what it asks of the owners. */
function CampaignFacts(props: { campaign: CampaignDetail }) {
  const { campaign } = props;
  const classes = useStyles();
  const paths = useSecurityPaths();
  return (
    <InfoCard title="Progress">
      <Box display="flex" flexDirection="column" gridGap={8}>
        <CampaignProgress
          campaign={campaign}
          testId="campaign-remaining"
          width={240}
        />
        <SummaryLine label="Looks for">
          <Link to={paths.impact(campaign.query)}>
            {describeImpactQuery(campaign.query)}
          </Link>
        </SummaryLine>
        <SummaryLine label="Deadline">
          <CampaignDeadline campaign={campaign} />
        </SummaryLine>
        <SummaryLine label="Status">
          <Box component="span" display="inline-block">
            <CampaignStatusLabel status={campaign.status} />
          </Box>
        </SummaryLine>
        <SummaryLine label="Started">
          <FormattedDate value={campaign.createdAt} /> by{' '}
          <EntityRefName entityRef={campaign.createdBy} kind="user" />
        </SummaryLine>
        <SummaryLine label="Recomputed">
          {campaign.recomputedAt ? (
            <RelativeTime value={campaign.recomputedAt} />
          ) : (
            'not yet'
          )}
        </SummaryLine>
        {campaign.note && (
          <Typography variant="body1" className={classes.note}>
            {campaign.note}
          </Typography>
        )}
      </Box>
    </InfoCard>
  );
}

/**
 * One campaign: the query it follows, its deadline, how many services still match (over what
 * the user may read), its burn-down, the services still affected by owner and the fixed ones.
 * Managers may close it.
 */
export function CampaignView() {
  const classes = useStyles();
  const paths = useSecurityPaths();
  const { id = '' } = useParams();
  const detail = useReloadable(api => api.getCampaign(id), [id]);
  const campaign = detail.value;

  if (detail.error) {
    return (
      <div className={classes.root}>
        <PostureErrorPanel
          error={detail.error}
          onRetry={detail.reload}
          subject="the campaign"
        />
      </div>
    );
  }
  if (!campaign) {
    return <Progress />;
  }
  return (
    <div className={classes.root} data-testid="security-campaign">
      <PageHeading
        title={campaign.title}
        description="Campaign: the services whose reports still match, until the deadline"
      >
        <CampaignPermission>
          {canManage =>
            canManage &&
            campaign.status === 'active' && (
              <CloseCampaignButton
                campaign={campaign}
                onClosed={detail.reload}
              />
            )
          }
        </CampaignPermission>
        <RouterButton to={paths.campaigns} variant="text" color="primary">
          All campaigns
        </RouterButton>
      </PageHeading>
      <Grid container spacing={3} alignItems="stretch">
        <Grid item xs={12} md={5}>
          <CampaignFacts campaign={campaign} />
        </Grid>
        <Grid item xs={12} md={7}>
          <BurndownCard points={campaign.burndown} />
        </Grid>
        <Grid item xs={12}>
          <CampaignEntities campaign={campaign} />
        </Grid>
      </Grid>
    </div>
  );
}
