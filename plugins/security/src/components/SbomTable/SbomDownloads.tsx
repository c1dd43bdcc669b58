import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { securityApiRef } from '../../api/SecurityApi';
import type { SecurityReport } from '../../api/types';
import { saveBlob } from '../shared/saveBlob';
import { downloadFileName, downloadLabel } from './sbomReports';

function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.cause.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** One button per current SBOM document, saving it exactly as it was uploaded. */
export function SbomDownloads(props: {
  entityRef: string;
  entityName: string;
  documents: SecurityReport[];
}) {
  const { entityRef, entityName, documents } = props;
  const securityApi = useApi(securityApiRef);
  const [pending, setPending] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const severalArtifacts =
    new Set(documents.map(report => report.artifact)).size > 1;

  const download = async (report: SecurityReport) => {
    setPending(report.id);
    setFailure(undefined);
    try {
      const blob = await securityApi.downloadReportDocument(
        entityRef,
        report.id,
      );
      saveBlob(blob, downloadFileName(entityName, report.format));
    } catch (error) {
      setFailure(`Could not download the SBOM: ${errorMessage(error)}`);
    } finally {
      setPending(undefined);
    }
  };

  if (documents.length === 0) {
    return null;
  }
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
      {documents.map(report => (
        <Button
          key={report.id}
          size="small"
          variant="outlined"
          startIcon={<GetAppIcon />}
          disabled={pending === report.id}
          onClick={() => download(report)}
        >
          {downloadLabel(report, severalArtifacts)}
        </Button>
      ))}
      {failure && (
        <Typography variant="body2" color="error" role="alert">
          {failure}
        </Typography>
      )}
    </Box>
  );
}
