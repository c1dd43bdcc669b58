import { InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import { makeStyles } from '@material-ui/core/styles';
import type { ScorecardPage } from '@posture/backstage-plugin-security-common';
import { ImpactSearchBox } from '../Impact/ImpactSearchBox';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { useSecurityPaths } from '../SecurityPages/securityPaths';
import { accessibilityStyles } from '../shared/accessibilityStyles';
import { LoadingBar } from '../shared/LoadingBar';
import { RouterButton } from '../shared/RouterButton';
import { useDebouncedValue } from '../shared/useDebouncedValue';
import { useReloadable } from '../shared/useReloadable';
import { CheckPassRates } from './CheckPassRates';
import { ExploitFeedStatusLine } from './ExploitFeedStatusLine';
import { ExportCsvButton } from './ExportCsvButton';
import { FleetTrendCard } from './FleetTrendCard';
import { GroupByToggle } from './GroupByToggle';
import { GroupsTable } from './GroupsTable';
import { ScorecardBreadcrumbs } from './ScorecardBreadcrumbs';
import { ScorecardFilters } from './ScorecardFilters';
import {
  drillInto,
  hasFilters,
  NO_FILTERS,
  scorecardQuery,
  selectionSearch,
  withGroupBy,
  type ScorecardSelection,
} from './scorecardParams';
import {
  NoMatchEmptyState,
  NothingGradedEmptyState,
} from './ScorecardsEmptyState';
import { SelectionSummaryCard } from './SelectionSummaryCard';
import { useScorecardParams } from './useScorecardParams';
import { WorstEntitiesTable } from './WorstEntitiesTable';

const useStyles = makeStyles(theme => ({ root: accessibilityStyles(theme) }));

/** Typing in a filter box asks once it has paused, not once per key. */
const TYPING_DEBOUNCE_MS = 300;

/** The ref of the whole fleet's numbers (ScorecardPage.group without a group drilled into). */
const FLEET_REF = '*';

function groupsTitle(page: ScorecardPage): string {
  if (page.groupBy === 'owner') {
    return page.group && page.group.ref !== FLEET_REF
      ? `Groups in ${page.group.title}`
      : 'Top-level groups';
  }
  return page.groupBy === 'system' ? 'Systems' : 'Domains';
}

/** The scorecards of one selection, once loaded. */
function ScorecardGrid(props: {
  page: ScorecardPage;
  selection: ScorecardSelection;
}) {
  const { page, selection } = props;
  // The selection's own numbers (the whole fleet without a group); a backend older than
  // the whole-fleet numbers sends none at the top, and the rest of the page still stands.
  const summary = page.group;
  return (
    <Grid container spacing={3} alignItems="stretch">
      {summary && (
        <>
          <Grid item xs={12} md={6}>
            <SelectionSummaryCard group={summary} />
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard
              title="Policy checks"
              subheader="Share of entities passing"
              variant="gridItem"
            >
              <CheckPassRates
                checks={summary.checks}
                failingSearch={check =>
                  selectionSearch({
                    ...selection,
                    filters: { ...selection.filters, check },
                  })
                }
              />
            </InfoCard>
          </Grid>
        </>
      )}
      <Grid item xs={12}>
        <FleetTrendCard points={page.trend} />
      </Grid>
      {page.groups.length > 0 && (
        <Grid item xs={12}>
          <GroupsTable
            title={groupsTitle(page)}
            groups={page.groups}
            drillSearch={ref => selectionSearch(drillInto(selection, ref))}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <WorstEntitiesTable
          entities={page.entities}
          totalEntities={page.totalEntities}
        />
      </Grid>
    </Grid>
  );
}

/**
 * The fleet's scorecards: pick a grouping, drill into a group, filter; every number, the
 * trend and the entity list follow the selection, which lives in the URL.
 */
export function ScorecardsContent() {
  const classes = useStyles();
  const paths = useSecurityPaths();
  const { selection, select } = useScorecardParams();
  const { filters } = selection;
  const kind = useDebouncedValue(filters.kind, TYPING_DEBOUNCE_MS);
  const lifecycle = useDebouncedValue(filters.lifecycle, TYPING_DEBOUNCE_MS);
  const tag = useDebouncedValue(filters.tag, TYPING_DEBOUNCE_MS);
  const query = scorecardQuery({
    ...selection,
    filters: { ...filters, kind, lifecycle, tag },
  });
  const scorecards = useReloadable(
    api => api.getScorecards(query),
    [JSON.stringify(query)],
  );
  const page = scorecards.value;
  const filtered = hasFilters(filters);

  let body;
  if (scorecards.error) {
    body = (
      <PostureErrorPanel
        error={scorecards.error}
        onRetry={scorecards.reload}
        subject="the scorecards"
      />
    );
  } else if (!page) {
    body = <Progress />;
  } else if (page.totalEntities === 0 && page.groups.length === 0) {
    body =
      filtered || selection.group ? (
        <NoMatchEmptyState
          filtered={filtered}
          onClearFilters={() => select({ ...selection, filters: NO_FILTERS })}
        />
      ) : (
        <NothingGradedEmptyState />
      );
  } else {
    body = <ScorecardGrid page={page} selection={selection} />;
  }

  return (
    <div className={classes.root} data-testid="security-scorecards">
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        justifyContent="space-between"
        gridGap={16}
        mb={3}
      >
        <Box flex="1 1 480px" minWidth={0}>
          <ImpactSearchBox />
        </Box>
        <RouterButton to={paths.campaigns} variant="outlined" color="primary">
          Campaigns
        </RouterButton>
      </Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        justifyContent="space-between"
        gridGap={16}
        mb={2}
      >
        <GroupByToggle
          value={selection.groupBy}
          onChange={groupBy => select(withGroupBy(selection, groupBy))}
        />
        <ExportCsvButton query={query} />
      </Box>
      <Box mb={2}>
        <ScorecardFilters
          value={filters}
          onChange={(next, typing) =>
            select({ ...selection, filters: next }, { replace: typing })
          }
        />
      </Box>
      <Box mb={2}>
        <ExploitFeedStatusLine />
      </Box>
      <Box mb={1}>
        <ScorecardBreadcrumbs
          selection={selection}
          currentTitle={page?.group?.title}
        />
      </Box>
      <LoadingBar
        loading={scorecards.loading && page !== undefined}
        label="Loading the scorecards"
      />
      <Box mt={1}>{body}</Box>
    </div>
  );
}
