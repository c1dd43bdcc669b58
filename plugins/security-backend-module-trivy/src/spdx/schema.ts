import { z } from 'zod';
import { chunkedObjectSpec } from '../chunkedValidation';

/** Only the fields Posture reads are typed; everything else passes through. */

const packageSchema = z
  .object({
    SPDXID: z.string(),
    name: z.string(),
    versionInfo: z.string().nullish(),
    licenseConcluded: z.string().nullish(),
    licenseDeclared: z.string().nullish(),
    primaryPackagePurpose: z.string().nullish(),
    externalRefs: z
      .array(
        z
          .object({ referenceType: z.string(), referenceLocator: z.string() })
          .passthrough(),
      )
      .nullish(),
    // Trivy records the image's repo digests here (older releases) ...
    attributionTexts: z.array(z.string()).nullish(),
    // ... or here (newer releases).
    annotations: z
      .array(z.object({ comment: z.string().nullish() }).passthrough())
      .nullish(),
  })
  .passthrough();

/** @internal */
export type SpdxPackage = z.infer<typeof packageSchema>;

const relationshipSchema = z
  .object({
    spdxElementId: z.string(),
    relationshipType: z.string(),
    relatedSpdxElement: z.string(),
  })
  .passthrough();

/** @internal */
export const spdxSchema = z
  .object({
    spdxVersion: z.string(),
    SPDXID: z.string().nullish(),
    name: z.string().nullish(),
    creationInfo: z
      .object({ created: z.string().nullish() })
      .passthrough()
      .nullish(),
    documentDescribes: z.array(z.string()).nullish(),
    packages: z.array(packageSchema).nullish(),
    relationships: z.array(relationshipSchema).nullish(),
  })
  .passthrough();

/** @internal */
export type SpdxDocument = z.infer<typeof spdxSchema>;

/**
 * The document with `packages` and `relationships` (its last two fields, so issues keep zod's
 * order) validated element by element, in chunks.
 * @internal
 */
export const spdxChunkedSpec = chunkedObjectSpec(spdxSchema, {
  packages: packageSchema,
  relationships: relationshipSchema,
});
