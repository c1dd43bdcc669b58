import { z } from 'zod';
import { chunkedObjectSpec } from '../chunkedValidation';

/**
 * Only the fields Posture reads are typed; everything else passes through untouched, so new
 * Trivy releases that add fields keep validating. Optional fields are `nullish` because Go's
 * encoder writes `null` for nil slices in some Trivy versions and omits them in others.
 */

const cvssVendorSchema = z
  .object({
    V3Score: z.number().nullish(),
    V2Score: z.number().nullish(),
  })
  .passthrough();

const vulnerabilitySchema = z
  .object({
    VulnerabilityID: z.string(),
    // Vendor advisories of the same vulnerability (RHSA, DSA, ...); a malformed list is ignored.
    VendorIDs: z.array(z.unknown()).nullish().catch(null),
    PkgName: z.string(),
    PkgIdentifier: z
      .object({ PURL: z.string().nullish() })
      .passthrough()
      .nullish(),
    InstalledVersion: z.string().nullish(),
    FixedVersion: z.string().nullish(),
    Status: z.string().nullish(),
    Severity: z.string().nullish(),
    CVSS: z.record(z.string(), cvssVendorSchema).nullish(),
    Title: z.string().nullish(),
    PrimaryURL: z.string().nullish(),
    PublishedDate: z.string().nullish(),
  })
  .passthrough();

const packageSchema = z
  .object({
    Name: z.string(),
    Version: z.string().nullish(),
    Identifier: z
      .object({ PURL: z.string().nullish() })
      .passthrough()
      .nullish(),
    Licenses: z.array(z.string()).nullish(),
  })
  .passthrough();

const resultSchema = z
  .object({
    Target: z.string().nullish(),
    Type: z.string().nullish(),
    Vulnerabilities: z.array(vulnerabilitySchema).nullish(),
    Packages: z.array(packageSchema).nullish(),
    // Counted, not itemised: their inner shape is not ours to police.
    Secrets: z.array(z.unknown()).nullish(),
    Misconfigurations: z.array(z.unknown()).nullish(),
    Licenses: z.array(z.unknown()).nullish(),
  })
  .passthrough();

/** @internal */
export const trivyReportSchema = z
  .object({
    SchemaVersion: z.literal(2),
    ArtifactName: z.string().nullish(),
    CreatedAt: z.string().nullish(),
    Metadata: z
      .object({ RepoDigests: z.array(z.string()).nullish() })
      .passthrough()
      .nullish(),
    Results: z.array(resultSchema).nullish(),
  })
  .passthrough();

/** @internal */
export type TrivyReport = z.infer<typeof trivyReportSchema>;
/** @internal */
export type TrivyResult = NonNullable<TrivyReport['Results']>[number];
/** @internal */
export type TrivyVulnerability = NonNullable<
  TrivyResult['Vulnerabilities']
>[number];
/** @internal */
export type TrivyCvss = NonNullable<TrivyVulnerability['CVSS']>;

/**
 * `Results[]` entries with their `Vulnerabilities` and `Packages` validated element by
 * element, in chunks; the spec restores zod's issue order (Secrets and the rest come after).
 * @internal
 */
export const trivyResultChunkedSpec = chunkedObjectSpec(resultSchema, {
  Vulnerabilities: vulnerabilitySchema,
  Packages: packageSchema,
});

/** The report without `Results` (its last field), which is walked entry by entry. @internal */
export const trivyReportHeadSchema = trivyReportSchema.extend({
  Results: z.unknown(),
});
