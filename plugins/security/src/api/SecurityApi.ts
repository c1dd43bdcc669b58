import type { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import type {
  Campaign,
  CampaignDetail,
  CampaignInput,
  CampaignListResponse,
  EntityPosture,
  Exemption,
  ExemptionListResponse,
  ExemptionRequest,
  ExploitFeedListResponse,
  HistoryListResponse,
  ImpactListResponse,
  ImpactQuery,
  ReportListResponse,
  SbomListResponse,
  ScorecardPage,
  SecretListResponse,
  SecretRequest,
  SecretRequestDetail,
  SecretRequestInput,
  SecretRequestListResponse,
  SignatureListResponse,
  VulnerabilityListResponse,
} from '@posture/backstage-plugin-security-common';
import type {
  CampaignQuery,
  ExemptionQuery,
  ImpactPageRequest,
  RefreshResponse,
  SbomQuery,
  ScorecardQuery,
  SecretRequestQuery,
  VulnerabilityQuery,
} from './types';

/**
 * Reads Posture data from the security backend. Every method rejects with a
 * `ResponseError` for 401, 403 and 404.
 * @public
 */
export interface SecurityApi {
  /**
   * The entity's posture summary. Sections are `null` until their source has reported
   * anything.
   */
  getPosture(entityRef: CompoundEntityRef | string): Promise<EntityPosture>;

  /** One page of the entity's vulnerability findings; follow `nextCursor` for the next. */
  listVulnerabilities(
    entityRef: CompoundEntityRef | string,
    query: VulnerabilityQuery,
  ): Promise<VulnerabilityListResponse>;

  /** One page of the entity's SBOM components, with licence facets over the whole SBOM. */
  listSbom(
    entityRef: CompoundEntityRef | string,
    query: SbomQuery,
  ): Promise<SbomListResponse>;

  /** The entity's current reports, one per artifact and format. */
  listReports(
    entityRef: CompoundEntityRef | string,
  ): Promise<ReportListResponse>;

  /** The document a report was ingested from, byte for byte as uploaded. */
  downloadReportDocument(
    entityRef: CompoundEntityRef | string,
    reportId: string,
  ): Promise<Blob>;

  /** The entity's tracked secrets (metadata and age, never values), overdue first. */
  listSecrets(
    entityRef: CompoundEntityRef | string,
  ): Promise<SecretListResponse>;

  /**
   * Every signature verdict for every image digest of the entity, one per source and
   * digest, most recently checked first.
   */
  listSignatures(
    entityRef: CompoundEntityRef | string,
  ): Promise<SignatureListResponse>;

  /**
   * Re-checks the entity's pull sources (Vault, Rekor) now instead of at their next scheduled
   * run. Resolves once the check is done, also when a source failed: see `errors`. Rejects
   * with `RefreshTooSoonError` when the entity was checked moments ago (the backend's
   * `security.refresh.minInterval`); nothing was re-checked then.
   */
  refresh(entityRef: CompoundEntityRef | string): Promise<RefreshResponse>;

  /**
   * The entity's daily snapshots (grade, score, each check's status), oldest first, over
   * the last `days` days (1 to 400; the backend's default, 90, when absent). Days before the
   * first daily regrade have none.
   */
  getHistory(
    entityRef: CompoundEntityRef | string,
    days?: number,
  ): Promise<HistoryListResponse>;

  /**
   * The fleet's scorecards: the selected group (or the whole fleet), its child groups, its
   * worst entities and its trend, over the entities the user may read.
   */
  getScorecards(query: ScorecardQuery): Promise<ScorecardPage>;

  /** The same selection as CSV, one row per entity (no 100-row cap), for a download. */
  downloadScorecardsCsv(query: ScorecardQuery): Promise<Blob>;

  /**
   * What the KEV catalog and EPSS scores last loaded (version, date, rows), and whether the
   * last attempt to read them failed (`stale`, with the error). Empty when none is configured.
   */
  listExploitFeeds(): Promise<ExploitFeedListResponse>;

  /** Exemptions, newest first: one entity's, or those of every entity the user may read. */
  listExemptions(query: ExemptionQuery): Promise<ExemptionListResponse>;

  /**
   * Asks to exempt a check, or one finding, until a date; pending until someone else with
   * `security.exemption.approve` decides. Rejects with the backend's 400 (naming the field),
   * 403 (not of the owning team) or 409 (already asked) as a `ResponseError`.
   */
  requestExemption(request: ExemptionRequest): Promise<Exemption>;

  /** Approves a pending exemption; 403 for one's own, 409 once decided or expired. */
  approveExemption(id: string, comment?: string): Promise<Exemption>;

  /** Rejects a pending exemption; 403 for one's own, 409 once decided or expired. */
  rejectExemption(id: string, comment?: string): Promise<Exemption>;

  /**
   * Secret requests, newest first, of the services the user may read, narrowed by the query
   * (`mine: true` for the user's own, `status: 'pending'` for the approval queue).
   */
  listSecretRequests(
    query: SecretRequestQuery,
  ): Promise<SecretRequestListResponse>;

  /** One secret request with its history (events, oldest first). */
  getSecretRequest(id: string): Promise<SecretRequestDetail>;

  /**
   * Asks for a secret for a service; pending until someone else who may approve decides.
   * Nobody sends a value: Posture generates it (KV) or Vault rotates it (database role).
   * Rejects with the backend's 400 (naming the field), 403 or 409 (already asked) as a
   * `ResponseError`.
   */
  createSecretRequest(input: SecretRequestInput): Promise<SecretRequest>;

  /**
   * Approves a pending request; resolves once the backend has provisioned it: `provisioned`,
   * or `failed` with the reason. 403 for one's own or without the permission, 409 once decided.
   */
  approveSecretRequest(
    id: string,
    comment?: string,
  ): Promise<SecretRequestDetail>;

  /** Rejects a pending request with a reason (required); 403 for one's own, 409 once decided. */
  rejectSecretRequest(id: string, reason: string): Promise<SecretRequestDetail>;

  /** Provisions a failed request again; resolves with the outcome of the new attempt. */
  retrySecretRequest(id: string): Promise<SecretRequestDetail>;

  /**
   * One page of the entities whose current reports match the query (a vulnerability id, a
   * package with an optional version or range, a purl or an image), with their matching
   * components and findings and the affected entities per owner over the whole answer; only
   * entities the user may read. Rejects with the backend's 400 naming what it cannot judge
   * (e.g. a range for an ecosystem without ordered versions) as a `ResponseError`.
   */
  getImpact(
    query: ImpactQuery,
    request?: ImpactPageRequest,
  ): Promise<ImpactListResponse>;

  /** The whole answer of the same query as CSV, one row per match, for a download. */
  downloadImpactCsv(
    query: ImpactQuery,
    request?: Pick<ImpactPageRequest, 'sort' | 'order'>,
  ): Promise<Blob>;

  /** Campaigns, active first, with their counts over the entities the user may read. */
  listCampaigns(query?: CampaignQuery): Promise<CampaignListResponse>;

  /** One campaign with every entity it matched (unresolved first) and its burn-down. */
  getCampaign(id: string): Promise<CampaignDetail>;

  /**
   * Saves an impact query as a campaign; its owners are notified. Rejects with the backend's
   * 400 (naming the field) or 403 (without `security.campaign.manage`) as a `ResponseError`.
   */
  createCampaign(input: CampaignInput): Promise<Campaign>;

  /** Closes a campaign (it stops recomputing); 403 without `security.campaign.manage`. */
  closeCampaign(id: string): Promise<Campaign>;
}

/**
 * The `plugin.security.` prefix makes the security plugin the owner of this API in the
 * new frontend system, so an app can override it without a conflict being reported.
 * @public
 */
export const securityApiRef = createApiRef<SecurityApi>({
  id: 'plugin.security.api',
});
