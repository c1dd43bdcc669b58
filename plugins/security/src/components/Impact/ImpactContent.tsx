import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import FlagIcon from '@material-ui/icons/Flag';
import type {
  ImpactListResponse,
  ImpactQuery,
} from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { securityApiRef } from '../../api/SecurityApi';
import type { ImpactSort } from '../../api/types';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { useSecurityPaths } from '../SecurityPages/securityPaths';
import { accessibilityStyles } from '../shared/accessibilityStyles';
import { servicesInTeams } from '../shared/countOf';
import { LoadingBar } from '../shared/LoadingBar';
import { NativeSelectField } from '../shared/NativeSelectField';
import { NoMatchingRows } from '../shared/NoMatchingRows';
import { PageHeading } from '../shared/PageHeading';
import { PagingFooter } from '../shared/PagingFooter';
import { RouterButton } from '../shared/RouterButton';
import { useCursorPaging, type CursorPaging } from '../shared/useCursorPaging';
import { useUniqueId } from '../shared/useUniqueId';
import { ImpactExportButton } from './ImpactExportButton';
import { impactFieldError } from './impactFieldError';
import { ImpactResults } from './ImpactResults';
import {
  impactQueryOf,
  impactSearchParams,
  noImpactMessage,
  readImpactSearch,
  type ImpactSearch,
} from './impactSearch';
import { ImpactSearchForm } from './ImpactSearchForm';
import { IMPACT_SORTS, impactSortRequest, readImpactSort } from './impactSort';
import { SaveCampaignDialog } from './SaveCampaignDialog';

const useStyles = makeStyles(theme => ({ root: accessibilityStyles(theme) }));

const PAGE_SIZE = 25;

/** The parameters of the page that are not the search: kept when the search changes. */
const KEPT_PARAMS = ['sort', 'size'];

/** The answer's count, sort, export and "Save as campaign", above its groups. */
function AnswerToolbar(props: {
  page: ImpactListResponse;
  query: ImpactQuery;
  sort: ImpactSort;
  onSort: (sort: ImpactSort) => void;
  onSave: () => void;
}) {
  const { page, query, sort } = props;
  const id = useUniqueId('impact-sort');
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      justifyContent="space-between"
      gridGap={12}
      my={2}
    >
      <Typography variant="h6" component="p" role="status">
        {servicesInTeams(page.totalCount, page.owners.length)}
      </Typography>
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
        <NativeSelectField<ImpactSort>
          id={id}
          label="Sort by"
          value={sort}
          options={IMPACT_SORTS.map(([value, label]) => [value, label])}
          onChange={props.onSort}
        />
        <ImpactExportButton query={query} sort={impactSortRequest(sort)} />
        <Button
          variant="contained"
          color="primary"
          startIcon={<FlagIcon />}
          onClick={props.onSave}
        >
          Save as campaign
        </Button>
      </Box>
    </Box>
  );
}

/** The states of an answer: failed, first load, nothing found, and the groups with paging. */
function Answer(props: {
  paging: CursorPaging<ImpactListResponse>;
  query: ImpactQuery;
  sort: ImpactSort;
  onSort: (sort: ImpactSort) => void;
}) {
  const { paging, query } = props;
  const navigate = useNavigate();
  const paths = useSecurityPaths();
  const [saving, setSaving] = useState(false);
  const page = paging.result;
  if (paging.error) {
    return (
      <PostureErrorPanel
        error={paging.error}
        onRetry={paging.retry}
        subject="the affected services"
      />
    );
  }
  if (!page) {
    return <Progress />;
  }
  if (page.totalCount === 0 && !paging.loading) {
    return <NoMatchingRows message={`${noImpactMessage(query)}.`} />;
  }
  return (
    <>
      <AnswerToolbar
        page={page}
        query={query}
        sort={props.sort}
        onSort={props.onSort}
        onSave={() => setSaving(true)}
      />
      <LoadingBar
        loading={paging.loading}
        label="Loading the affected services"
      />
      <div data-testid="impact-results">
        <ImpactResults page={page} />
      </div>
      <PagingFooter paging={paging} totalCount={page.totalCount} />
      {saving && (
        <SaveCampaignDialog
          open
          query={query}
          onClose={() => setSaving(false)}
          onSaved={campaign => navigate(paths.campaign(campaign.id))}
        />
      )}
    </>
  );
}

/**
 * "Where do we run it?": the services whose current reports contain a vulnerability, a
 * package (with a version or range), a purl or an image, grouped by owner, over what the user
 * may read. The search lives in the URL, so an answer can be linked to and shared.
 */
export function ImpactContent() {
  const classes = useStyles();
  const securityApi = useApi(securityApiRef);
  const paths = useSecurityPaths();
  const [params, setParams] = useSearchParams();
  const search = readImpactSearch(params);
  const query = search ? impactQueryOf(search) : undefined;
  const sort = readImpactSort(params);
  const searchKey = query ? impactSearchParams(query).toString() : '';

  const paging = useCursorPaging<ImpactListResponse>({
    queryKey: JSON.stringify([searchKey, sort]),
    initialPageSize: PAGE_SIZE,
    load: request =>
      query
        ? securityApi.getImpact(query, {
            ...impactSortRequest(sort),
            ...request,
          })
        : Promise.resolve({ items: [], totalCount: 0, query: {}, owners: [] }),
  });
  const fieldError =
    search && !paging.loading
      ? impactFieldError(paging.error, search)
      : undefined;

  const onSearch = (next: ImpactSearch) => {
    const nextParams = impactSearchParams(impactQueryOf(next));
    for (const key of KEPT_PARAMS) {
      const value = params.get(key);
      if (value) {
        nextParams.set(key, value);
      }
    }
    setParams(nextParams);
  };
  const onSort = (next: ImpactSort) =>
    setParams(current => {
      const nextParams = new URLSearchParams(current);
      nextParams.delete('cursor');
      nextParams.set('sort', next);
      return nextParams;
    });

  return (
    <div className={classes.root}>
      <PageHeading
        title="Where do we run it?"
        description="Services whose current scans and SBOMs contain a vulnerability, a package or an image, by owner"
      >
        <RouterButton to={paths.campaigns} variant="outlined" color="primary">
          Campaigns
        </RouterButton>
      </PageHeading>
      <ImpactSearchForm
        key={searchKey}
        initial={search}
        fieldError={fieldError}
        onSearch={onSearch}
      />
      {query && !fieldError && (
        <Answer paging={paging} query={query} sort={sort} onSort={onSort} />
      )}
      {!query && (
        <Box mt={3}>
          <Typography variant="body1" color="textSecondary">
            Search for a vulnerability (a CVE, a GitHub advisory or a
            distribution&apos;s), a package with an optional version or range, a
            package URL or an image repository to see every service that runs
            it, grouped by owner.
          </Typography>
        </Box>
      )}
    </div>
  );
}
