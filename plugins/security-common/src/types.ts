// Object shapes are type aliases, not interfaces: the OpenAPI-typed router's response types
// carry index signatures, which only type aliases are assignable to.

/** Severity names on the wire: always lower-case. @public */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';

/** Severities from worst to least. @public */
export const SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'unknown',
];

/** Counts per severity. @public */
export type SeverityCounts = Record<Severity, number>;

/** Report formats the backend accepts. @public */
export type ReportFormat = 'trivy' | 'cyclonedx' | 'spdx' | 'sigstore-bundle';

/** A letter grade. @public */
export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

/** One reason behind a grade, with what to do about it. @public */
export type PostureReason = {
  check: string;
  message: string;
  fix: string;
};

/** @public */
export type VulnerabilitySummary = SeverityCounts & {
  fixable: SeverityCounts;
  scannedAt: string | null;
  artifact: string | null;
  digest: string | null;
  stale: boolean;
};

/** @public */
export type SbomSummary = {
  components: number;
  format: ReportFormat | null;
  generatedAt: string | null;
};

/** @public */
export type SignatureStatus =
  | 'verified'
  | 'unsigned'
  | 'invalid'
  | 'unexpected-signer'
  | 'unknown';

/** @public */
export type SignerIdentity = {
  issuer: string;
  subject: string;
};

/** Where a signature verdict came from: an uploaded bundle, or a pull source such as `rekor`. @public */
export type SignatureSource = string;

/**
 * The signature state of the entity's current image digest: the best verdict any source
 * reached for it (one verified signature is enough; a forged one beside it does not undo it).
 * @public
 */
export type SignatureSummary = {
  status: SignatureStatus;
  signer: SignerIdentity | null;
  checkedAt: string | null;
  stale: boolean;
  /** The image digest the status is for. */
  digest: string | null;
  reason: string | null;
  logIndex: number | null;
  /** The log's search UI for `logIndex`, when the source knows one. */
  logUrl: string | null;
  integratedTime: string | null;
};

/**
 * `GET .../signatures` item: one source's verdict for one image digest. `signer`, `logIndex`
 * and `integratedTime` come only from material that passed the cryptographic checks.
 * @public
 */
export type SignatureItem = {
  digest: string;
  status: SignatureStatus;
  /** Why it is not `verified`; null when it is. */
  reason: string | null;
  signer: SignerIdentity | null;
  logIndex: number | null;
  logUrl: string | null;
  integratedTime: string | null;
  /** When the source last reached a verdict for this digest. */
  checkedAt: string | null;
  /** True when the last check failed (e.g. the log was unreachable) and this is the last known verdict. */
  stale: boolean;
  /** The last check's error, when `stale`. */
  error: string | null;
  source: SignatureSource;
  /** A cosign image signature, or an attestation (in-toto statement) about the image. */
  kind: 'signature' | 'attestation' | null;
  predicateType: string | null;
  /** How many log entries or bundles were judged to reach this verdict. */
  entries: number;
};

/** @public */
export type SecretsSummary = {
  total: number;
  overdue: number;
  dueSoon: number;
  oldestAgeDays: number | null;
  checkedAt: string | null;
  stale: boolean;
};

/**
 * `GET /v1/entities/{kind}/{namespace}/{name}/posture`. Each section is `null` until its
 * source has reported anything for the entity; CI and the frontend rely on these keys.
 * @public
 */
export type EntityPosture = {
  entityRef: string;
  grade: Grade | null;
  score: number | null;
  reasons: PostureReason[];
  vulnerabilities: VulnerabilitySummary | null;
  sbom: SbomSummary | null;
  signature: SignatureSummary | null;
  secrets: SecretsSummary | null;
  updatedAt: string | null;
};

/** Paged list envelope of every list route. @public */
export type ListResponse<T> = {
  items: T[];
  totalCount: number;
  nextCursor?: string;
};

/** @public */
export type SecretStatus =
  | 'ok'
  | 'due-soon'
  | 'overdue'
  | 'deleted'
  | 'unknown';

/** One finding in `GET .../vulnerabilities`. @public */
export type VulnerabilityItem = {
  id: string;
  severity: Severity;
  packageName: string;
  installedVersion: string | null;
  fixedVersion: string | null;
  status: string | null;
  cvssScore: number | null;
  title: string | null;
  url: string | null;
  target: string | null;
  purl: string | null;
  publishedAt: string | null;
};

/** One component in `GET .../sbom`. @public */
export type SbomComponentItem = {
  name: string;
  version: string | null;
  purl: string | null;
  type: string | null;
  licenses: string[];
};

/**
 * The licence facet of components that carry no licence; also a valid `license=` filter.
 * @public
 */
export const SBOM_NO_LICENSE = '(none)';

/** A licence facet of an entity's SBOM: how many components carry it. @public */
export type LicenseFacet = { license: string; count: number };

/** `GET .../sbom`: a page of components plus licence facets over the whole SBOM. @public */
export type SbomListResponse = ListResponse<SbomComponentItem> & {
  licenses: LicenseFacet[];
};

/** What `POST /v1/reports` answers. @public */
export type ReportUploadResponse = {
  entityRef: string;
  format: ReportFormat;
  artifact: string;
  digest: string | null;
  findings: number;
  components: number;
  unchanged?: boolean;
  reportId: string;
  generatedAt: string | null;
  otherFindings: Record<string, number>;
  /** For a Sigstore bundle: the verdict stored for the image digest. */
  signature?: SignatureItem;
};

/** One current report of an entity, as `GET .../reports` lists it. @public */
export type SecurityReport = {
  id: string;
  entityRef: string;
  /** Normalised artifact key: reports of the same artifact and format replace each other. */
  artifact: string;
  /** Artifact name as the tool wrote it. */
  artifactName: string | null;
  digest: string | null;
  format: ReportFormat;
  sha256: string;
  generatedAt: string | null;
  ingestedAt: string;
  findings: number;
  components: number;
  /** Counts of what else the report found, e.g. `secrets`, `misconfigurations`. */
  otherFindings: Record<string, number>;
};

/** What a tracked secret is: a KV v2 secret or a database static role. @public */
export type SecretKind = 'kv' | 'database-static-role';

/** The state of a secret's current value as last read. @public */
export type SecretState = 'active' | 'deleted' | 'destroyed' | 'error';

/** One secret in `GET .../secrets`: metadata and age, never the value. @public */
export type SecretItem = {
  path: string;
  engine: string;
  kind: SecretKind;
  currentVersion: number | null;
  createdTime: string | null;
  updatedTime: string | null;
  ageDays: number | null;
  maxAgeDays: number | null;
  status: SecretStatus;
  /** When the source last read this secret successfully. */
  checkedAt: string | null;
  /** True when the last attempt failed and this is the last known data. */
  stale: boolean;
  error: string | null;
};
