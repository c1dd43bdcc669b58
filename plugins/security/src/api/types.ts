import type {
  ListResponse,
  SecretItem,
  SecurityReport,
  Severity,
} from '@posture/backstage-plugin-security-common';

export type { SecretItem, SecurityReport };

/** @public */
export type VulnerabilitySort = 'severity' | 'cvss' | 'package' | 'published';

/** @public */
export type SortOrder = 'asc' | 'desc';

/**
 * Filters, sort and paging of `listVulnerabilities`, named after the query parameters they
 * become. Absent keys are left to the backend's defaults.
 * @public
 */
export type VulnerabilityQuery = {
  severity?: Severity[];
  /** `true`: only findings with a fixed version; `false`: only those without. */
  fixable?: boolean;
  /** Trivy statuses, e.g. `fixed`, `affected`. */
  status?: string[];
  /** Case-insensitive text in the id, package, title or target. */
  q?: string;
  sort?: VulnerabilitySort;
  order?: SortOrder;
  /** Page size, 1 to 500. */
  limit?: number;
  /** The `nextCursor` of the previous page; opaque. */
  cursor?: string;
};

/** @public */
export type SbomQuery = {
  /** Case-insensitive text in the name, version or purl. */
  q?: string;
  /** Only components carrying exactly this licence. */
  license?: string;
  limit?: number;
  cursor?: string;
};

/** @public */
export type ReportListResponse = Omit<
  ListResponse<SecurityReport>,
  'nextCursor'
>;

/**
 * `GET .../secrets`: every tracked secret of the entity, overdue first. Not paged: an
 * entity tracks a handful of secrets, not thousands.
 * @public
 */
export type SecretListResponse = Omit<ListResponse<SecretItem>, 'nextCursor'>;

/**
 * `POST .../refresh`: which pull sources were re-checked, and why a source failed. A
 * failed source still answers 202, so its error has to be read from `errors`.
 * @public
 */
export type RefreshResponse = {
  refreshed: string[];
  errors: { vault?: string; [source: string]: string | undefined };
};
