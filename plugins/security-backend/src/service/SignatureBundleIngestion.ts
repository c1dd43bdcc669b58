import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { normalizeImageRepository } from '@posture/backstage-plugin-security-common';
import type { SignatureBundleHandler } from '@posture/backstage-plugin-security-node';
import { createHash } from 'crypto';
import type { PostureStore } from '../database/PostureStore';
import type { EntityResolver } from './EntityResolver';
import type { IngestResult } from './ingestResult';
import type { UploadAccess } from './UploadAccess';

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/**
 * The push path for signatures: an uploaded bundle is judged for the entity's image digest
 * and its verdict stored. A bundle that fails verification is still stored (as `invalid` or
 * `unexpected-signer`): it is evidence about the image, not a bad request. A `?digest=` that
 * none of the entity's reports names is stored and listed too, but never moves the entity's
 * signature state or grade (see `summarizeSignatureVerdicts`).
 */
export class SignatureBundleIngestion {
  constructor(
    private readonly deps: {
      resolver: EntityResolver;
      access: Pick<UploadAccess, 'authorize'>;
      store: PostureStore;
      now?: () => Date;
    },
  ) {}

  async ingest(options: {
    handler: SignatureBundleHandler;
    document: unknown;
    body: Buffer;
    entityRef?: string;
    digest?: string;
    credentials: BackstageCredentials;
  }): Promise<IngestResult> {
    const { handler, document } = options;
    const requested = options.digest?.trim().toLowerCase();
    if (requested !== undefined && !DIGEST.test(requested)) {
      throw new InputError(
        `Invalid digest "${options.digest}": expected sha256:<64 hex characters>`,
      );
    }
    const references = handler.references(document);
    const entity = await this.deps.resolver.resolveEntity(
      references,
      options.entityRef,
      options.credentials,
    );
    await this.deps.access.authorize(entity, options.credentials);
    const entityRef = stringifyEntityRef(entity);
    const digest =
      requested ??
      (await this.deps.store.reports.knownDigests({ entityRef }))[0];
    if (!digest) {
      throw new InputError(
        `No image digest is known for ${entityRef} yet: upload its Trivy report first, or pass ?digest=sha256:<hex> to say which image the ${handler.name} is for`,
      );
    }
    const observation = await handler.judge(document, { entity, digest });
    const now = this.deps.now?.() ?? new Date();
    const { item, replaced } = await this.deps.store.signatures.recordUpload({
      entityRef,
      observation,
      now,
    });
    return {
      status: replaced ? 201 : 200,
      body: {
        entityRef,
        format: 'sigstore-bundle',
        artifact: references[0]
          ? normalizeImageRepository(references[0])
          : digest,
        digest,
        findings: 0,
        components: 0,
        reportId: createHash('sha256').update(options.body).digest('hex'),
        generatedAt: observation.integratedTime,
        otherFindings: {},
        // The verdict kept for the digest: a better one stored earlier wins over this upload's.
        signature: item,
        ...(replaced ? {} : { unchanged: true }),
      },
    };
  }
}
