import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { parseEntityRef } from '@backstage/catalog-model';
import { useState } from 'react';
import { securityApiRef } from '../../api/SecurityApi';
import type { ScorecardQuery } from '../../api/types';
import { errorMessage } from '../shared/errorMessage';
import { saveBlob } from '../shared/saveBlob';

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
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string>();

  const download = async () => {
    setPending(true);
    setFailure(undefined);
    try {
      const blob = await securityApi.downloadScorecardsCsv(props.query);
      saveBlob(blob, csvFileName(props.query, new Date()));
    } catch (error) {
      setFailure(
        `Could not export the CSV: ${
          error instanceof Error ? errorMessage(error) : String(error)
        }`,
      );
    } finally {
      setPending(false);
    }
  };

  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
      <Button
        variant="outlined"
        color="primary"
        startIcon={<GetAppIcon />}
        disabled={pending}
        onClick={download}
      >
        {pending ? 'Exporting…' : 'Export CSV'}
      </Button>
      {failure && (
        <Typography variant="body2" color="error" role="alert">
          {failure}
        </Typography>
      )}
    </Box>
  );
}
