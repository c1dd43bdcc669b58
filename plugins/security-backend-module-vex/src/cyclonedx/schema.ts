import { z } from 'zod';
import { optionalTimestamp } from '../timestamps';

/**
 * The parts of a CycloneDX (1.4 to 1.7) BOM a VEX document uses: metadata (who, when, which
 * product) and vulnerabilities with their `analysis`. Unknown fields are allowed.
 */

export const SUPPORTED_SPEC_VERSIONS = ['1.4', '1.5', '1.6', '1.7'];

export const ANALYSIS_STATES = [
  'resolved',
  'resolved_with_pedigree',
  'exploitable',
  'in_triage',
  'false_positive',
  'not_affected',
] as const;

export const ANALYSIS_JUSTIFICATIONS = [
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
] as const;

export const ANALYSIS_RESPONSES = [
  'can_not_fix',
  'will_not_fix',
  'update',
  'rollback',
  'workaround_available',
] as const;

/** Tools write `""` or `null` for a field they leave out. */
const optionalText = z
  .string({ invalid_type_error: 'expected a string' })
  .nullish()
  .transform(value => (value?.trim() ? value.trim() : undefined));

const named = z.object({ name: optionalText }).passthrough();

const person = z
  .object({ name: optionalText, email: optionalText })
  .passthrough();

const metadataComponent = z
  .object({
    'bom-ref': optionalText,
    name: optionalText,
    version: optionalText,
    purl: optionalText,
  })
  .passthrough();

export type CycloneDxComponent = z.infer<typeof metadataComponent>;

/** 1.4: an array of tools; 1.5 and later: `{ components, services }`. */
const tools = z.union(
  [
    z.array(named.extend({ vendor: optionalText })),
    z
      .object({
        components: z.array(named).nullish(),
        services: z.array(named).nullish(),
      })
      .passthrough(),
  ],
  {
    errorMap: () => ({
      message: 'expected an array of tools or { "components": [...] }',
    }),
  },
);

const metadata = z
  .object({
    timestamp: optionalTimestamp,
    authors: z.array(person).nullish(),
    manufacturer: named.nullish(),
    // The 1.4 and 1.5 spelling, deprecated by 1.6.
    manufacture: named.nullish(),
    supplier: named.nullish(),
    tools: tools.nullish(),
    component: metadataComponent.nullish(),
  })
  .passthrough();

export type CycloneDxMetadata = z.infer<typeof metadata>;

const analysis = z
  .object({
    state: z.enum(ANALYSIS_STATES, {
      errorMap: () => ({
        message: `expected one of ${ANALYSIS_STATES.join(', ')}`,
      }),
    }),
    justification: z.preprocess(
      value => (value === '' || value === null ? undefined : value),
      z
        .enum(ANALYSIS_JUSTIFICATIONS, {
          errorMap: () => ({
            message: `expected one of ${ANALYSIS_JUSTIFICATIONS.join(', ')}`,
          }),
        })
        .optional(),
    ),
    response: z
      .array(
        z.enum(ANALYSIS_RESPONSES, {
          errorMap: () => ({
            message: `expected one of ${ANALYSIS_RESPONSES.join(', ')}`,
          }),
        }),
      )
      .nullish(),
    detail: optionalText,
    firstIssued: optionalTimestamp,
    lastUpdated: optionalTimestamp,
  })
  .passthrough();

const vulnerability = z
  .object({
    id: optionalText,
    references: z.array(z.object({ id: optionalText }).passthrough()).nullish(),
    analysis: analysis.nullish(),
    affects: z
      .array(
        z
          .object({
            ref: z
              .string({
                required_error: 'ref is required',
                invalid_type_error: 'expected a string',
              })
              .trim()
              .min(1, 'ref must not be empty'),
          })
          .passthrough(),
      )
      .nullish(),
  })
  .passthrough();

export type CycloneDxVulnerability = z.infer<typeof vulnerability>;

export const cycloneDxVexSchema = z
  .object({
    bomFormat: z.literal('CycloneDX'),
    specVersion: z.string({ required_error: 'specVersion is required' }),
    metadata: metadata.nullish(),
    vulnerabilities: z.array(vulnerability),
  })
  .passthrough();

export type CycloneDxVex = z.infer<typeof cycloneDxVexSchema>;
