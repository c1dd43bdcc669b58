import { Link, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { Campaign } from '@posture/backstage-plugin-security-common';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { useSecurityPaths } from '../SecurityPages/securityPaths';
import { accessibilityStyles } from '../shared/accessibilityStyles';
import { PageHeading } from '../shared/PageHeading';
import { RouterButton } from '../shared/RouterButton';
import { useTableStyles } from '../shared/tableStyles';
import { useNarrowScreen } from '../shared/useNarrowScreen';
import { useReloadable } from '../shared/useReloadable';
import { activeFirst } from './campaignDeadline';
import { CampaignDeadline } from './CampaignDeadline';
import { CampaignProgress } from './CampaignProgress';
import { CampaignStatusLabel } from './CampaignStatusLabel';

const useStyles = makeStyles(theme => ({ root: accessibilityStyles(theme) }));

const COLUMNS = ['Campaign', 'Deadline', 'Remaining', 'Status'];

function CampaignTitleLink(props: { campaign: Campaign }) {
  const paths = useSecurityPaths();
  return (
    <Link to={paths.campaign(props.campaign.id)}>{props.campaign.title}</Link>
  );
}

function CampaignsTable(props: { campaigns: Campaign[] }) {
  const classes = useTableStyles();
  return (
    <TableContainer>
      <Table size="small" aria-label="Campaigns">
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => (
              <TableCell key={column} className={classes.head}>
                {column}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.campaigns.map(campaign => (
            <TableRow key={campaign.id}>
              <TableCell
                className={classes.prose}
                component="th"
                scope="row"
                // MUI calls any cell it is given a component for a plain cell.
                role="rowheader"
              >
                <CampaignTitleLink campaign={campaign} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                <CampaignDeadline campaign={campaign} />
              </TableCell>
              <TableCell>
                <CampaignProgress campaign={campaign} />
              </TableCell>
              <TableCell>
                <CampaignStatusLabel status={campaign.status} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function CampaignCards(props: { campaigns: Campaign[] }) {
  const classes = useTableStyles();
  return (
    <ul className={classes.cards} aria-label="Campaigns">
      {props.campaigns.map(campaign => (
        <li key={campaign.id} className={classes.card}>
          <Typography variant="body1" component="p">
            <CampaignTitleLink campaign={campaign} />
          </Typography>
          <dl className={classes.facts}>
            <dt>Deadline</dt>
            <dd>
              <CampaignDeadline campaign={campaign} />
            </dd>
            <dt>Remaining</dt>
            <dd>
              <CampaignProgress campaign={campaign} />
            </dd>
            <dt>Status</dt>
            <dd>
              <CampaignStatusLabel status={campaign.status} />
            </dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

/**
 * Every campaign the user can see, active first: how near its deadline is and how many of its
 * services still match, over the services the user may read.
 */
export function CampaignsContent() {
  const classes = useStyles();
  const paths = useSecurityPaths();
  const narrow = useNarrowScreen();
  const campaigns = useReloadable(
    api => api.listCampaigns({ status: 'all' }),
    [],
  );
  const items = activeFirst(campaigns.value?.items ?? []);

  let body;
  if (campaigns.error) {
    body = (
      <PostureErrorPanel
        error={campaigns.error}
        onRetry={campaigns.reload}
        subject="the campaigns"
      />
    );
  } else if (!campaigns.value) {
    body = <Progress />;
  } else if (items.length === 0) {
    body = (
      <Box py={4}>
        <Typography variant="body1" gutterBottom>
          No campaign yet.
        </Typography>
        <Typography variant="body2" color="textSecondary">
          Search for a vulnerability or a package on the{' '}
          <Link to={paths.impact()}>impact page</Link> and save it as a campaign
          to follow the affected services until a deadline.
        </Typography>
      </Box>
    );
  } else if (narrow) {
    body = <CampaignCards campaigns={items} />;
  } else {
    body = <CampaignsTable campaigns={items} />;
  }

  return (
    <div className={classes.root} data-testid="security-campaigns">
      <PageHeading
        title="Campaigns"
        description="Saved impact searches with a deadline: the services still affected, by owner"
      >
        <RouterButton to={paths.impact()} variant="outlined" color="primary">
          Impact search
        </RouterButton>
        <RouterButton to={paths.scorecards} variant="text" color="primary">
          Scorecards
        </RouterButton>
      </PageHeading>
      {body}
    </div>
  );
}
