import type {
  EntityPosture,
  GradeResult,
  LicenseFacet,
  SbomComponentItem,
  SbomSummary,
  SecurityReport,
  SecretsSummary,
  Severity,
  SignatureItem,
  SignatureSummary,
  VulnerabilityItem,
  VulnerabilitySummary,
} from '@posture/backstage-plugin-security-common';
import type {
  ParsedReport,
  PostureObservation,
  SecretObservation,
  SignatureObservation,
} from '@posture/backstage-plugin-security-node';
import type { StoredSecret } from './secrets';

/** The stored sections of an entity's posture, each null until a source reported it. */
export interface PostureSections {
  vulnerabilities: VulnerabilitySummary | null;
  sbom: SbomSummary | null;
  signature: SignatureSummary | null;
  secrets: SecretsSummary | null;
}

/** A summary row as written: sections plus the grade computed from them. */
export type PostureSummaryWrite = PostureSections & GradeResult;

/** Computes grade, score and reasons from the sections; pure, run inside the write. */
export type Grader = (sections: PostureSections) => GradeResult;

/** A parsed upload, ready to store. */
export interface ReportWrite {
  entityRef: string;
  /** Normalised artifact key: reports for the same key and format replace each other. */
  artifact: string;
  report: ParsedReport;
  sha256: string;
  /** The uploaded document, kept for download. */
  document: string;
  uploadedBy: string | null;
}

/** A stored report is exactly what `GET .../reports` lists. */
export type StoredReport = SecurityReport;

export type ReplaceReportResult =
  /** Stored; `replaced` is the report it superseded, if any. */
  | { outcome: 'stored'; report: StoredReport; replaced: StoredReport | null }
  /** The same bytes are already the current report: nothing written. */
  | { outcome: 'unchanged'; report: StoredReport }
  /** A report generated later is already current for the slot: nothing written. */
  | { outcome: 'older'; report: StoredReport };

export type VulnerabilitySort = 'severity' | 'cvss' | 'package' | 'published';

export interface VulnerabilityQuery {
  severities?: Severity[];
  fixable?: boolean;
  statuses?: string[];
  /** Case-insensitive substring of id, package, title or target. */
  text?: string;
  sort?: VulnerabilitySort;
  order?: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface ComponentQuery {
  text?: string;
  license?: string;
  offset: number;
  limit: number;
}

/**
 * Persistence for Posture. Only `database/` talks to knex; everything else goes through this.
 */
export interface PostureStore {
  /** The entity's summary, or undefined when nothing was ever stored for it. */
  getPosture(entityRef: string): Promise<EntityPosture | undefined>;
  /** Replace the entity's summary row in one statement. */
  putPosture(entityRef: string, summary: PostureSummaryWrite): Promise<void>;
  /**
   * In one transaction: replace the current report of the write's slot (entity, artifact,
   * format) and its findings and components, then recompute the entity's summary.
   */
  replaceReport(
    write: ReportWrite,
    grade: Grader,
  ): Promise<ReplaceReportResult>;
  listReports(entityRef: string): Promise<StoredReport[]>;
  listVulnerabilities(
    entityRef: string,
    query: VulnerabilityQuery,
  ): Promise<{ items: VulnerabilityItem[]; totalCount: number }>;
  listComponents(
    entityRef: string,
    query: ComponentQuery,
  ): Promise<{
    items: SbomComponentItem[];
    totalCount: number;
    licenses: LicenseFacet[];
  }>;
  /** A pull source's successful pass over an entity's secrets, summary included. */
  applySecretObservations(
    entityRef: string,
    source: string,
    observations: SecretObservation[],
    grade: Grader,
    now: Date,
  ): Promise<void>;
  /** A pull source's pass over an entity's image signatures, summary included. */
  applySignatureObservations(
    entityRef: string,
    source: string,
    observations: SignatureObservation[],
    grade: Grader,
    now: Date,
  ): Promise<void>;
  /** An uploaded bundle's verdict; the best verdict per digest is kept. */
  recordUploadedSignature(
    entityRef: string,
    observation: SignatureObservation,
    grade: Grader,
    now: Date,
  ): Promise<{ item: SignatureItem; replaced: boolean }>;
  listSignatures(entityRef: string): Promise<SignatureItem[]>;
  /** The source could not be read for the entity: keep the data it observes, mark it stale. */
  markSourceFailed(
    entityRef: string,
    source: string,
    observes: PostureObservation['kind'],
    error: string,
    grade: Grader,
    now: Date,
  ): Promise<void>;
  listSecrets(entityRef: string): Promise<StoredSecret[]>;
  /** Image digests of the entity's current reports, newest first. */
  knownDigests(entityRef: string): Promise<string[]>;
  /** The uploaded document of one of the entity's current reports. */
  getReportDocument(
    entityRef: string,
    reportId: string,
  ): Promise<{ report: StoredReport; content: string } | undefined>;
}
