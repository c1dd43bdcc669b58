import { InputError } from '@backstage/errors';
import type { KevEntry } from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import { bulkInsert, type PostgresColumnTypes } from './bulkInsert';
import { fitColumn } from './exploitFeedRows';
import { withoutNul } from './storableText';

export const KEV_TABLE = 'kev_entries';

interface KevRow {
  cve_id: string;
  vendor_project: string;
  product: string;
  vulnerability_name: string;
  date_added: string;
  due_date: string | null;
  ransomware: boolean;
  short_description: string;
  required_action: string;
  notes: string;
}

const KEV_TYPES: PostgresColumnTypes<KevRow> = {
  cve_id: 'text',
  vendor_project: 'text',
  product: 'text',
  vulnerability_name: 'text',
  date_added: 'text',
  due_date: 'text',
  ransomware: 'boolean',
  short_description: 'text',
  required_action: 'text',
  notes: 'text',
};

/** A CVE id that fits cve_id (32 characters). */
export const STORABLE_CVE_ID = /^CVE-\d{4}-\d{4,23}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The catalog's entries as rows, or an InputError naming the first entry the table cannot
 * hold as it is (the feed module validates the catalog; this guards the keys and dates the
 * joins and the marks rely on, so a bad entry refuses the whole load instead of failing half
 * way with an SQL error). Free text is kept whole, names are cut to their columns.
 */
export function kevRows(entries: readonly KevEntry[]): KevRow[] {
  // The real catalog lists over a thousand: an empty one is a broken download.
  if (entries.length === 0) {
    throw new InputError('KEV catalog has no entries');
  }
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const where = `KEV entry ${index} (${JSON.stringify(entry.cveId).slice(
      0,
      60,
    )})`;
    if (!STORABLE_CVE_ID.test(entry.cveId)) {
      throw new InputError(`${where}: cveId is not an upper-case CVE id`);
    }
    if (seen.has(entry.cveId)) {
      throw new InputError(`${where}: the catalog lists this CVE twice`);
    }
    seen.add(entry.cveId);
    if (!DAY.test(entry.dateAdded)) {
      throw new InputError(`${where}: dateAdded is not YYYY-MM-DD`);
    }
    if (entry.dueDate !== null && !DAY.test(entry.dueDate)) {
      throw new InputError(`${where}: dueDate is not YYYY-MM-DD`);
    }
    return {
      cve_id: entry.cveId,
      vendor_project: fitColumn(entry.vendorProject, 255),
      product: fitColumn(entry.product, 255),
      vulnerability_name: withoutNul(entry.vulnerabilityName),
      date_added: entry.dateAdded,
      due_date: entry.dueDate,
      ransomware: entry.ransomware,
      short_description: withoutNul(entry.shortDescription),
      required_action: withoutNul(entry.requiredAction),
      notes: withoutNul(entry.notes),
    };
  });
}

/** Replaces every entry, inside the caller's transaction. */
export async function replaceKevEntries(
  trx: Knex.Transaction,
  rows: KevRow[],
): Promise<void> {
  await trx(KEV_TABLE).delete();
  await bulkInsert(trx, KEV_TABLE, rows, KEV_TYPES);
}
