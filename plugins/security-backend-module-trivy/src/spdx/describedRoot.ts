import type { SpdxDocument } from './schema';

const DEFAULT_DOCUMENT_ID = 'SPDXRef-DOCUMENT';

/**
 * The SPDXID of the package the document is about (the image, repository or SRPM), or null.
 *
 * The described elements are the union of `documentDescribes` (SPDX 2.2 style), `DESCRIBES`
 * relationships from the document, and their inverse `DESCRIBED_BY`. Only a single described
 * package counts as the root: when a document describes several packages there is no single
 * subject, each is one of the things inventoried, so none is excluded.
 * @internal
 */
export function describedRootPackageId(document: SpdxDocument): string | null {
  const documentId = document.SPDXID || DEFAULT_DOCUMENT_ID;
  const described = new Set<string>(document.documentDescribes ?? []);
  for (const relationship of document.relationships ?? []) {
    if (
      relationship.relationshipType === 'DESCRIBES' &&
      relationship.spdxElementId === documentId
    ) {
      described.add(relationship.relatedSpdxElement);
    } else if (
      relationship.relationshipType === 'DESCRIBED_BY' &&
      relationship.relatedSpdxElement === documentId
    ) {
      described.add(relationship.spdxElementId);
    }
  }
  if (described.size !== 1) {
    return null;
  }
  const [root] = described;
  // A document may describe a file; then no package is the root.
  return (document.packages ?? []).some(p => p.SPDXID === root) ? root : null;
}
