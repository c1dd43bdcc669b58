import { setImmediate as nextTurn } from 'timers/promises';
import {
  JsonProblem,
  jsonProblemAt,
  unexpectedAt,
  type JsonProblemMessage,
} from './jsonSyntaxError';

/**
 * Characters parsed between two yields to the event loop. The parser reads about 50 to 100
 * MB/s here, so a slice costs a few milliseconds: health checks and reads get in between.
 */
export const DEFAULT_CHARS_PER_TURN = 256 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isHexDigit(c: number): boolean {
  return (
    isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66) // A-F, a-f
  );
}

/** The characters that may follow a backslash, besides u. */
const SIMPLE_ESCAPES = new Set([...'"\\/bfnrt'].map(c => c.charCodeAt(0)));

type JsonObject = Record<string, unknown>;

/**
 * One pass over the text, a value at a time, with the open arrays and objects on an explicit
 * stack instead of the call stack (so depth costs memory, not stack, as in V8's parser).
 * Positions and messages of errors follow V8's `JSON.parse`.
 */
class Cursor {
  pos = 0;

  constructor(readonly text: string) {}

  peek(): number {
    return this.text.charCodeAt(this.pos);
  }

  skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      // space, \t, \n, \r: the only whitespace JSON has
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
        pos++;
      } else {
        break;
      }
    }
    this.pos = pos;
  }

  fail(problem: JsonProblemMessage, at = this.pos): never {
    throw jsonProblemAt(this.text, at, problem);
  }

  expect(char: number, problem: JsonProblemMessage): void {
    this.skipWhitespace();
    if (this.peek() !== char) {
      this.fail(problem);
    }
    this.pos++;
  }

  /** A property name: a string must come next, or `problem` is reported. */
  key(problem: JsonProblemMessage): string {
    this.skipWhitespace();
    if (this.peek() !== QUOTE) {
      this.fail(problem);
    }
    const key = this.string();
    this.expect(COLON, JsonProblem.expectedColon);
    return key;
  }

  /** The string starting at the current quote. */
  string(): string {
    const text = this.text;
    const start = this.pos;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      if (i >= text.length) {
        this.fail(JsonProblem.unterminatedString, text.length);
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        break;
      }
      if (c === BACKSLASH) {
        escaped = true;
        i++;
        if (i >= text.length) {
          throw unexpectedAt(text, i);
        }
        const e = text.charCodeAt(i);
        if (e === 0x75 /* u */) {
          for (let k = 1; k <= 4; k++) {
            if (!isHexDigit(text.charCodeAt(i + k))) {
              this.fail(JsonProblem.badUnicodeEscape, i + k);
            }
          }
          i += 5;
        } else if (SIMPLE_ESCAPES.has(e)) {
          i++;
        } else {
          this.fail(JsonProblem.badEscapedCharacter, i);
        }
      } else if (c < 0x20) {
        this.fail(JsonProblem.badControlCharacter, i);
      } else {
        i++;
      }
    }
    this.pos = i + 1;
    // Escapes checked above, so the native parser decodes them exactly as JSON.parse would.
    return escaped
      ? (JSON.parse(text.slice(start, i + 1)) as string)
      : text.slice(start + 1, i);
  }

  number(): number {
    const text = this.text;
    const start = this.pos;
    let i = start;
    if (text.charCodeAt(i) === MINUS) {
      i++;
      if (!isDigit(text.charCodeAt(i))) {
        this.fail(JsonProblem.noNumberAfterMinus, i);
      }
    }
    if (text.charCodeAt(i) === ZERO) {
      i++;
      if (isDigit(text.charCodeAt(i))) {
        this.fail(JsonProblem.unexpectedNumber, i);
      }
    } else {
      while (isDigit(text.charCodeAt(i))) i++;
    }
    if (text.charCodeAt(i) === DOT) {
      i++;
      if (!isDigit(text.charCodeAt(i))) {
        this.fail(JsonProblem.unterminatedFraction, i);
      }
      while (isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 0x65 || e === 0x45 /* e, E */) {
      i++;
      const sign = text.charCodeAt(i);
      if (sign === PLUS || sign === MINUS) i++;
      if (!isDigit(text.charCodeAt(i))) {
        this.fail(JsonProblem.exponentWithoutNumber, i);
      }
      while (isDigit(text.charCodeAt(i))) i++;
    }
    this.pos = i;
    // The grammar is checked; Number() converts a JSON number literal as JSON.parse does.
    return Number(text.slice(start, i));
  }

  literal<T>(word: string, value: T): T {
    const text = this.text;
    for (let k = 1; k < word.length; k++) {
      const at = this.pos + k;
      if (text.charCodeAt(at) !== word.charCodeAt(k)) {
        throw unexpectedAt(text, at);
      }
    }
    this.pos += word.length;
    return value;
  }
}

/** Sets a property as JSON.parse does: `__proto__` becomes an own key, not the prototype. */
function setProperty(object: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  } else {
    object[key] = value;
  }
}

/** Returned by `openOrRead` when it opened a container instead of reading a whole value. */
const OPENED = Symbol('opened');

/** The open arrays and objects, innermost last; for objects, the key being read. */
class Containers {
  private readonly open: Array<unknown[] | JsonObject> = [];
  private readonly keys: string[] = [];
  /** The whole document, once `place` has returned true. */
  result: unknown;

  constructor(private readonly cursor: Cursor) {}

  /** Reads a primitive or an empty container, or opens a container and returns OPENED. */
  openOrRead(): unknown {
    const cursor = this.cursor;
    cursor.skipWhitespace();
    const c = cursor.peek();
    switch (c) {
      case QUOTE:
        return cursor.string();
      case LBRACE:
        cursor.pos++;
        cursor.skipWhitespace();
        if (cursor.peek() === RBRACE) {
          cursor.pos++;
          return {};
        }
        this.keys.push(cursor.key(JsonProblem.expectedPropertyNameOrBrace));
        this.open.push({});
        return OPENED;
      case LBRACKET:
        cursor.pos++;
        cursor.skipWhitespace();
        if (cursor.peek() === RBRACKET) {
          cursor.pos++;
          return [];
        }
        this.keys.push('');
        this.open.push([]);
        return OPENED;
      case 0x74 /* t */:
        return cursor.literal('true', true);
      case 0x66 /* f */:
        return cursor.literal('false', false);
      case 0x6e /* n */:
        return cursor.literal('null', null);
      default:
        if (c === MINUS || isDigit(c)) {
          return cursor.number();
        }
        throw unexpectedAt(cursor.text, cursor.pos);
    }
  }

  /**
   * Puts a value read into its container and closes the containers that end after it.
   * Returns true when the document is complete (see `result`), false
   * when a comma says another value follows.
   */
  place(value: unknown): boolean {
    const cursor = this.cursor;
    let current = value;
    for (;;) {
      const depth = this.open.length;
      if (depth === 0) {
        cursor.skipWhitespace();
        if (cursor.pos < cursor.text.length) {
          cursor.fail(JsonProblem.nonWhitespaceAfterJson);
        }
        this.result = current;
        return true;
      }
      const container = this.open[depth - 1];
      const inArray = Array.isArray(container);
      if (inArray) {
        container.push(current);
      } else {
        setProperty(container, this.keys[depth - 1], current);
      }
      cursor.skipWhitespace();
      const c = cursor.peek();
      if (c === COMMA) {
        cursor.pos++;
        if (!inArray) {
          this.keys[depth - 1] = cursor.key(
            JsonProblem.expectedDoubleQuotedPropertyName,
          );
        }
        return false;
      }
      if (c !== (inArray ? RBRACKET : RBRACE)) {
        cursor.fail(
          inArray
            ? JsonProblem.expectedCommaOrBracket
            : JsonProblem.expectedCommaOrBrace,
        );
      }
      cursor.pos++;
      current = container;
      this.open.pop();
      this.keys.pop();
    }
  }
}

/**
 * `JSON.parse(text)`, the same value or the same SyntaxError message, without holding the
 * event loop: every `charsPerTurn` characters it waits for the next turn (setImmediate), so
 * I/O callbacks such as health checks run while a large upload is parsed.
 */
export async function parseJsonIncrementally(
  text: string,
  options: { charsPerTurn?: number } = {},
): Promise<unknown> {
  const charsPerTurn = options.charsPerTurn ?? DEFAULT_CHARS_PER_TURN;
  const cursor = new Cursor(text);
  const containers = new Containers(cursor);
  let nextTurnAt = charsPerTurn;
  for (;;) {
    const value = containers.openOrRead();
    if (value !== OPENED && containers.place(value)) {
      return containers.result;
    }
    if (cursor.pos >= nextTurnAt) {
      await nextTurn();
      nextTurnAt = cursor.pos + charsPerTurn;
    }
  }
}
