/**
 * The messages V8's `JSON.parse` (Node 22) gives for a malformed document, rebuilt for the
 * incremental parser so a large upload is refused with the same words as a small one: the
 * uploader reads one kind of message whatever the size of the body.
 */

/** Messages that name a position; V8 appends " at position N (line L column C)". */
export const JsonProblem = {
  expectedPropertyNameOrBrace: "Expected property name or '}' in JSON",
  expectedDoubleQuotedPropertyName:
    'Expected double-quoted property name in JSON',
  expectedColon: "Expected ':' after property name in JSON",
  expectedCommaOrBrace: "Expected ',' or '}' after property value in JSON",
  expectedCommaOrBracket: "Expected ',' or ']' after array element in JSON",
  nonWhitespaceAfterJson: 'Unexpected non-whitespace character after JSON',
  unterminatedString: 'Unterminated string in JSON',
  badControlCharacter: 'Bad control character in string literal in JSON',
  badEscapedCharacter: 'Bad escaped character in JSON',
  badUnicodeEscape: 'Bad Unicode escape in JSON',
  noNumberAfterMinus: 'No number after minus sign in JSON',
  unterminatedFraction: 'Unterminated fractional number in JSON',
  exponentWithoutNumber: 'Exponent part is missing a number in JSON',
  unexpectedNumber: 'Unexpected number in JSON',
  unexpectedString: 'Unexpected string in JSON',
} as const;

export type JsonProblemMessage = (typeof JsonProblem)[keyof typeof JsonProblem];

/** Characters of context V8 shows either side of an unexpected token. */
const CONTEXT = 10;
/** Sources shorter than this are quoted whole. */
const MIN_LENGTH_FOR_CONTEXT = 2 * CONTEXT + 1;
/** Sources V8 names instead of pointing at a token (what String() of odd values gives). */
const SPECIAL_SOURCES = new Set([
  'NaN',
  'Infinity',
  'undefined',
  '[object Object]',
]);

/** Line and column as V8 counts them: \n, \r and \r\n each end a line. */
function lineAndColumn(text: string, position: number) {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position; i++) {
    let c = text.charCodeAt(i);
    if (c === 0x0d && i < position - 1 && text.charCodeAt(i + 1) === 0x0a) {
      i++;
      c = 0x0a;
    }
    if (c === 0x0d || c === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: 1 + position - lineStart };
}

/** A problem at a position, e.g. "Expected ':' after property name in JSON at position 4 (line 1 column 5)". */
export function jsonProblemAt(
  text: string,
  position: number,
  problem: JsonProblemMessage,
): SyntaxError {
  const { line, column } = lineAndColumn(text, position);
  return new SyntaxError(
    `${problem} at position ${position} (line ${line} column ${column})`,
  );
}

/**
 * What V8 says when a value was expected at `position` and something else is there: the end
 * of the input, a number or string where none may be, or any other character quoted with
 * the source around it.
 */
export function unexpectedAt(text: string, position: number): SyntaxError {
  if (position >= text.length) {
    return new SyntaxError('Unexpected end of JSON input');
  }
  const c = text.charCodeAt(position);
  if (c === 0x22) {
    return jsonProblemAt(text, position, JsonProblem.unexpectedString);
  }
  if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
    return jsonProblemAt(text, position, JsonProblem.unexpectedNumber);
  }
  if (SPECIAL_SOURCES.has(text)) {
    return new SyntaxError(`"${text}" is not valid JSON`);
  }
  const token = text[position];
  if (text.length < MIN_LENGTH_FOR_CONTEXT) {
    return new SyntaxError(
      `Unexpected token '${token}', "${text}" is not valid JSON`,
    );
  }
  if (position < CONTEXT) {
    return new SyntaxError(
      `Unexpected token '${token}', "${text.slice(
        0,
        position + CONTEXT,
      )}"... is not valid JSON`,
    );
  }
  if (position < text.length - CONTEXT) {
    return new SyntaxError(
      `Unexpected token '${token}', ..."${text.slice(
        position - CONTEXT,
        position + CONTEXT,
      )}"... is not valid JSON`,
    );
  }
  return new SyntaxError(
    `Unexpected token '${token}', ..."${text.slice(
      position - CONTEXT,
    )}" is not valid JSON`,
  );
}
