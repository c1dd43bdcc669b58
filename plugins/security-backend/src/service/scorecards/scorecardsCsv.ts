import type { ScorecardEntity } from '@posture/backstage-plugin-security-common';
import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';

export const CSV_COLUMNS = [
  'entityRef',
  'title',
  'kind',
  'owner',
  'system',
  'domain',
  'lifecycle',
  'grade',
  'score',
  'failingChecks',
  'exemptions',
  'updatedAt',
  'link',
  // Appended, so spreadsheets built on the earlier columns keep working.
  'kev',
  'highEpss',
];

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, or a leading tab or carriage
 * return that some strip first) gets a leading apostrophe, so it is shown as text. Catalog
 * titles and refs come from YAML anyone with a repository can write.
 */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function cells(entity: ScorecardEntity, link: string | null): string[] {
  return [
    entity.entityRef,
    entity.title,
    entity.kind,
    entity.owner ?? '',
    entity.system ?? '',
    entity.domain ?? '',
    entity.lifecycle ?? '',
    entity.grade ?? '',
    entity.score === null ? '' : String(entity.score),
    entity.failingChecks.join(' '),
    String(entity.exemptions),
    entity.updatedAt ?? '',
    link ?? '',
    String(entity.kev ?? 0),
    String(entity.highEpss ?? 0),
  ].map(neutraliseCell);
}

/**
 * The entities as CSV (RFC 4180: CRLF rows, fields with a comma, quote or line break quoted,
 * quotes doubled), one row each under a header row. Pages are pulled only as fast as the
 * reader reads, so a large export holds one page at a time; an error while reading destroys
 * the stream with it.
 */
export function scorecardsCsv(
  pages: AsyncIterable<ScorecardEntity[]>,
  linkOf: (entity: ScorecardEntity) => string | null,
): Readable {
  const rows = Readable.from(
    (async function* records() {
      for await (const page of pages) {
        for (const entity of page) {
          yield cells(entity, linkOf(entity));
        }
      }
    })(),
  );
  const csv = stringify({
    header: true,
    columns: CSV_COLUMNS,
    record_delimiter: 'windows',
  });
  return pipeline(rows, csv, () => {
    // pipeline destroys both streams with the error; the reader of `csv` sees it.
  });
}
