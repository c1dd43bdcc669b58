import type { Knex } from 'knex';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { from as copyFrom } from 'pg-copy-streams';

/** A value COPY writes in its text format; null and undefined are NULL. */
export type CopyValue = string | number | boolean | null | undefined;

const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** One field of COPY's text format (tab-separated, `\N` for NULL, backslash escapes). */
export function copyField(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  const text = typeof value === 'string' ? value : String(value);
  return SPECIAL.test(text) ? text.replace(SPECIALS, c => ESCAPES[c]) : text;
}

/** COPY's text-format line of a row's values, in column order. */
export function copyLine(values: readonly CopyValue[]): string {
  let line = copyField(values[0]);
  for (let i = 1; i < values.length; i++) {
    line += `\t${copyField(values[i])}`;
  }
  return `${line}\n`;
}

/**
 * Rows built and written to the COPY stream per turn of the event loop. A chunk's text (a few
 * hundred kB) is garbage the young generation collects cheaply; chunks of 10,000 rows
 * (several MB) survived into the old generation and cost major collections.
 */
export const COPY_ROWS_PER_CHUNK = 1_000;

async function* lines<S>(
  items: readonly S[],
  toValues: (item: S, index: number) => readonly CopyValue[],
  rowsPerChunk: number,
): AsyncGenerator<string> {
  for (let start = 0; start < items.length; start += rowsPerChunk) {
    if (start > 0) {
      await nextTurn();
    }
    let text = '';
    const end = Math.min(items.length, start + rowsPerChunk);
    for (let i = start; i < end; i++) {
      text += copyLine(toValues(items[i], i));
    }
    yield text;
  }
}

/**
 * PostgreSQL only: `COPY table (columns) FROM STDIN` on the transaction's connection, the rows
 * built and sent a chunk at a time with a turn of the event loop between chunks (as
 * insertInTurns does for its slices). COPY is PostgreSQL's fastest way in, and since the rows
 * stream, the server stores one chunk while the next is being built. A failure (a constraint, a bad value)
 * rejects, and the transaction rolls back as with any statement.
 */
export async function copyRows<S>(
  trx: Knex.Transaction,
  table: string,
  columns: readonly string[],
  items: readonly S[],
  toValues: (item: S, index: number) => readonly CopyValue[],
  rowsPerChunk: number = COPY_ROWS_PER_CHUNK,
): Promise<void> {
  if (items.length === 0) {
    return;
  }
  const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const sql = `COPY ${ident(table)} (${columns
    .map(ident)
    .join(', ')}) FROM STDIN`;
  // Inside a transaction knex hands out the transaction's own connection (a pg Client).
  const connection = await trx.client.acquireConnection();
  try {
    const sink = connection.query(copyFrom(sql));
    await pipeline(
      Readable.from(lines(items, toValues, rowsPerChunk), {
        objectMode: false,
      }),
      sink,
    );
  } finally {
    await trx.client.releaseConnection(connection);
  }
}
