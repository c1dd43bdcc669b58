import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  ReportFormat,
  SbomComponentItem,
  VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';

/**
 * One vulnerability finding as a report format hands it to the store: what
 * `GET .../vulnerabilities` later lists, before KEV, EPSS and VEX marks are added.
 * @public
 */
export type ParsedVulnerability = Omit<
  VulnerabilityItem,
  'cveId' | 'kev' | 'epss' | 'vex'
> & {
  /**
   * Other ids of the same vulnerability (CVE, GHSA, distribution advisories), when the format
   * names them; a CVE among them is what KEV and EPSS match a non-CVE id on.
   */
  aliases?: string[];
};

/** One SBOM component, exactly as `GET .../sbom` later lists it. @public */
export type ParsedComponent = SbomComponentItem;

/**
 * What a report format extracts from an uploaded document. The artifact identifies what was
 * scanned (image repository or source repository) so that the newest report for it replaces
 * the previous one, whatever its tag or digest.
 * @public
 */
export interface ParsedReport {
  format: ReportFormat;
  artifact: {
    /** Artifact name as the tool wrote it, e.g. `ghcr.io/acme/api:1.2` or a repo URL. */
    name: string | null;
    /** Image digests (`sha256:...`) or `repo@sha256:...` repo digests, when known. */
    digests: string[];
  };
  /** When the tool produced the document, if it says. */
  generatedAt: string | null;
  vulnerabilities: ParsedVulnerability[];
  components: ParsedComponent[];
  /** Findings that are counted but not itemised, e.g. `{ secrets: 2, misconfigurations: 6 }`. */
  otherFindings: Record<string, number>;
}

/**
 * A document format `POST /v1/reports` accepts. Formats are tried in registration order;
 * the first whose `detect` answers true parses the document.
 * @public
 */
export interface ReportFormatHandler {
  format: ReportFormat;
  /** Cheap shape sniffing: does this document look like my format? Must not throw. */
  detect(document: unknown): boolean;
  /**
   * Validate and extract. Throw `InputError` (from `@backstage/errors`) with a message that
   * names what is wrong when the document is malformed; nothing is stored then.
   */
  parse(document: unknown): ParsedReport;
  /**
   * Optional: the same result (or error) as `parse`, reached in chunks that hand the event
   * loop back between them, so a document of hundreds of thousands of entries does not keep
   * the backend from answering other requests while it is read. Ingestion prefers it.
   */
  parseAsync?(document: unknown): Promise<ParsedReport>;
}

/** @public */
export interface SecurityReportFormatsExtensionPoint {
  addReportFormat(...formats: ReportFormatHandler[]): void;
}

/**
 * Push path: modules register the report formats CI can upload.
 * @public
 */
export const securityReportFormatsExtensionPoint =
  createExtensionPoint<SecurityReportFormatsExtensionPoint>({
    id: 'security.report-formats',
  });
