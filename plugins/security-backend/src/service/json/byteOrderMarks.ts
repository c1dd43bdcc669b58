import type { JSONParser } from '@streamparser/json';

/*
 * @streamparser/json 0.0.26 treats U+FEFF (the byte order mark) unlike JSON.parse in two
 * ways, and a body must get the same answer whatever its size (small ones take JSON.parse):
 * it skips one before the first string, number or literal, where JSON.parse refuses it, and
 * its string decoder (a TextDecoder left to strip BOMs) drops every U+FEFF inside strings,
 * raw or escaped, which would store "lodash\ufeff" as "lodash".
 */

/** What may come before a document's first string, number or literal, besides a BOM. */
const NOT_STRUCTURE = /[^ \t\n\r{}[\],:\ufeff]/;

/**
 * Finds a BOM in the run of brackets, commas, colons and whitespace that opens a document,
 * a slice at a time. Past that run the library refuses BOMs outside strings itself.
 */
export class LeadingByteOrderMark {
  private pastLeadingRun = false;

  /** The index in `slice` of a BOM in the leading run, if there is one. */
  find(slice: string): number | undefined {
    if (this.pastLeadingRun) return undefined;
    const end = slice.search(NOT_STRUCTURE);
    const run = end === -1 ? slice : slice.slice(0, end);
    this.pastLeadingRun = end !== -1;
    const at = run.indexOf('\ufeff');
    return at === -1 ? undefined : at;
  }
}

/**
 * Makes the parser's string decoder keep U+FEFF. The library offers no option for it, so
 * this replaces a private field of the pinned version; parseJsonBody.test.ts fails if an
 * upgrade moves it.
 */
export function keepByteOrderMarksInStrings(parser: JSONParser): void {
  const strings = (parser as any).tokenizer?.bufferedString;
  if (strings && 'decoder' in strings) {
    strings.decoder = new TextDecoder('utf-8', {
      fatal: true,
      ignoreBOM: true,
    });
  }
}
