import type {
  ListResponse,
  SecurityReport,
  Severity,
} from '@posture/backstage-plugin-security-common';

export type { SecurityReport };

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
