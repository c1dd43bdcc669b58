import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  secretItemsAt,
  type ListResponse,
  type SbomListResponse,
  type SecretItem,
  type SignatureItem,
  type VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import type {
  ComponentQuery,
  PostureStore,
  StoredReport,
  VulnerabilityQuery,
} from '../database/PostureStore';
import { pagePosition } from './cursor';
import type { EntityAccess, EntityName } from './EntityAccess';

/** Reads of an entity's findings, components and uploaded documents. */
export class FindingsService {
  constructor(
    private readonly deps: {
      access: EntityAccess;
      store: PostureStore;
      now?: () => Date;
    },
  ) {}

  async listVulnerabilities(
    name: EntityName,
    query: VulnerabilityQuery,
    credentials: BackstageCredentials,
  ): Promise<ListResponse<VulnerabilityItem>> {
    const { entityRef } = await this.deps.access.authorizeRead(
      name,
      credentials,
    );
    const { items, totalCount } =
      await this.deps.store.reports.listVulnerabilities({ entityRef, query });
    return {
      items,
      totalCount,
      ...pagePosition(query.offset, query.limit, totalCount),
    };
  }

  async listSbom(
    name: EntityName,
    query: ComponentQuery,
    credentials: BackstageCredentials,
  ): Promise<SbomListResponse> {
    const { entityRef } = await this.deps.access.authorizeRead(
      name,
      credentials,
    );
    const { items, totalCount, licenses } =
      await this.deps.store.reports.listComponents({ entityRef, query });
    return {
      items,
      totalCount,
      licenses,
      ...pagePosition(query.offset, query.limit, totalCount),
    };
  }

  /** Ages and statuses are computed now, so a secret turns overdue on time between checks. */
  async listSecrets(
    name: EntityName,
    credentials: BackstageCredentials,
  ): Promise<ListResponse<SecretItem>> {
    const { entityRef } = await this.deps.access.authorizeRead(
      name,
      credentials,
    );
    const now = this.deps.now?.() ?? new Date();
    const items = secretItemsAt(
      await this.deps.store.secrets.list({ entityRef }),
      now,
    );
    return { items, totalCount: items.length };
  }

  async listSignatures(
    name: EntityName,
    credentials: BackstageCredentials,
  ): Promise<ListResponse<SignatureItem>> {
    const { entityRef } = await this.deps.access.authorizeRead(
      name,
      credentials,
    );
    const items = await this.deps.store.signatures.list({ entityRef });
    return { items, totalCount: items.length };
  }

  async listReports(
    name: EntityName,
    credentials: BackstageCredentials,
  ): Promise<ListResponse<StoredReport>> {
    const { entityRef } = await this.deps.access.authorizeRead(
      name,
      credentials,
    );
    const items = await this.deps.store.reports.listReports({ entityRef });
    return { items, totalCount: items.length };
  }

  async getDocument(
    name: EntityName,
    reportId: string,
    credentials: BackstageCredentials,
  ): Promise<{ report: StoredReport; content: string }> {
    const { entityRef } = await this.deps.access.authorizeRead(
      name,
      credentials,
    );
    const document = await this.deps.store.reports.getReportDocument({
      entityRef,
      reportId,
    });
    if (!document) {
      throw new NotFoundError(`No current report ${reportId} for ${entityRef}`);
    }
    return document;
  }
}
