import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { parseEntityRef } from '@backstage/catalog-model';
import { securityApiRef } from '../../api/SecurityApi';
import type { ScorecardQuery } from '../../api/types';
import { DownloadBar } from '../shared/DownloadBar';
import { useFileDownload } from '../shared/useFileDownload';

/** `scorecards-owner-team-a-2026-12-01.csv`: what, where and when, for a folder of exports. */
export function csvFileName(query: ScorecardQuery, today: Date): string {
  const parts = ['scorecards', query.groupBy ?? 'owner'];
  if (query.group) {
    try {
      parts.push(parseEntityRef(query.group).name);
    } catch {
      // The backend refuses such a ref anyway; the name does without it.
    }
  }
  parts.push(today.toISOString().slice(0, 10));
  return `${parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`;
}

/**
 * Downloads the selection as CSV, one row per entity. Fetched through the client rather than
 * linked, because only fetchApi attaches the user's Backstage token.
 */
export function ExportCsvButton(props: { query: ScorecardQuery }) {
  const securityApi = useApi(securityApiRef);
  const { pending, failure, download } = useFileDownload(
    'Could not export the CSV',
  );

  return (
    <DownloadBar failure={failure}>
      <Button
        variant="outlined"
        color="primary"
        startIcon={<GetAppIcon />}
        disabled={pending !== undefined}
        onClick={() =>
          download(
            'csv',
            () => securityApi.downloadScorecardsCsv(props.query),
            csvFileName(props.query, new Date()),
          )
        }
      >
        {pending ? 'Exporting…' : 'Export CSV'}
      </Button>
    </DownloadBar>
  );
}
