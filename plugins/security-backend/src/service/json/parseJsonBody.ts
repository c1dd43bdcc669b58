import { JSONParser, TokenParserError } from '@streamparser/json';
import { setImmediate as nextTurn } from 'timers/promises';
import {
  keepByteOrderMarksInStrings,
  LeadingByteOrderMark,
} from './byteOrderMarks';

/**
 * Bodies from this many characters up are parsed in slices. Below it JSON.parse holds the
 * event loop for at most about 10 ms and is faster, so most uploads take the native path.
 */
export const INCREMENTAL_PARSE_FROM_CHARS = 1024 * 1024;

/** Characters handed to the parser per turn of the event loop: at most ~32 ms of work each. */
const CHARS_PER_TURN = 256 * 1024;

export interface ParseJsonBodyOptions {
  /** Parse in slices from this length up (tests lower it to reach the sliced path). */
  incrementalFromChars?: number;
  /** Characters per slice (tests lower it to cross many slice boundaries). */
  charsPerTurn?: number;
}

/**
 * `JSON.parse(document)` that never keeps the backend from answering health checks and reads
 * for long: a 50 MB body held the event loop for over a second in one JSON.parse call. Large
 * bodies go through @streamparser/json a slice at a time, which gives JSON.parse's value
 * (duplicate keys, -0, big numbers, escapes, `__proto__` as an own key, any depth without
 * recursion). Malformed JSON throws a SyntaxError naming the problem and where it is: V8's
 * words below the threshold, the library's above it, with positions counted in UTF-8 bytes.
 */
export async function parseJsonBody(
  document: string,
  options: ParseJsonBodyOptions = {},
): Promise<unknown> {
  const {
    incrementalFromChars = INCREMENTAL_PARSE_FROM_CHARS,
    charsPerTurn = CHARS_PER_TURN,
  } = options;
  if (document.length < incrementalFromChars) {
    return JSON.parse(document);
  }
  return parseInTurns(document, charsPerTurn);
}

async function parseInTurns(
  document: string,
  charsPerTurn: number,
): Promise<unknown> {
  const parser = new JSONParser({ paths: ['$'], keepStack: false });
  keepByteOrderMarksInStrings(parser);
  let root: { value: unknown } | undefined;
  parser.onValue = ({ value, stack }) => {
    if (stack.length === 0) root = { value };
  };
  // The token parser's errors ("Unexpected RIGHT_BRACE ...") do not say where; the last
  // token seen is the one it refused.
  let lastTokenAt = 0;
  parser.onToken = ({ offset }) => {
    lastTokenAt = offset;
  };
  const byteOrderMark = new LeadingByteOrderMark();

  // Whatever follows the root value is still written: the library refuses anything but
  // whitespace there, as JSON.parse does.
  for (let start = 0; start < document.length; start += charsPerTurn) {
    const slice = document.slice(start, start + charsPerTurn);
    const bom = byteOrderMark.find(slice);
    if (bom !== undefined) {
      throw new SyntaxError(
        `Unexpected byte order mark at position ${byteLength(
          document.slice(0, start + bom),
        )}`,
      );
    }
    try {
      parser.write(slice);
    } catch (error) {
      throw error instanceof TokenParserError
        ? new SyntaxError(`${error.message} at position ${lastTokenAt}`)
        : libraryError(error);
    }
    await nextTurn();
  }
  try {
    if (!parser.isEnded) parser.end();
  } catch (error) {
    // Only a body that stops early fails here ("ended in the middle of a token",
    // "ended in mid-parsing"): the problem is at its end.
    throw new SyntaxError(
      `${(error as Error).message} The body ends at position ${byteLength(
        document,
      )}.`,
    );
  }
  if (!root) {
    throw new SyntaxError(
      `Unexpected end of JSON input at position ${byteLength(
        document,
      )}: the body holds no JSON value`,
    );
  }
  return root.value;
}

/** The tokenizer's message, without its position in our slice (the absolute one stays). */
function libraryError(error: unknown): SyntaxError {
  return new SyntaxError(
    (error as Error).message.replace(/ at chunk position "\d+"/, ''),
  );
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
