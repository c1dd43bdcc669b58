import type {
  ReportListResponse,
  RefreshResult,
  SecretItem,
  SecretListResponse,
  SecurityApiPaths,
  SecurityReport,
  Severity,
} from '@posture/backstage-plugin-security-common';

export type {
  ReportListResponse,
  SecretItem,
  SecretListResponse,
  SecurityReport,
};

/** The query parameters of `GET {route}`, as the spec types them (strings). */
type WireQuery<Route extends keyof SecurityApiPaths> =
  SecurityApiPaths[Route] extends {
    get: { parameters: { query?: infer Query } };
  }
    ? NonNullable<Query>
    : never;
type VulnerabilitiesWireQuery =
  WireQuery<'/v1/entities/{kind}/{namespace}/{name}/vulnerabilities'>;
type SbomWireQuery = WireQuery<'/v1/entities/{kind}/{namespace}/{name}/sbom'>;
type ScorecardsWireQuery = WireQuery<'/v1/scorecards'>;
type ImpactWireQuery = WireQuery<'/v1/impact'>;

/**
 * Filters of `listExemptions`: one entity's, or (without `entityRef`) those of every entity
 * the user may read; and a status.
 * @public
 */
export type ExemptionQuery = WireQuery<'/v1/exemptions'>;

/**
 * Filters of `listSecretRequests`: a status, a service (`entityRef`), its owner (a group ref),
 * who asked (`requester`, a user ref), or only the user's own (`mine`). All narrow together.
 * @public
 */
export type SecretRequestQuery = WireQuery<'/v1/secret-requests'>;

/** @public */
export type VulnerabilitySort = NonNullable<VulnerabilitiesWireQuery['sort']>;

/** Which findings a VEX statement leaves in the list: `open` (the default), `not-affected`, `all`. @public */
export type VexView = NonNullable<VulnerabilitiesWireQuery['vex']>;

/** @public */
export type SortOrder = NonNullable<VulnerabilitiesWireQuery['order']>;

/**
 * Filters, sort and paging of `listVulnerabilities`, named after the query parameters they
 * become. Lists and numbers here are what the wire carries as comma-separated and decimal
 * strings. Absent keys are left to the backend's defaults.
 * @public
 */
export type VulnerabilityQuery = Pick<
  VulnerabilitiesWireQuery,
  'q' | 'sort' | 'order' | 'cursor' | 'vex'
> & {
  severity?: Severity[];
  /** `true`: only findings with a fixed version; `false`: only those without. */
  fixable?: boolean;
  /** Trivy statuses, e.g. `fixed`, `affected`. */
  status?: string[];
  /**
   * Only findings in CISA's Known Exploited Vulnerabilities catalog. There is no "only not
   * known exploited": the backend takes `kev=true` alone.
   */
  kev?: true;
  /** Only findings whose EPSS probability is at least this (0 to 1). */
  minEpss?: number;
  /** Page size, 1 to 500. */
  limit?: number;
};

/** Filters and paging of `listSbom`, named after the query parameters they become. @public */
export type SbomQuery = Pick<SbomWireQuery, 'q' | 'license' | 'cursor'> & {
  /** Page size, 1 to 500. */
  limit?: number;
};

/**
 * The selection of `getScorecards` and `downloadScorecardsCsv`, named after the query
 * parameters it becomes. Absent keys are left to the backend's defaults (group by owner, the
 * whole fleet, no filter, 90 days of trend). The format is the method's business.
 * @public
 */
export type ScorecardQuery = Omit<ScorecardsWireQuery, 'format'>;

/**
 * `POST .../refresh`: which pull sources were re-checked, and why a source failed. A
 * failed source still answers 202, so its error has to be read from `errors`.
 * @public
 */
export type RefreshResponse = RefreshResult;

/** What `getImpact` sorts the affected entities by: `entity`, `owner` or `matches`. @public */
export type ImpactSort = NonNullable<ImpactWireQuery['sort']>;

/**
 * Sort and paging of `getImpact`, beside the query itself (`ImpactQuery`). Absent keys are
 * left to the backend's defaults.
 * @public
 */
export type ImpactPageRequest = {
  sort?: ImpactSort;
  order?: SortOrder;
  /** Page size, 1 to 500. */
  limit?: number;
  cursor?: string;
};

/** Which campaigns `listCampaigns` answers: `active` (the backend's default), `closed`, `all`. @public */
export type CampaignQuery = WireQuery<'/v1/campaigns'>;
