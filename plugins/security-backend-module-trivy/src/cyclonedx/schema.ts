import { z } from 'zod';

/**
 * Only the fields Posture reads are typed; everything else passes through. `tools`, whose shape
 * changed between 1.4 (array) and 1.5 (object), is deliberately not typed at all.
 */

const licenseChoiceSchema = z
  .object({
    license: z
      .object({ id: z.string().nullish(), name: z.string().nullish() })
      .passthrough()
      .nullish(),
    expression: z.string().nullish(),
  })
  .passthrough();

const propertySchema = z
  .object({ name: z.string(), value: z.string().nullish() })
  .passthrough();

/** @internal */
export type CdxLicenseChoice = z.infer<typeof licenseChoiceSchema>;

/** @internal */
export type CdxComponent = {
  name: string;
  version?: string | null;
  group?: string | null;
  purl?: string | null;
  type?: string | null;
  'bom-ref'?: string | null;
  licenses?: CdxLicenseChoice[] | null;
  properties?: z.infer<typeof propertySchema>[] | null;
  components?: CdxComponent[] | null;
  [key: string]: unknown;
};

const componentFields = {
  name: z.string(),
  version: z.string().nullish(),
  group: z.string().nullish(),
  purl: z.string().nullish(),
  type: z.string().nullish(),
  'bom-ref': z.string().nullish(),
  licenses: z.array(licenseChoiceSchema).nullish(),
  properties: z.array(propertySchema).nullish(),
};

// z.lazy calls its getter on every parse, so the getter returns a schema built once: building
// the object schema inside it cost about 70 µs per component (61 s for 500,000).
const componentSchema: z.ZodType<CdxComponent, z.ZodTypeDef, unknown> = z
  .object({
    ...componentFields,
    components: z.array(z.lazy(() => componentSchema)).nullish(),
  })
  .passthrough();

/**
 * One component without looking into its children (`components` last, as in the full schema,
 * so its issues come in the same order): `components[]` is walked iteratively, in chunks.
 * @internal
 */
export const componentShallowSchema = z
  .object({ ...componentFields, components: z.unknown() })
  .passthrough() as unknown as z.ZodType<CdxComponent, z.ZodTypeDef, unknown>;

/** What a component's `components` must be; the message for anything else. @internal */
export const childComponentsFieldSchema = z.array(z.unknown()).nullish();

const ratingSchema = z
  .object({
    source: z.object({ name: z.string().nullish() }).passthrough().nullish(),
    score: z.number().nullish(),
    severity: z.string().nullish(),
    method: z.string().nullish(),
  })
  .passthrough();

/** @internal */
export type CdxRating = z.infer<typeof ratingSchema>;

const vulnerabilitySchema = z
  .object({
    id: z.string().nullish(),
    'bom-ref': z.string().nullish(),
    source: z
      .object({ name: z.string().nullish(), url: z.string().nullish() })
      .passthrough()
      .nullish(),
    ratings: z.array(ratingSchema).nullish(),
    description: z.string().nullish(),
    recommendation: z.string().nullish(),
    advisories: z
      .array(z.object({ url: z.string().nullish() }).passthrough())
      .nullish(),
    published: z.string().nullish(),
    // Other ids of the vulnerability (CVE, GHSA, ...); a malformed list is ignored.
    references: z
      .array(z.object({ id: z.unknown() }).passthrough())
      .nullish()
      .catch(null),
    analysis: z.object({ state: z.string().nullish() }).passthrough().nullish(),
    affects: z.array(z.object({ ref: z.string() }).passthrough()).nullish(),
  })
  .passthrough();

/** @internal */
export type CdxVulnerability = z.infer<typeof vulnerabilitySchema>;

/** @internal */
export const cycloneDxSchema = z
  .object({
    bomFormat: z.literal('CycloneDX'),
    specVersion: z.string(),
    metadata: z
      .object({
        timestamp: z.string().nullish(),
        component: componentSchema.nullish(),
      })
      .passthrough()
      .nullish(),
    components: z.array(componentSchema).nullish(),
    vulnerabilities: z.array(vulnerabilitySchema).nullish(),
  })
  .passthrough();

/** @internal */
export type CycloneDxDocument = z.infer<typeof cycloneDxSchema>;

/**
 * The document without its two lists, which are validated element by element (and last, as
 * in `cycloneDxSchema`, so issues keep zod's order).
 * @internal
 */
export const cycloneDxHeadSchema = cycloneDxSchema.extend({
  components: z.unknown(),
  vulnerabilities: z.unknown(),
});

/** @internal */
export const vulnerabilityChunkSchema = z.array(vulnerabilitySchema);
