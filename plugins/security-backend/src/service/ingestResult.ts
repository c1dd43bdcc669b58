import type { ReportUploadResponse } from '@posture/backstage-plugin-security-common';

/**
 * What an upload answers, whichever ingestion took it (report, VEX document or signature
 * bundle): its own file, so those ingestions and the service that dispatches to them do not
 * import each other.
 */
export interface IngestResult {
  status: 200 | 201;
  body: ReportUploadResponse;
}
