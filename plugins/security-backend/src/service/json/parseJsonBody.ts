import { parseJsonIncrementally } from './parseJsonIncrementally';

/**
 * Bodies from this many characters up are parsed incrementally. Below it JSON.parse holds the
 * event loop for at most about 10 ms and is faster, so most uploads take the native path.
 */
export const INCREMENTAL_PARSE_FROM_CHARS = 1024 * 1024;

/**
 * `JSON.parse(document)` (the same value, or a SyntaxError with the same message) that never
 * keeps the backend from answering health checks and reads for long: a 50 MB body held the
 * event loop for over a second in one JSON.parse call.
 */
export async function parseJsonBody(document: string): Promise<unknown> {
  if (document.length < INCREMENTAL_PARSE_FROM_CHARS) {
    return JSON.parse(document);
  }
  return parseJsonIncrementally(document);
}
