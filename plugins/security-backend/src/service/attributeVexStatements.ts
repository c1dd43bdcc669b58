import { InputError } from '@backstage/errors';
import type { ParsedVexStatement } from '@posture/backstage-plugin-security-node';
import type { AttributedVexStatement } from '../database/PostureStore';

/**
 * Settles who vouches for each statement: its own author, else the uploader of record (the
 * authenticated caller of `POST /v1/reports`), as `uploaded by user:default/alice`. Real
 * CycloneDX VEX documents often name nobody; the "not affected" list must still say who
 * cleared a finding, and the words "uploaded by" keep it apart from an author the document
 * names.
 */
export function attributeVexStatements(
  statements: ParsedVexStatement[],
  uploadedBy: string | null,
): AttributedVexStatement[] {
  return statements.map((statement, index) => {
    if (statement.author !== null) {
      return { ...statement, author: statement.author };
    }
    if (!uploadedBy) {
      throw new InputError(
        `VEX statement ${index + 1} (${statement.vulnerability.slice(
          0,
          64,
        )}) names no author and the upload has no user or service to attribute it to: name an author in the document; nothing was stored`,
      );
    }
    return { ...statement, author: `uploaded by ${uploadedBy}` };
  });
}
