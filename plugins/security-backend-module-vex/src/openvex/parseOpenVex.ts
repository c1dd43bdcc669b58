import { InputError } from '@backstage/errors';
import type {
  ParsedVex,
  ParsedVexStatement,
} from '@posture/backstage-plugin-security-node';
import { isJsonObject } from '../jsonObject';
import { parseWithSchema, refuse } from '../refusal';
import { productId, subcomponentId } from './products';
import {
  openVexDocumentSchema,
  type OpenVexDocument,
  type OpenVexStatement,
} from './schema';

const LABEL = 'OpenVEX document';

/**
 * Validates an OpenVEX document (v0.2.0, and v0.0.1 string forms) and reads its statements.
 * Any problem refuses the whole document with an `InputError` naming the JSON path.
 * @public
 */
export function parseOpenVex(document: unknown): ParsedVex {
  if (!isJsonObject(document)) {
    throw new InputError(`Invalid ${LABEL}: expected a JSON object`);
  }
  const parsed = parseWithSchema(openVexDocumentSchema, document, LABEL);
  return {
    format: 'openvex',
    statements: parsed.statements.flatMap((statement, index) =>
      readStatement(parsed, statement, index),
    ),
  };
}

function readStatement(
  document: OpenVexDocument,
  statement: OpenVexStatement,
  index: number,
): ParsedVexStatement[] {
  const path = ['statements', index];
  if (
    statement.status === 'not_affected' &&
    !statement.justification &&
    !statement.impact_statement
  ) {
    throw refuse(
      LABEL,
      [...path, 'justification'],
      'not_affected needs a justification or an impact_statement',
    );
  }
  // The spec's inheritance: the statement's own time, else the document's.
  const timestamp =
    statement.last_updated ?? statement.timestamp ?? document.timestamp;
  if (!timestamp) {
    throw refuse(
      LABEL,
      [...path, 'timestamp'],
      'no timestamp: neither the statement nor the document has one',
    );
  }
  const products = statement.products ?? [];
  if (products.length === 0) {
    throw refuse(
      LABEL,
      [...path, 'products'],
      'at least one product (the image the statement is about)',
    );
  }

  // Subcomponents belong to their product: products that list the same subcomponents make
  // one statement, so no product is limited by another's subcomponents.
  const groups = new Map<
    string,
    { products: string[]; subcomponents: string[] }
  >();
  products.forEach((product, p) => {
    const id = productId(product);
    if (!id) {
      throw refuse(
        LABEL,
        [...path, 'products', p],
        'a product needs an @id, identifiers or hashes',
      );
    }
    const subcomponents = (product.subcomponents ?? []).map((component, s) => {
      const subId = subcomponentId(component);
      if (!subId) {
        throw refuse(
          LABEL,
          [...path, 'products', p, 'subcomponents', s],
          'a subcomponent needs an @id or identifiers',
        );
      }
      return subId;
    });
    const unique = [...new Set(subcomponents)].sort();
    const key = JSON.stringify(unique);
    const group = groups.get(key) ?? { products: [], subcomponents: unique };
    if (!group.products.includes(id)) {
      group.products.push(id);
    }
    groups.set(key, group);
  });

  const name = statement.vulnerability.name;
  const aliases = [
    ...new Set(
      (statement.vulnerability.aliases ?? [])
        .map(alias => alias.trim())
        .filter(alias => alias && alias.toUpperCase() !== name.toUpperCase()),
    ),
  ];
  return [...groups.values()].map(group => ({
    vulnerability: name,
    aliases,
    products: group.products,
    subcomponents: group.subcomponents,
    status: statement.status,
    justification: statement.justification ?? null,
    impactStatement: statement.impact_statement ?? null,
    actionStatement: statement.action_statement ?? null,
    timestamp,
    // OpenVEX statements have no author of their own; `role` is not an author.
    author: document.author,
  }));
}
