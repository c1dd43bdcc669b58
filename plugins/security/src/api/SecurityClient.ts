import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
import { RefreshTooSoonError } from './RefreshTooSoonError';
import type { SecurityApi } from './SecurityApi';
import { queryString } from './queryString';
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
 * `SecurityApi` over HTTP. Requests go through `fetchApi` so the user's Backstage token
 * is attached; the backend answers 401 without it.
 * @public
 */
export class SecurityClient implements SecurityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getPosture(
    entityRef: CompoundEntityRef | string,
  ): Promise<EntityPosture> {
    const response = await this.request(`${entityPath(entityRef)}/posture`);
    return (await response.json()) as EntityPosture;
  }

  async listVulnerabilities(
    entityRef: CompoundEntityRef | string,
    query: VulnerabilityQuery,
  ): Promise<VulnerabilityListResponse> {
    const response = await this.request(
      `${entityPath(entityRef)}/vulnerabilities${queryString(query)}`,
    );
    return (await response.json()) as VulnerabilityListResponse;
  }

  async listSbom(
    entityRef: CompoundEntityRef | string,
    query: SbomQuery,
  ): Promise<SbomListResponse> {
    const response = await this.request(
      `${entityPath(entityRef)}/sbom${queryString(query)}`,
    );
    return (await response.json()) as SbomListResponse;
  }

  async listReports(
    entityRef: CompoundEntityRef | string,
  ): Promise<ReportListResponse> {
    const response = await this.request(`${entityPath(entityRef)}/reports`);
    return (await response.json()) as ReportListResponse;
  }

  async downloadReportDocument(
    entityRef: CompoundEntityRef | string,
    reportId: string,
  ): Promise<Blob> {
    const response = await this.request(
      `${entityPath(entityRef)}/reports/${encodeURIComponent(
        reportId,
      )}/document`,
    );
    return response.blob();
  }

  async listSecrets(
    entityRef: CompoundEntityRef | string,
  ): Promise<SecretListResponse> {
    const response = await this.request(`${entityPath(entityRef)}/secrets`);
    return (await response.json()) as SecretListResponse;
  }

  async listSignatures(
    entityRef: CompoundEntityRef | string,
  ): Promise<SignatureListResponse> {
    const response = await this.request(`${entityPath(entityRef)}/signatures`);
    return (await response.json()) as SignatureListResponse;
  }

  async refresh(
    entityRef: CompoundEntityRef | string,
  ): Promise<RefreshResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('security');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${entityPath(entityRef)}/refresh`,
      { method: 'POST' },
    );
    if (response.status === 429) {
      throw await refreshTooSoon(response);
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as RefreshResponse;
  }

  async getHistory(
    entityRef: CompoundEntityRef | string,
    days?: number,
  ): Promise<HistoryListResponse> {
    const response = await this.request(
      `${entityPath(entityRef)}/history${queryString({ days })}`,
    );
    return (await response.json()) as HistoryListResponse;
  }

  async getScorecards(query: ScorecardQuery): Promise<ScorecardPage> {
    const response = await this.request(`/v1/scorecards${queryString(query)}`);
    return (await response.json()) as ScorecardPage;
  }

  async downloadScorecardsCsv(query: ScorecardQuery): Promise<Blob> {
    const response = await this.request(
      `/v1/scorecards${queryString({ ...query, format: 'csv' })}`,
      { headers: { accept: 'text/csv' } },
    );
    return response.blob();
  }

  async listExploitFeeds(): Promise<ExploitFeedListResponse> {
    const response = await this.request('/v1/exploit-feeds');
    return (await response.json()) as ExploitFeedListResponse;
  }

  async listExemptions(query: ExemptionQuery): Promise<ExemptionListResponse> {
    const response = await this.request(`/v1/exemptions${queryString(query)}`);
    return (await response.json()) as ExemptionListResponse;
  }

  async requestExemption(request: ExemptionRequest): Promise<Exemption> {
    const response = await this.request('/v1/exemptions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    return (await response.json()) as Exemption;
  }

  approveExemption(id: string, comment?: string): Promise<Exemption> {
    return this.decideExemption(id, 'approve', comment);
  }

  rejectExemption(id: string, comment?: string): Promise<Exemption> {
    return this.decideExemption(id, 'reject', comment);
  }

  private async decideExemption(
    id: string,
    decision: 'approve' | 'reject',
    comment: string | undefined,
  ): Promise<Exemption> {
    const response = await this.request(
      `/v1/exemptions/${encodeURIComponent(id)}/${decision}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(comment ? { comment } : {}),
      },
    );
    return (await response.json()) as Exemption;
  }

  async listSecretRequests(
    query: SecretRequestQuery,
  ): Promise<SecretRequestListResponse> {
    const response = await this.request(
      `/v1/secret-requests${queryString(query)}`,
    );
    return (await response.json()) as SecretRequestListResponse;
  }

  async getSecretRequest(id: string): Promise<SecretRequestDetail> {
    const response = await this.request(
      `/v1/secret-requests/${encodeURIComponent(id)}`,
    );
    return (await response.json()) as SecretRequestDetail;
  }

  async createSecretRequest(input: SecretRequestInput): Promise<SecretRequest> {
    const response = await this.postJson('/v1/secret-requests', input);
    return (await response.json()) as SecretRequest;
  }

  approveSecretRequest(
    id: string,
    comment?: string,
  ): Promise<SecretRequestDetail> {
    return this.actOnSecretRequest(id, 'approve', comment ? { comment } : {});
  }

  rejectSecretRequest(
    id: string,
    reason: string,
  ): Promise<SecretRequestDetail> {
    return this.actOnSecretRequest(id, 'reject', { reason });
  }

  retrySecretRequest(id: string): Promise<SecretRequestDetail> {
    return this.actOnSecretRequest(id, 'retry', {});
  }

  private async actOnSecretRequest(
    id: string,
    action: 'approve' | 'reject' | 'retry',
    body: object,
  ): Promise<SecretRequestDetail> {
    const response = await this.postJson(
      `/v1/secret-requests/${encodeURIComponent(id)}/${action}`,
      body,
    );
    return (await response.json()) as SecretRequestDetail;
  }

  async getImpact(
    query: ImpactQuery,
    request: ImpactPageRequest = {},
  ): Promise<ImpactListResponse> {
    const response = await this.request(
      `/v1/impact${queryString({ ...impactParams(query), ...request })}`,
    );
    return (await response.json()) as ImpactListResponse;
  }

  async downloadImpactCsv(
    query: ImpactQuery,
    request: Pick<ImpactPageRequest, 'sort' | 'order'> = {},
  ): Promise<Blob> {
    const response = await this.request(
      `/v1/impact${queryString({
        ...impactParams(query),
        sort: request.sort,
        order: request.order,
        format: 'csv',
      })}`,
      { headers: { accept: 'text/csv' } },
    );
    return response.blob();
  }

  async listCampaigns(
    query: CampaignQuery = {},
  ): Promise<CampaignListResponse> {
    const response = await this.request(`/v1/campaigns${queryString(query)}`);
    return (await response.json()) as CampaignListResponse;
  }

  async getCampaign(id: string): Promise<CampaignDetail> {
    const response = await this.request(
      `/v1/campaigns/${encodeURIComponent(id)}`,
    );
    return (await response.json()) as CampaignDetail;
  }

  async createCampaign(input: CampaignInput): Promise<Campaign> {
    const response = await this.postJson('/v1/campaigns', input);
    return (await response.json()) as Campaign;
  }

  async closeCampaign(id: string): Promise<Campaign> {
    const response = await this.postJson(
      `/v1/campaigns/${encodeURIComponent(id)}/close`,
      {},
    );
    return (await response.json()) as Campaign;
  }

  private postJson(path: string, body: unknown): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('security');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

/** The backend's 429: its message, and when to try again (30 s when it does not say). */
async function refreshTooSoon(
  response: Response,
): Promise<RefreshTooSoonError> {
  const seconds = Number(response.headers.get('retry-after'));
  let message = 'Checked moments ago';
  try {
    const body = await response.json();
    message = body?.error?.message ?? message;
  } catch {
    // Not JSON: the status says enough.
  }
  return new RefreshTooSoonError(
    message,
    Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : 30,
  );
}

/**
 * The query's own keys only, in the order the backend documents them: a caller may hand in an
 * object with more (a campaign's query as the backend stored it).
 */
function impactParams(query: ImpactQuery): Record<string, string | undefined> {
  return {
    vulnerability: query.vulnerability,
    package: query.package,
    ecosystem: query.ecosystem,
    version: query.version,
    purl: query.purl,
    image: query.image,
  };
}

/**
 * Names may contain characters that are meaningful in a URL path (`/`, `#`, `?`), so each
 * segment is encoded on its own.
 */
function entityPath(entityRef: CompoundEntityRef | string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/v1/entities/${[kind, namespace, name]
    .map(encodeURIComponent)
    .join('/')}`;
}
