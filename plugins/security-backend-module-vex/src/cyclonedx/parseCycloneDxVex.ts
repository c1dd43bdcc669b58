import { InputError } from '@backstage/errors';
import type {
  ParsedVex,
  ParsedVexStatement,
} from '@posture/backstage-plugin-security-node';
import type { VexStatus } from '@posture/backstage-plugin-security-common';
import { isJsonObject } from '../jsonObject';
import { parseWithSchema, refuse } from '../refusal';
import { authorOf } from './author';
import { productOfRef } from './products';
import {
  SUPPORTED_SPEC_VERSIONS,
  cycloneDxVexSchema,
  type ANALYSIS_STATES,
  type CycloneDxVex,
  type CycloneDxVulnerability,
} from './schema';

const LABEL = 'CycloneDX VEX document';

/** CycloneDX analysis states in OpenVEX terms. */
const STATUS_OF_STATE: Record<(typeof ANALYSIS_STATES)[number], VexStatus> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};

/**
 * Validates a CycloneDX VEX document (1.4 to 1.7) and reads one statement per analysed
 * vulnerability; vulnerabilities without `analysis` state nothing and are skipped. A document
 * that names no author gives statements with `author: null`. Any problem refuses the whole
 * document with an `InputError` naming the JSON path.
 * @public
 */
export function parseCycloneDxVex(document: unknown): ParsedVex {
  if (!isJsonObject(document)) {
    throw new InputError(`Invalid ${LABEL}: expected a JSON object`);
  }
  const bom = parseWithSchema(cycloneDxVexSchema, document, LABEL);
  if (!SUPPORTED_SPEC_VERSIONS.includes(bom.specVersion)) {
    throw refuse(
      LABEL,
      ['specVersion'],
      `unsupported ${
        bom.specVersion
      }: VEX (vulnerabilities[].analysis) is read from CycloneDX ${SUPPORTED_SPEC_VERSIONS.join(
        ', ',
      )}`,
    );
  }
  const statements: ParsedVexStatement[] = [];
  // The spec makes no author required and real documents (CISA's examples) name none: the
  // backend then attributes the statements to whoever uploaded them.
  const author = authorOf(bom.metadata)?.trim() || null;
  bom.vulnerabilities.forEach((vulnerability, index) => {
    if (!vulnerability.analysis) {
      return;
    }
    statements.push(readStatement(bom, vulnerability, index, author));
  });
  return { format: 'cyclonedx-vex', statements };
}

function readStatement(
  bom: CycloneDxVex,
  vulnerability: CycloneDxVulnerability,
  index: number,
  author: string | null,
): ParsedVexStatement {
  const path = ['vulnerabilities', index];
  const analysis = vulnerability.analysis!;
  if (!vulnerability.id) {
    throw refuse(
      LABEL,
      [...path, 'id'],
      'an analysed vulnerability needs an id',
    );
  }
  const status = STATUS_OF_STATE[analysis.state];
  if (
    status === 'not_affected' &&
    !analysis.justification &&
    !analysis.detail
  ) {
    throw refuse(
      LABEL,
      [...path, 'analysis', 'justification'],
      `${analysis.state} needs a justification or a detail`,
    );
  }
  const timestamp =
    analysis.lastUpdated ?? analysis.firstIssued ?? bom.metadata?.timestamp;
  if (!timestamp) {
    throw refuse(
      LABEL,
      ['metadata', 'timestamp'],
      `no timestamp for vulnerabilities[${index}]: give analysis.lastUpdated, analysis.firstIssued or metadata.timestamp`,
    );
  }
  const affects = vulnerability.affects ?? [];
  if (affects.length === 0) {
    throw refuse(
      LABEL,
      [...path, 'affects'],
      'at least one product (affects[].ref, the image the analysis is about)',
    );
  }
  const products = [
    ...new Set(affects.map(a => productOfRef(a.ref, bom.metadata?.component))),
  ];
  const id = vulnerability.id;
  const aliases = [
    ...new Set(
      (vulnerability.references ?? [])
        .map(reference => reference.id)
        .filter(
          (alias): alias is string =>
            Boolean(alias) && alias!.toUpperCase() !== id.toUpperCase(),
        ),
    ),
  ];
  const responses = analysis.response ?? [];
  return {
    vulnerability: id,
    aliases,
    products,
    subcomponents: [],
    status,
    // CycloneDX justifications are kept as written (they are not OpenVEX's labels).
    justification: analysis.justification ?? null,
    impactStatement: analysis.detail ?? null,
    actionStatement: responses.length > 0 ? responses.join(', ') : null,
    timestamp,
    author,
  };
}
