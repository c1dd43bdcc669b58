import { z } from 'zod';
import { optionalTimestamp } from '../timestamps';

/**
 * OpenVEX v0.2.0 (https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md), and the
 * v0.0.1 shapes still in use (vulnerability and products as plain strings). Unknown fields
 * are allowed (JSON-LD documents grow).
 */

export const OPENVEX_STATUSES = [
  'not_affected',
  'affected',
  'fixed',
  'under_investigation',
] as const;

export const OPENVEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;

/** Tools write `""` or `null` for a field they leave out. */
const optionalText = z
  .string({ invalid_type_error: 'expected a string' })
  .nullish()
  .transform(value => (value?.trim() ? value.trim() : undefined));

const requiredText = (what: string) =>
  z
    .string({
      required_error: `${what} is required`,
      invalid_type_error: `${what} must be a string`,
    })
    .trim()
    .min(1, `${what} must not be empty`);

const identifiers = z
  .object({
    purl: optionalText,
    cpe22: optionalText,
    cpe23: optionalText,
  })
  .passthrough();

const component = z
  .object({
    '@id': optionalText,
    identifiers: identifiers.nullish(),
    hashes: z
      .record(z.string({ invalid_type_error: 'expected a hash string' }))
      .nullish(),
  })
  .passthrough();

export type OpenVexComponent = z.infer<typeof component>;

/** Before v0.2.0 a product or subcomponent was its id alone: read it as `{ "@id": id }`. */
const idAsObject = (value: unknown) =>
  typeof value === 'string' ? { '@id': value } : value;

const componentOrId = z.preprocess(idAsObject, component, {
  invalid_type_error: 'expected a subcomponent object (or its id)',
});

const product = component.extend({
  subcomponents: z.array(componentOrId).nullish(),
});

export type OpenVexProduct = z.infer<typeof product>;

const productOrId = z.preprocess(idAsObject, product, {
  invalid_type_error: 'expected a product object (or its id)',
});

/** Before v0.2.0 the vulnerability was its id alone: read it as `{ "name": id }`. */
const vulnerability = z.preprocess(
  value => (typeof value === 'string' ? { name: value } : value),
  z
    .object({
      '@id': optionalText,
      name: requiredText('name'),
      aliases: z
        .array(z.string({ invalid_type_error: 'expected an alias string' }))
        .nullish(),
    })
    .passthrough(),
  {
    required_error: 'vulnerability is required',
    invalid_type_error: 'expected { "name": "CVE-..." }',
  },
);

/** `""` and `null` are "no justification"; anything else must be a label of the spec. */
const justification = z.preprocess(
  value => (value === '' || value === null ? undefined : value),
  z
    .enum(OPENVEX_JUSTIFICATIONS, {
      errorMap: () => ({
        message: `expected one of ${OPENVEX_JUSTIFICATIONS.join(', ')}`,
      }),
    })
    .optional(),
);

const statement = z
  .object({
    '@id': optionalText,
    vulnerability,
    products: z
      .array(productOrId, {
        invalid_type_error: 'expected an array of products',
      })
      .nullish(),
    status: z.enum(OPENVEX_STATUSES, {
      errorMap: () => ({
        message: `expected one of ${OPENVEX_STATUSES.join(', ')}`,
      }),
    }),
    justification,
    impact_statement: optionalText,
    action_statement: optionalText,
    status_notes: optionalText,
    timestamp: optionalTimestamp,
    last_updated: optionalTimestamp,
  })
  .passthrough();

export type OpenVexStatement = z.infer<typeof statement>;

export const openVexDocumentSchema = z
  .object({
    '@context': z.string().startsWith('https://openvex.dev/ns', {
      message: 'expected an OpenVEX context (https://openvex.dev/ns/v0.2.0)',
    }),
    '@id': requiredText('@id'),
    author: requiredText('author'),
    timestamp: optionalTimestamp,
    last_updated: optionalTimestamp,
    version: z
      .union([z.number(), z.string()], {
        errorMap: () => ({ message: 'expected a number' }),
      })
      .nullish(),
    statements: z
      .array(statement, {
        required_error: 'statements is required',
        invalid_type_error: 'expected an array of statements',
      })
      .min(1, 'at least one statement'),
  })
  .passthrough();

export type OpenVexDocument = z.infer<typeof openVexDocumentSchema>;
