import { InputError } from '@backstage/errors';
import { parseVexProduct } from '@posture/backstage-plugin-security-common';
import type { AttributedVexStatement, VexWrite } from './PostureStore';
import { EARLIEST_STORABLE_TIME, LATEST_STORABLE_TIME } from './rows';
import { withoutNul, withoutNulOrNull } from './storableText';

/** A row of `vex_statements`, without its id. */
export interface VexStatementRow {
  entity_ref: string;
  vuln_id: string;
  product: string;
  product_repository: string | null;
  product_digest: string | null;
  subcomponent: string;
  status: string;
  justification: string | null;
  impact_statement: string | null;
  action_statement: string | null;
  author: string;
  statement_at: string;
  format: string;
  document_sha256: string;
  uploaded_by: string | null;
  ingested_at: string;
}

/** Rows to write, each with the index of the statement it comes from. */
export interface StatementRow {
  statement: number;
  row: VexStatementRow;
}

/** Bounded columns of `vex_statements` (see the exploitability migration). */
const MAX_LENGTH = {
  vulnerability: 255,
  product: 1024,
  repository: 512,
  subcomponent: 1024,
  author: 512,
  justification: 64,
} as const;

const MAX_UPLOADER_LENGTH = 255;

/** The key a newer statement replaces an older one under (the table's unique index). */
export function statementKey(
  row: Pick<VexStatementRow, 'vuln_id' | 'product' | 'subcomponent'>,
): string {
  return JSON.stringify([row.vuln_id, row.product, row.subcomponent]);
}

/**
 * The rows a VEX upload stores: one per (id or alias, product, subcomponent or none) of each
 * statement, so that a statement about `GHSA-...` with the alias `CVE-...` is found from a
 * finding known by either; a statement that names the same key twice keeps its newest (on a
 * tie, the later). Free text is kept without NUL characters (PostgreSQL refuses them); values
 * longer than their column, or times outside the storable years, are refused with an
 * InputError naming the statement and field, so nothing half-written and never a 500.
 */
export function vexStatementRows(write: VexWrite): StatementRow[] {
  const byKey = new Map<string, StatementRow>();
  write.statements.forEach((statement, index) => {
    for (const row of rowsOf(write, statement, index)) {
      const key = statementKey(row);
      const previous = byKey.get(key);
      if (
        !previous ||
        Date.parse(row.statement_at) >= Date.parse(previous.row.statement_at)
      ) {
        byKey.set(key, { statement: index, row });
      }
    }
  });
  return [...byKey.values()];
}

function rowsOf(
  write: VexWrite,
  statement: AttributedVexStatement,
  index: number,
): VexStatementRow[] {
  const field = (name: string, value: string, max: number): string => {
    const clean = withoutNul(value).trim();
    if (clean.length > max) {
      throw new InputError(
        `VEX statement ${index + 1} (${withoutNul(
          statement.vulnerability,
        ).slice(0, 64)}): ${name} is ${
          clean.length
        } characters long; at most ${max} are accepted`,
      );
    }
    return clean;
  };
  const refuse = (message: string) =>
    new InputError(
      `VEX statement ${index + 1} (${withoutNul(statement.vulnerability).slice(
        0,
        64,
      )}): ${message}`,
    );

  const millis = Date.parse(statement.timestamp);
  if (
    Number.isNaN(millis) ||
    millis < EARLIEST_STORABLE_TIME ||
    millis > LATEST_STORABLE_TIME
  ) {
    throw refuse(
      `timestamp "${withoutNul(statement.timestamp).slice(
        0,
        64,
      )}" is not a time from the years 1 to 9999`,
    );
  }
  const ids = [
    ...new Set(
      [statement.vulnerability, ...statement.aliases]
        .map((id, i) =>
          field(
            i === 0 ? 'vulnerability' : `alias ${i}`,
            id,
            MAX_LENGTH.vulnerability,
          ).toUpperCase(),
        )
        .filter(Boolean),
    ),
  ];
  if (ids.length === 0 || !withoutNul(statement.vulnerability).trim()) {
    throw refuse('the vulnerability id is empty');
  }
  const subcomponents = statement.subcomponents.length
    ? statement.subcomponents.map(s =>
        field('subcomponent', s, MAX_LENGTH.subcomponent),
      )
    : [''];
  const common = {
    entity_ref: write.entityRef,
    status: statement.status,
    justification: statement.justification
      ? field(
          'justification',
          statement.justification,
          MAX_LENGTH.justification,
        ) || null
      : null,
    impact_statement: withoutNulOrNull(statement.impactStatement),
    action_statement: withoutNulOrNull(statement.actionStatement),
    author: field('author', statement.author, MAX_LENGTH.author),
    statement_at: new Date(millis).toISOString(),
    format: write.format,
    document_sha256: write.sha256,
    uploaded_by:
      withoutNulOrNull(write.uploadedBy)?.slice(0, MAX_UPLOADER_LENGTH) ?? null,
    ingested_at: write.now.toISOString(),
  };
  if (!common.author) {
    throw refuse('the author is empty');
  }
  if (statement.products.length === 0) {
    throw refuse('it names no product');
  }

  const rows: VexStatementRow[] = [];
  for (const written of statement.products) {
    const product = field('product', written, MAX_LENGTH.product);
    if (!product) {
      throw refuse('a product is empty');
    }
    const image = parseVexProduct(product);
    if (image.repository && image.repository.length > MAX_LENGTH.repository) {
      throw refuse(
        `the image repository of product ${product.slice(0, 64)}... is ${
          image.repository.length
        } characters long; at most ${MAX_LENGTH.repository} are accepted`,
      );
    }
    for (const vulnId of ids) {
      for (const subcomponent of subcomponents) {
        rows.push({
          ...common,
          vuln_id: vulnId,
          product,
          product_repository: image.repository,
          product_digest: image.digest,
          subcomponent,
        });
      }
    }
  }
  return rows;
}
