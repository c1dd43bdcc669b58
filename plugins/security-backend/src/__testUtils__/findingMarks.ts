import type { Knex } from 'knex';

/**
 * Applies a VEX statement to an entity's findings of one vulnerability as the VEX store does
 * (a statement row, then the findings pointing at it with its status), for tests of what
 * reads the marks. Answers the statement's id.
 */
export async function applyVexStatement(
  knex: Knex,
  statement: {
    entityRef: string;
    vulnId: string;
    status: 'not_affected' | 'affected' | 'fixed' | 'under_investigation';
    justification?: string | null;
    impactStatement?: string | null;
    author?: string;
    timestamp?: string;
    product?: string;
  },
): Promise<number> {
  const [row] = await knex('vex_statements')
    .insert({
      entity_ref: statement.entityRef,
      vuln_id: statement.vulnId.toUpperCase(),
      product:
        statement.product ?? 'pkg:oci/api?repository_url=ghcr.io/acme/api',
      product_repository: 'ghcr.io/acme/api',
      product_digest: null,
      subcomponent: '',
      status: statement.status,
      justification: statement.justification ?? null,
      impact_statement: statement.impactStatement ?? null,
      action_statement: null,
      author: statement.author ?? 'security@acme.example',
      statement_at: statement.timestamp ?? '2026-11-21T09:00:00.000Z',
      format: 'openvex',
      document_sha256: 'f'.repeat(64),
      uploaded_by: 'user:default/guest',
      ingested_at: '2026-11-21T09:05:00.000Z',
    })
    .returning('id');
  const id = Number(typeof row === 'object' ? row.id : row);
  await knex('vulnerabilities')
    .where({ entity_ref: statement.entityRef })
    .whereRaw('UPPER(vuln_id) = ?', [statement.vulnId.toUpperCase()])
    .update({ vex_statement_id: id, vex_status: statement.status });
  return id;
}
