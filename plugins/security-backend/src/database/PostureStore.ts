import type {
  EntityPosture,
  LicenseFacet,
  PolicyGrade,
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
  SecretObservation,
  SignatureObservation,
  StoredSecret,
} from '@posture/backstage-plugin-security-common';
import type {
  ExploitFeedId,
  ExploitFeedStatus,
  VexFormat,
  VexUploadResult,
} from '@posture/backstage-plugin-security-common';
import type {
  EpssSnapshot,
  KevCatalog,
  ParsedReport,
  ParsedVexStatement,
} from '@posture/backstage-plugin-security-node';
import type { GradingInputs } from './gradingTypes';

/** The stored sections of an entity's posture, each null until a source reported it. */
export interface PostureSections {
  vulnerabilities: VulnerabilitySummary | null;
  sbom: SbomSummary | null;
  signature: SignatureSummary | null;
  secrets: SecretsSummary | null;
}

/** A summary row as written: sections plus the grade, checks and policy computed from them. */
export type PostureSummaryWrite = PostureSections &
  Pick<PolicyGrade, 'grade' | 'score' | 'reasons' | 'checks'> & {
    /** Null only for summaries written before policies. */
    policy: string | null;
  };

/**
 * Computes the grade, checks and reasons from the sections and the entity's grading inputs
 * (its policy, open fixable findings, approved exemptions) at `now`; pure. Given once to the
 * summary writer, which runs it inside every write.
 */
export type Grader = (
  sections: PostureSections,
  inputs: GradingInputs,
  now: Date,
) => PolicyGrade;

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

/** `risk`: KEV first, then EPSS, then severity, fix available first among ties. */
export type VulnerabilitySort =
  | 'risk'
  | 'severity'
  | 'cvss'
  | 'package'
  | 'published';

/**
 * `open`: findings no VEX statement clears (the default); `not-affected`: those a
 * `not_affected` or `fixed` statement clears; `all`: both.
 */
export type VexView = 'open' | 'not-affected' | 'all';

export interface VulnerabilityQuery {
  severities?: Severity[];
  fixable?: boolean;
  statuses?: string[];
  /** Case-insensitive substring of id, package, title or target. */
  text?: string;
  /** Default `open`. */
  vex?: VexView;
  /** Only findings whose CVE is in the KEV catalog. */
  kev?: boolean;
  /** Only findings whose CVE has an EPSS probability of at least this (0..1). */
  minEpss?: number;
  /** Default `risk`. */
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

/** Uploaded reports, their findings and components. */
export interface ReportStore {
  /**
   * In one transaction: replace the current report of the write's slot (entity, artifact,
   * format) and its findings and components, then recompute the entity's summary.
   */
  replaceReport(options: {
    write: ReportWrite;
    now?: Date;
  }): Promise<ReplaceReportResult>;
  /**
   * In one transaction: remove one of the entity's reports with its findings, components and
   * document, then recompute the entity's summary. Undefined when the entity has no such report.
   */
  deleteReport(options: {
    entityRef: string;
    reportId: string;
    now?: Date;
  }): Promise<StoredReport | undefined>;
  listReports(options: { entityRef: string }): Promise<StoredReport[]>;
  listVulnerabilities(options: {
    entityRef: string;
    query: VulnerabilityQuery;
  }): Promise<{ items: VulnerabilityItem[]; totalCount: number }>;
  listComponents(options: {
    entityRef: string;
    query: ComponentQuery;
  }): Promise<{
    items: SbomComponentItem[];
    totalCount: number;
    licenses: LicenseFacet[];
  }>;
  /** Image digests of the entity's current reports, newest first. */
  knownDigests(options: { entityRef: string }): Promise<string[]>;
  /** The uploaded document of one of the entity's current reports. */
  getReportDocument(options: {
    entityRef: string;
    reportId: string;
  }): Promise<{ report: StoredReport; content: string } | undefined>;
}

/** A pull source's successful pass over one entity. */
export interface SourcePass<T> {
  entityRef: string;
  source: string;
  observations: T[];
  now: Date;
}

/** A pull source that could not be read for one entity. */
export interface SourceFailure {
  entityRef: string;
  source: string;
  error: string;
  now: Date;
}

/** Signature verdicts per (entity, image digest, source). */
export interface SignatureStore {
  /** A pull source's pass over an entity's image signatures, summary included. */
  applyObservations(options: SourcePass<SignatureObservation>): Promise<void>;
  /** An uploaded bundle's verdict; the best verdict per digest is kept. */
  recordUpload(options: {
    entityRef: string;
    observation: SignatureObservation;
    now: Date;
  }): Promise<{ item: SignatureItem; replaced: boolean }>;
  /** The source could not be read for the entity: keep its verdicts, mark them stale. */
  markStale(options: SourceFailure): Promise<void>;
  /** Every verdict of the entity, newest check first. */
  list(options: { entityRef: string }): Promise<SignatureItem[]>;
}

/** Secret metadata per entity, as the pull sources last read it. */
export interface SecretStore {
  /** A pull source's successful pass over an entity's secrets, summary included. */
  applyObservations(options: SourcePass<SecretObservation>): Promise<void>;
  /** The source could not be read for the entity: keep every fact, mark it stale. */
  markStale(options: SourceFailure): Promise<void>;
  list(options: { entityRef: string }): Promise<StoredSecret[]>;
}

/** One summary row per entity, rewritten by every write of the other stores. */
export interface SummaryStore {
  /** The entity's summary, or undefined when nothing was ever stored for it. */
  get(options: { entityRef: string }): Promise<EntityPosture | undefined>;
  /** Replace the entity's summary row in one statement. */
  put(options: {
    entityRef: string;
    summary: PostureSummaryWrite;
  }): Promise<void>;
  /**
   * Regrades one entity at `now` in its write lock (after an exemption is decided or expires);
   * nothing happens for an entity with no summary.
   */
  regrade(options: { entityRef: string; now: Date }): Promise<void>;
  /** The entity's grade at `now` under its policy, computed without writing (the gate). */
  evaluate(options: { entityRef: string; now: Date }): Promise<PolicyGrade>;
  /**
   * Recomputes the vulnerabilities section (KEV and high-EPSS counts included) and the grade of
   * the given entities, or of every entity with a scan, each in its write lock, in batches;
   * after a KEV or EPSS load changed what findings are marked. Answers how many were rewritten.
   * Over the fleet, entities come in entity_ref order, from just after `after` when given, and
   * `onBatch` hears the last ref of each finished batch, so a stopped recount can go on from
   * there. Once `signal` aborts, no further entity is started and its reason is thrown.
   */
  refreshFindings(options: {
    now: Date;
    entityRefs?: string[];
    after?: string;
    signal?: AbortSignal;
    onBatch?: (lastEntityRef: string) => Promise<void>;
  }): Promise<number>;
}

/** What one feed load did. */
export interface FeedLoadResult {
  /** False when the same data (KEV: same bytes; EPSS: same model and score date) was loaded. */
  changed: boolean;
  rows: number;
}

/** The KEV catalog and the EPSS scores, each replaced whole by a load; their feed states. */
export interface ExploitStore {
  /** In one transaction: replace every KEV entry and record the feed's state. */
  loadKev(options: {
    catalog: KevCatalog;
    sha256: string;
    location: string;
    now: Date;
  }): Promise<FeedLoadResult>;
  /**
   * In one transaction: replace every EPSS score and record the model version and score date.
   * The same model version and score date as loaded already changes nothing.
   */
  loadEpss(options: {
    snapshot: EpssSnapshot;
    sha256: string;
    location: string;
    now: Date;
  }): Promise<FeedLoadResult>;
  /** The feed could not be read: keep its data, mark it stale with the error. */
  markFailed(options: {
    feed: ExploitFeedId;
    location: string;
    error: string;
    now: Date;
  }): Promise<void>;
  listFeeds(): Promise<ExploitFeedStatus[]>;
}

/**
 * A parsed VEX statement whose author is settled: the document's, else the uploader of record
 * (see `attributeVexStatements`). Every stored statement names who vouched for it.
 */
export type AttributedVexStatement = Omit<ParsedVexStatement, 'author'> & {
  author: string;
};

/** A parsed VEX document for one entity. */
export interface VexWrite {
  entityRef: string;
  format: VexFormat;
  statements: AttributedVexStatement[];
  /** Of the uploaded bytes. */
  sha256: string;
  uploadedBy: string | null;
  now: Date;
}

/** VEX statements per entity, and which of the entity's findings they apply to. */
export interface VexStore {
  /**
   * In the entity's write lock: store each statement unless a newer one for the same
   * (vulnerability, product, subcomponent) is stored, re-apply the entity's statements to its
   * current findings, and recompute its summary.
   */
  recordStatements(write: VexWrite): Promise<VexUploadResult>;
}

/**
 * Persistence for Posture, split by concern. Only `database/` talks to knex; everything else
 * goes through these.
 */
export interface PostureStore {
  reports: ReportStore;
  signatures: SignatureStore;
  secrets: SecretStore;
  summaries: SummaryStore;
  exploits: ExploitStore;
  vex: VexStore;
}
