import type { Knex } from 'knex';
import type {
  AttributedVexStatement,
  VexWrite,
} from '../database/PostureStore';
import { makeScan, makeVulnerability } from './parsedReports';
import { TEST_ENTITY_REF } from './storeHarness';

/** The image digest of the scans below: a whole sha256, as registries give them. */
export const API_DIGEST = `sha256:${'5fab8ae4'.repeat(8)}`;
/** Another build of the same repository. */
export const NEXT_API_DIGEST = `sha256:${'0bb1e2c3'.repeat(8)}`;
/** The image purl of `ghcr.io/acme/api` at {@link API_DIGEST}, as Trivy and vexctl write it. */
export const API_PURL = `pkg:oci/api@${API_DIGEST.replace(
  ':',
  '%3A',
)}?repository_url=ghcr.io%2Facme%2Fapi`;

/** A scan of `ghcr.io/acme/api` at `digest` with `findings` findings (see makeVulnerability). */
export function apiScan(
  findings: number,
  options: { digest?: string; generatedAt?: string } = {},
) {
  const digest = options.digest ?? API_DIGEST;
  return makeScan(findings, {
    artifact: {
      name: 'ghcr.io/acme/api:1.4.2',
      digests: [`ghcr.io/acme/api@${digest}`],
    },
    generatedAt: options.generatedAt ?? '2026-11-20T10:00:00.000Z',
    vulnerabilities: Array.from({ length: findings }, (_, i) =>
      makeVulnerability(i),
    ),
  });
}

/** A not_affected statement about CVE-2026-10001 (makeVulnerability(1), high) in the api image. */
export function vexStatement(
  overrides: Partial<AttributedVexStatement> = {},
): AttributedVexStatement {
  return {
    vulnerability: 'CVE-2026-10001',
    aliases: [],
    products: [API_PURL],
    subcomponents: [],
    status: 'not_affected',
    justification: 'vulnerable_code_not_in_execute_path',
    impactStatement: 'The parser is never given untrusted input.',
    actionStatement: null,
    timestamp: '2026-11-21T09:00:00.000Z',
    author: 'Acme Security <security@acme.example>',
    ...overrides,
  };
}

/** A parsed VEX upload for the test entity. */
export function vexWrite(
  statements: AttributedVexStatement[],
  overrides: Partial<VexWrite> = {},
): VexWrite {
  return {
    entityRef: TEST_ENTITY_REF,
    format: 'openvex',
    statements,
    sha256: 'e'.repeat(64),
    uploadedBy: 'user:default/security',
    now: new Date('2026-11-23T00:00:00Z'),
    ...overrides,
  };
}

/** `vuln_id (package) -> vex_status` of the entity's marked findings. */
export async function vexMarks(
  knex: Knex,
  entityRef = TEST_ENTITY_REF,
): Promise<Record<string, string>> {
  const rows = await knex('vulnerabilities')
    .where({ entity_ref: entityRef })
    .whereNotNull('vex_status')
    .orderBy('row_id')
    .select('vuln_id', 'package_name', 'vex_status');
  return Object.fromEntries(
    rows.map(r => [`${r.vuln_id} (${r.package_name})`, r.vex_status]),
  );
}
