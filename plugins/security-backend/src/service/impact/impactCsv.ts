import type { ImpactItem } from '@posture/backstage-plugin-security-common';
import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import { neutraliseCell } from '../scorecards/scorecardsCsv';

export const IMPACT_CSV_COLUMNS = [
  'entityRef',
  'title',
  'owner',
  'system',
  'lifecycle',
  'source',
  'id',
  'package',
  'installedVersion',
  'fixedVersion',
  'fixAvailable',
  'purl',
  'severity',
  'notAffected',
  'artifact',
];

function rows(item: ImpactItem): string[][] {
  return item.matches.map(match =>
    [
      item.entityRef,
      item.title,
      item.owner ?? '',
      item.system ?? '',
      item.lifecycle ?? '',
      match.source,
      match.id ?? '',
      match.packageName,
      match.installedVersion ?? '',
      match.fixedVersion ?? '',
      String(match.fixAvailable),
      match.purl ?? '',
      match.severity ?? '',
      String(match.notAffected),
      match.artifact ?? '',
    ].map(neutraliseCell),
  );
}

/**
 * The affected entities as CSV (RFC 4180, CRLF rows), one row per match under a header row;
 * every cell a spreadsheet would run as a formula is neutralised, as in the scorecards export
 * (package names and titles come from uploaded reports and catalog YAML). Pages are pulled as
 * the reader reads; an error destroys the stream with it.
 */
export function impactCsv(pages: AsyncIterable<ImpactItem[]>): Readable {
  const records = Readable.from(
    (async function* matchRows() {
      for await (const page of pages) {
        for (const item of page) {
          yield* rows(item);
        }
      }
    })(),
  );
  const csv = stringify({
    header: true,
    columns: IMPACT_CSV_COLUMNS,
    record_delimiter: 'windows',
  });
  return pipeline(records, csv, () => {
    // pipeline destroys both streams with the error; the reader of `csv` sees it.
  });
}
