import { InputError } from '@backstage/errors';
import type {
  KevCatalog,
  KevEntry,
} from '@posture/backstage-plugin-security-node';
import type { ZodIssue } from 'zod';
import { kevDocument, kevErrorMap, type KevDocumentEntry } from './kevSchema';

/**
 * Parses and validates a whole KEV catalog (the bytes of
 * `known_exploited_vulnerabilities.json`). Anything wrong anywhere refuses the whole
 * catalog with an `InputError` naming the JSON path, e.g.
 * `Invalid KEV catalog: vulnerabilities[12].dateAdded: expected YYYY-MM-DD`; nothing partial
 * is returned. A CVE listed twice keeps the entry added later (on a tie, the one further
 * down), which is what a reader of the catalog would take as current.
 */
export function parseKevCatalog(bytes: Buffer | string): KevCatalog {
  const text = (typeof bytes === 'string' ? bytes : bytes.toString('utf8'))
    // A byte order mark is valid UTF-8 but not valid JSON.
    .replace(/^\uFEFF/, '');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `Invalid KEV catalog: not JSON (${(error as Error).message})`,
    );
  }
  const result = kevDocument.safeParse(document, { errorMap: kevErrorMap });
  if (!result.success) {
    throw new InputError(
      `Invalid KEV catalog: ${describe(result.error.issues)}`,
    );
  }
  const catalog = result.data;
  return {
    catalogVersion: catalog.catalogVersion,
    dateReleased: new Date(catalog.dateReleased).toISOString(),
    entries: latestPerCve(catalog.vulnerabilities.map(toKevEntry)),
  };
}

function toKevEntry(entry: KevDocumentEntry): KevEntry {
  return {
    cveId: entry.cveID,
    vendorProject: entry.vendorProject,
    product: entry.product,
    vulnerabilityName: entry.vulnerabilityName,
    dateAdded: entry.dateAdded,
    dueDate: entry.dueDate,
    ransomware:
      entry.knownRansomwareCampaignUse?.trim().toLowerCase() === 'known',
    shortDescription: entry.shortDescription,
    requiredAction: entry.requiredAction,
    notes: entry.notes,
  };
}

/** One entry per CVE, in the order the CVEs first appear. */
function latestPerCve(entries: KevEntry[]): KevEntry[] {
  const byCve = new Map<string, KevEntry>();
  for (const entry of entries) {
    const kept = byCve.get(entry.cveId);
    // YYYY-MM-DD compares as text.
    if (!kept || entry.dateAdded >= kept.dateAdded) {
      byCve.set(entry.cveId, entry);
    }
  }
  return [...byCve.values()];
}

/** The first few problems with their paths; a log line shows the start, so the rest are counted. */
function describe(issues: readonly ZodIssue[]): string {
  const shown = issues.slice(0, 3).map(issue => {
    const path = formatPath(issue.path);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = issues.length - shown.length;
  return `${shown.join('; ')}${
    more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : ''
  }`;
}

/** `vulnerabilities[12].dateAdded`: the spelling a reader finds in the document. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else {
      out += out === '' ? segment : `.${segment}`;
    }
  }
  return out;
}
