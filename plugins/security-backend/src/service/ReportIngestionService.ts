import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError } from '@backstage/errors';
import { normalizeImageRepository } from '@posture/backstage-plugin-security-common';
import type {
  ParsedReport,
  ReportFormatHandler,
  SignatureBundleHandler,
  VexFormatHandler,
} from '@posture/backstage-plugin-security-node';
import { createHash } from 'crypto';
import type { PostureStore } from '../database/PostureStore';
import type { IngestResult } from './ingestResult';
import type { EntityResolver } from './EntityResolver';
import type { SourceRunner } from './SourceRunner';
import { SignatureBundleIngestion } from './SignatureBundleIngestion';
import { VexIngestion } from './VexIngestion';
import type { ReportClock } from './ReportClock';
import { UploadAccess } from './UploadAccess';
import { parseJsonBody } from './json/parseJsonBody';
import type { ServiceUploadRule } from '../writeAccessConfig';

interface IngestOptions {
  body: Buffer;
  entityRef?: string;
  /** For signature bundles: the image digest they must be for (default: the newest report's). */
  digest?: string;
  credentials: BackstageCredentials;
}

/**
 * The push path: an uploaded document becomes an entity's current report, or, for a
 * signature bundle, a signature verdict for the entity's image.
 */
export class ReportIngestionService {
  private readonly bundles: SignatureBundleIngestion;
  private readonly vex: VexIngestion;
  private readonly access: UploadAccess;

  constructor(
    private readonly deps: {
      formats: ReportFormatHandler[];
      /** VEX document formats, tried before the report formats. */
      vexFormats?: VexFormatHandler[];
      bundleHandlers?: SignatureBundleHandler[];
      resolver: EntityResolver;
      auth: AuthService;
      permissions: PermissionsService;
      auditor: AuditorService;
      store: PostureStore;
      /** Where service subjects may upload; undefined: anywhere (see `UploadAccess`). */
      serviceAccess?: ServiceUploadRule[];
      /** Refuses reports generated in the future (default: none refused). */
      clock?: ReportClock;
      /** Checks a stored report's image digest in the background, after the upload answers. */
      signatureChecks?: Pick<SourceRunner, 'checkSignaturesSoon'>;
      /** Told (not awaited) when an entity's findings or SBOM changed: campaigns recompute it. */
      afterReportChange?: (entityRef: string) => unknown;
    },
  ) {
    this.access = new UploadAccess(deps);
    this.bundles = new SignatureBundleIngestion({
      ...deps,
      access: this.access,
    });
    this.vex = new VexIngestion({ ...deps, access: this.access });
  }

  /** Who uploaded, for the report row: a user's entity ref or a service's subject. */
  uploaderOf(credentials: BackstageCredentials): string | null {
    if (this.deps.auth.isPrincipal(credentials, 'user')) {
      return credentials.principal.userEntityRef;
    }
    if (this.deps.auth.isPrincipal(credentials, 'service')) {
      return credentials.principal.subject;
    }
    return null;
  }

  /**
   * Before the body is read: refuses a user the policy denies `security.report.create` for
   * every entity. Whether the caller may write to the entity the upload resolves to is
   * checked once it is known (see `UploadAccess`).
   */
  async authorizeUpload(credentials: BackstageCredentials): Promise<void> {
    await this.access.precheck(credentials);
  }

  async ingest(options: IngestOptions): Promise<IngestResult> {
    const auditorEvent = await this.deps.auditor.createEvent({
      eventId: 'report-ingest',
      severityLevel: 'medium',
      meta: { entityRef: options.entityRef, bytes: options.body.length },
    });
    try {
      const result = await this.ingestUnaudited(options);
      await auditorEvent.success({
        meta: {
          entityRef: result.body.entityRef,
          format: result.body.format,
          artifact: result.body.artifact,
          reportId: result.body.reportId,
          findings: result.body.findings,
          components: result.body.components,
          unchanged: Boolean(result.body.unchanged),
          ...(result.body.signature && {
            digest: result.body.digest,
            signatureStatus: result.body.signature.status,
          }),
          ...(result.body.vex && {
            vexStatements: result.body.vex.statements,
            vexStored: result.body.vex.stored,
            applied: result.body.vex.applied,
          }),
        },
      });
      return result;
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }

  private async ingestUnaudited(options: IngestOptions): Promise<IngestResult> {
    const document = options.body.toString('utf8');
    const json = await this.parseJson(document);
    const bundleHandler = this.deps.bundleHandlers?.find(h => h.detect(json));
    if (bundleHandler) {
      return this.bundles.ingest({
        ...options,
        handler: bundleHandler,
        document: json,
      });
    }
    // Before the report formats: a CycloneDX VEX document is also a CycloneDX document.
    const vexHandler = this.deps.vexFormats?.find(h => h.detect(json));
    if (vexHandler) {
      const result = await this.vex.ingest({
        ...options,
        handler: vexHandler,
        document: json,
        uploadedBy: this.uploaderOf(options.credentials),
      });
      if (result.status === 201) {
        // A statement that clears a finding takes the entity out of campaigns that track it.
        void this.deps.afterReportChange?.(result.body.entityRef);
      }
      return result;
    }
    const report = await this.parse(json);
    this.deps.clock?.check(report);
    const entity = await this.deps.resolver.resolve(
      report,
      options.entityRef,
      options.credentials,
    );
    await this.access.authorize(entity, options.credentials);
    const entityRef = stringifyEntityRef(entity);
    const artifact = normalizeImageRepository(
      report.artifact.name ?? report.artifact.digests[0] ?? 'unnamed',
    );
    const sha256 = createHash('sha256').update(options.body).digest('hex');

    const result = await this.deps.store.reports.replaceReport({
      write: {
        entityRef,
        artifact,
        report,
        sha256,
        document,
        uploadedBy: this.uploaderOf(options.credentials),
      },
    });
    if (result.outcome === 'older') {
      throw new ConflictError(
        `A newer ${report.format} report for ${artifact} (generated ${result.report.generatedAt}) is already stored for ${entityRef}; nothing changed`,
      );
    }
    const stored = result.report;
    if (result.outcome === 'stored') {
      void this.deps.afterReportChange?.(entityRef);
    }
    if (result.outcome === 'stored' && stored.digest) {
      // Queued, not awaited: the queue is drained on shutdown and awaitable in tests.
      void this.deps.signatureChecks?.checkSignaturesSoon(
        entity,
        stored.digest,
      );
    }
    return {
      status: result.outcome === 'stored' ? 201 : 200,
      body: {
        entityRef,
        format: stored.format,
        artifact: stored.artifact,
        digest: stored.digest,
        findings: stored.findings,
        components: stored.components,
        reportId: stored.id,
        generatedAt: stored.generatedAt,
        otherFindings: stored.otherFindings,
        ...(result.outcome === 'unchanged' ? { unchanged: true } : {}),
      },
    };
  }

  private async parseJson(document: string): Promise<unknown> {
    if (document.trim() === '') {
      throw new InputError(
        'The request body is empty: send the report JSON as the body',
      );
    }
    try {
      return await parseJsonBody(document);
    } catch (error) {
      throw new InputError(
        `The report is not valid JSON: ${(error as Error).message}`,
      );
    }
  }

  private async parse(parsed: unknown): Promise<ParsedReport> {
    const handler = this.deps.formats.find(format => format.detect(parsed));
    if (!handler) {
      const known =
        [
          ...this.deps.formats.map(f => f.format),
          ...(this.deps.vexFormats ?? []).map(f => f.format),
          ...(this.deps.bundleHandlers ?? []).map(h => h.name),
        ].join(', ') || 'none installed';
      throw new InputError(
        `Unrecognised report: expected a Trivy JSON report (SchemaVersion 2), a CycloneDX or an SPDX JSON document, a Sigstore bundle, or an OpenVEX or CycloneDX VEX document (formats installed: ${known})`,
      );
    }
    // The chunked parse, when the format has one, leaves room for health checks and reads.
    return handler.parseAsync
      ? handler.parseAsync(parsed)
      : handler.parse(parsed);
  }
}
