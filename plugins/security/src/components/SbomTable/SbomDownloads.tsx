import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { securityApiRef } from '../../api/SecurityApi';
import type { SecurityReport } from '../../api/types';
import { DownloadBar } from '../shared/DownloadBar';
import { useFileDownload } from '../shared/useFileDownload';
import { downloadFileName, downloadLabel } from './sbomReports';

/** One button per current SBOM document, saving it exactly as it was uploaded. */
export function SbomDownloads(props: {
  entityRef: string;
  entityName: string;
  documents: SecurityReport[];
}) {
  const { entityRef, entityName, documents } = props;
  const securityApi = useApi(securityApiRef);
  const { pending, failure, download } = useFileDownload(
    'Could not download the SBOM',
  );
  const severalArtifacts =
    new Set(documents.map(report => report.artifact)).size > 1;

  if (documents.length === 0) {
    return null;
  }
  return (
    <DownloadBar failure={failure}>
      {documents.map(report => (
        <Button
          key={report.id}
          size="small"
          variant="outlined"
          startIcon={<GetAppIcon />}
          disabled={pending === report.id}
          onClick={() =>
            download(
              report.id,
              () => securityApi.downloadReportDocument(entityRef, report.id),
              downloadFileName(entityName, report.format),
            )
          }
        >
          {downloadLabel(report, severalArtifacts)}
        </Button>
      ))}
    </DownloadBar>
  );
}
