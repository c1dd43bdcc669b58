import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import type { ImpactQuery } from '@posture/backstage-plugin-security-common';
import { securityApiRef } from '../../api/SecurityApi';
import type { ImpactPageRequest } from '../../api/types';
import { DownloadBar } from '../shared/DownloadBar';
import { useFileDownload } from '../shared/useFileDownload';
import { describeImpactQuery } from './impactSearch';

/** `impact-log4j-core_2.17.1-2026-12-06.csv`: what and when, for a folder of exports. */
export function impactCsvFileName(query: ImpactQuery, today: Date): string {
  const what = describeImpactQuery(query)
    .replace(/^pkg:/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80);
  return `impact-${what}-${today.toISOString().slice(0, 10)}.csv`;
}

/**
 * Downloads the whole answer as CSV, one row per match, in the page's order. Fetched through
 * the client rather than linked, because only fetchApi attaches the user's Backstage token.
 */
export function ImpactExportButton(props: {
  query: ImpactQuery;
  sort: Pick<ImpactPageRequest, 'sort' | 'order'>;
}) {
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
            () => securityApi.downloadImpactCsv(props.query, props.sort),
            impactCsvFileName(props.query, new Date()),
          )
        }
      >
        {pending ? 'Exporting…' : 'Export CSV'}
      </Button>
    </DownloadBar>
  );
}
