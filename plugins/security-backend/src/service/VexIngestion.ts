import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { parseVexProduct } from '@posture/backstage-plugin-security-common';
import type {
  ParsedVex,
  VexFormatHandler,
} from '@posture/backstage-plugin-security-node';
import { createHash } from 'crypto';
import type { PostureStore } from '../database/PostureStore';
import type { EntityResolver } from './EntityResolver';
import { ReportClock } from './ReportClock';
import type { IngestResult } from './ingestResult';
import type { UploadAccess } from './UploadAccess';
import { attributeVexStatements } from './attributeVexStatements';

/**
 * The push path for VEX: an uploaded OpenVEX or CycloneDX VEX document's statements are stored
 * for the entity whose image they name, and applied to its findings (see `DatabaseVexStore`).
 * "Newer" is the statement's own time, so a statement dated in the future is refused: it
 * would outrank every genuine statement until that time came. A statement whose document
 * names no author is the uploader's (`attributeVexStatements`).
 */
export class VexIngestion {
  private readonly clock: ReportClock;

  constructor(
    private readonly deps: {
      resolver: EntityResolver;
      access: Pick<UploadAccess, 'authorize'>;
      store: PostureStore;
      /** Default: a ReportClock with the default clock skew. */
      clock?: ReportClock;
      now?: () => Date;
    },
  ) {
    this.clock = deps.clock ?? new ReportClock({ now: deps.now });
  }

  async ingest(options: {
    handler: VexFormatHandler;
    document: unknown;
    body: Buffer;
    entityRef?: string;
    credentials: BackstageCredentials;
    /** The uploader of record (`ReportIngestionService.uploaderOf`); authors what names none. */
    uploadedBy: string | null;
  }): Promise<IngestResult> {
    const parsed = options.handler.parse(options.document);
    if (parsed.statements.length === 0) {
      throw new InputError(
        `The ${parsed.format} document has no statements: nothing was stored`,
      );
    }
    parsed.statements.forEach((statement, index) => {
      if (statement.products.length === 0) {
        throw new InputError(
          `VEX statement ${index + 1} (${statement.vulnerability.slice(
            0,
            64,
          )}) names no product: nothing was stored`,
        );
      }
    });
    this.refuseFutureStatements(parsed);
    const statements = attributeVexStatements(
      parsed.statements,
      options.uploadedBy,
    );

    const images = parsed.statements.flatMap(s =>
      s.products.map(parseVexProduct),
    );
    const entity = await this.deps.resolver.resolveEntity(
      [
        ...new Set(
          images.flatMap(image => (image.repository ? [image.repository] : [])),
        ),
      ],
      options.entityRef,
      options.credentials,
    );
    await this.deps.access.authorize(entity, options.credentials);
    const entityRef = stringifyEntityRef(entity);
    const sha256 = createHash('sha256').update(options.body).digest('hex');

    const result = await this.deps.store.vex.recordStatements({
      entityRef,
      format: parsed.format,
      statements,
      sha256,
      uploadedBy: options.uploadedBy,
      now: this.deps.now?.() ?? new Date(),
    });

    const first = images[0];
    const unchanged = result.stored === 0;
    return {
      status: unchanged ? 200 : 201,
      body: {
        entityRef,
        format: parsed.format,
        artifact: first.repository ?? parsed.statements[0].products[0],
        digest: first.digest,
        findings: result.applied,
        components: 0,
        reportId: sha256,
        generatedAt: newestTime(parsed),
        otherFindings: {},
        vex: result,
        ...(unchanged ? { unchanged: true } : {}),
      },
    };
  }

  private refuseFutureStatements(parsed: ParsedVex): void {
    const latest = this.clock.latestAllowed();
    parsed.statements.forEach((statement, index) => {
      if (Date.parse(statement.timestamp) > latest.getTime()) {
        throw new InputError(
          `VEX statement ${index + 1} (${statement.vulnerability.slice(
            0,
            64,
          )}) is dated ${
            statement.timestamp
          }, in the future (later than ${latest.toISOString()}, now plus the allowed clock skew): a statement cannot be made after it is uploaded; nothing was stored`,
        );
      }
    });
  }
}

/** The newest statement's time (the store has refused unreadable ones). */
function newestTime(parsed: ParsedVex): string {
  const newest = parsed.statements.reduce(
    (max, s) => Math.max(max, Date.parse(s.timestamp)),
    -Infinity,
  );
  return new Date(newest).toISOString();
}
