import { fixturesDir } from '@posture/dev-stand-ins';
import fc from 'fast-check';
import fs from 'fs';
import path from 'path';
import { parseJsonBody, type ParseJsonBodyOptions } from './parseJsonBody';

/*
 * The sliced path (@streamparser/json) against JSON.parse. Documents here are small, so the
 * threshold is lowered to reach that path, and slices are 7 characters to cross many
 * boundaries (inside strings, escapes, numbers and surrogate pairs).
 */

const sliced = { incrementalFromChars: 0, charsPerTurn: 7 };

/** What JSON.parse gives: the value, or that it refuses the text. */
function native(text: string): { value: unknown } | { refused: true } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { refused: true };
  }
}

/** The same for the sliced path; a refusal must be a SyntaxError that says where. */
async function incremental(
  text: string,
  charsPerTurn = sliced.charsPerTurn,
): Promise<{ value: unknown } | { refused: true }> {
  try {
    return { value: await parseJsonBody(text, { ...sliced, charsPerTurn }) };
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError);
    expect((error as Error).message).toMatch(
      /(absolute position "|at position )\d+/,
    );
    return { refused: true };
  }
}

/** The byte position a refusal names (the library's or the one added to its message). */
async function refusedAt(
  text: string,
  options: ParseJsonBodyOptions = sliced,
): Promise<number> {
  const error = await parseJsonBody(text, options).then(
    () => {
      throw new Error(`accepted ${JSON.stringify(text)}`);
    },
    e => e as Error,
  );
  expect(error).toBeInstanceOf(SyntaxError);
  const match = /(?:absolute position "|at position )(\d+)/.exec(error.message);
  expect(match).not.toBeNull();
  return Number(match![1]);
}

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

describe('parseJsonBody', () => {
  it('gives the value JSON.parse gives for any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(
        // any UTF-16 code unit in strings too: surrogates, U+FEFF, controls
        fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: 'binary' })),
        fc.constantFrom(undefined, 2, '\t'),
        async (value, indent) => {
          const text = JSON.stringify(value, null, indent);
          expect(await incremental(text)).toStrictEqual(native(text));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the value JSON.parse gives for every JSON file in fixtures/', async () => {
    const files = jsonFiles(fixturesDir());
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file, ...(await incremental(text, 4099)) }).toStrictEqual({
        file,
        ...native(text),
      });
    }
  });

  it('keeps what JSON.parse keeps of odd documents', async () => {
    const cases = [
      '{"a":1,"b":2,"a":3}', // duplicate keys: the last wins, in the first one's place
      '{"2":"x","1":"y","b":{"b":1,"b":[2]}}',
      '[1e400,-1e400,-0,0.1e-400,12345678901234567890123,9007199254740993]',
      // unicode escapes, a pair and lone surrogates (escaped), raw multi-byte characters
      '["\\u00e9\\ud83d\\ude00\\ud800\\u0000","\\udc00x\\ud800","\\"\\\\\\/\\b\\f\\n\\r\\t","😀é"]',
      // U+FEFF inside strings, raw and escaped, first and last in a slice
      '["\ufeff","\\ufeffx","a\ufeffb\ufeff","\\uFEFF",{"\ufeffk":"\ufeff\ufeff\ufeff"}]',
      // raw surrogate pairs across every slice boundary
      `"${'😀'.repeat(20)}a${'😀'.repeat(20)}"`,
      ' \r\n\t[ 1 , { } , [ ] , "" , true , false , null ] \n',
      '{"constructor":1,"toString":2,"hasOwnProperty":3}',
      '"\u007f"',
      '12',
      '-0',
    ];
    for (const text of cases) {
      expect({ text, ...(await incremental(text)) }).toStrictEqual({
        text,
        ...native(text),
      });
    }
    // -0 survives (toStrictEqual tells -0 from 0 only through Object.is).
    const numbers = (await parseJsonBody('[-0]', sliced)) as number[];
    expect(Object.is(numbers[0], -0)).toBe(true);
    expect(Object.is(await parseJsonBody('-0', sliced), -0)).toBe(true);
  });

  it('makes __proto__ an own property, as JSON.parse does, and pollutes no prototype', async () => {
    const text =
      '{"__proto__":{"polluted":true},"a":{"__proto__":[1]},"__proto__":{"polluted":2}}';
    const parsed = (await parseJsonBody(text, sliced)) as any;
    const expected = JSON.parse(text);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(parsed.a)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')).toEqual(
      Object.getOwnPropertyDescriptor(expected, '__proto__'),
    );
    expect(Object.keys(parsed)).toEqual(Object.keys(expected));
    expect(parsed.polluted).toBeUndefined();
    expect(({} as any).polluted).toBeUndefined();
  });

  it('parses 10,000 levels of nesting without overflowing the stack', async () => {
    const depth = 10_000;
    const text = `${'[{"a":'.repeat(depth)}1${'}]'.repeat(depth)}`;

    let value = await parseJsonBody(text, { incrementalFromChars: 0 });

    for (let level = 0; level < depth; level++) {
      expect(Array.isArray(value)).toBe(true);
      value = ((value as unknown[])[0] as { a: unknown }).a;
    }
    expect(value).toBe(1);
  });

  it('refuses 10,000 levels left open with a SyntaxError at the end of the body', async () => {
    const text = `{"x":${'['.repeat(10_000)}${']'.repeat(9_999)}`;
    expect(await refusedAt(text, { incrementalFromChars: 0 })).toBe(
      text.length,
    );
  });

  it.each([
    // [name, text, the byte position the refusal names]
    ['truncated', '{"components":[{"name":"a"},{"name":"b"', 39],
    ['truncated in a string', '{"components":[{"name":"abc', 27],
    ['truncated after a backslash', '["abc\\', 6],
    ['truncated in a literal', '[tru', 4],
    ['empty', '', 0],
    ['whitespace only', ' \n ', 3],
    ['trailing garbage', '{"bomFormat":"CycloneDX"} trailing', 26],
    ['a second document', '{"a":1}\n{"a":2}', 8],
    ['a bad escape', '{"name":"a\\x"}', 11],
    ['a bad unicode escape', '{"name":"\\u12g4"}', 13],
    ['a short unicode escape at the end', '"\\u12', 5],
    ['a control character in a string', '{"name":"a\u0001b"}', 10],
    ['a trailing comma in an object', '{"a":1,}', 7],
    ['a trailing comma in an array', '[1,2,]', 5],
    ['a missing colon', '{"a" 1}', 5],
    ['an unquoted key', '{a:1}', 1],
    ['single quotes', "{'a':1}", 1],
    ['a leading zero', '[01]', 2],
    ['a bare minus', '[-]', 2],
    ['a fraction without digits', '[1.]', 3],
    ['an exponent without digits', '[1e+]', 4],
    ['a hexadecimal number', '[0x10]', 2],
    ['NaN', 'NaN', 0],
    ['a byte order mark', '\ufeff{"a":1}', 0],
    ['a byte order mark after a bracket', '[ \ufeff1]', 2],
    ['a byte order mark after a value', '[1,\ufeff2]', 3],
    ['a mismatched bracket', '{"a":[1,2}', 9],
    ['a bad token after multi-byte characters', '{"a":"éé😀", b:1}', 17],
    ['line breaks before the problem', '{\r\n"a":1,\r\r\n\n"b" 2}', 17],
  ])(
    'refuses %s as JSON.parse does, naming where',
    async (_name, text, position) => {
      expect(native(text)).toEqual({ refused: true });
      expect(await refusedAt(text)).toBe(position);
      // The same in one slice: where the slices end does not move the position.
      expect(
        await refusedAt(text, { incrementalFromChars: 0, charsPerTurn: 1024 }),
      ).toBe(position);
    },
  );

  it('refuses exactly what JSON.parse refuses among corrupted documents', async () => {
    const corruption = fc.oneof(
      fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.constantFrom(
          ...'{}[],:"\\ -+.0123456789eEtfnux\u0000\u001f\n\r\t\ufeff'.split(''),
          'true',
          'null',
          '1e',
          '\\u',
        ),
      }),
      fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.json(), corruption, async (json, change) => {
        const at = change.at % (json.length + 1);
        let text: string;
        if (change.kind === 'truncate') {
          text = json.slice(0, at);
        } else if (change.kind === 'insert') {
          text = json.slice(0, at) + change.text + json.slice(at);
        } else {
          text = json.slice(0, at) + json.slice(at + 1);
        }
        expect(await incremental(text)).toStrictEqual(native(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('hands the event loop back while a 20 MB document is parsed', async () => {
    const body = JSON.stringify({
      bomFormat: 'CycloneDX',
      components: Array.from({ length: 400_000 }, (_, i) => ({
        type: 'library',
        name: `package-${i}`,
        version: `1.0.${i % 10}`,
      })),
    });
    expect(body.length).toBeGreaterThan(20_000_000);

    // Counts the turns of the event loop that run while `work` is under way.
    async function turnsDuring(work: () => Promise<unknown>) {
      let turns = 0;
      let running = true;
      const tick = () => {
        if (running) {
          turns++;
          setImmediate(tick);
        }
      };
      setImmediate(tick);
      const value = await work();
      running = false;
      return { turns, value };
    }

    const blocking = await turnsDuring(async () => JSON.parse(body));
    expect(blocking.turns).toBe(0);

    const yielding = await turnsDuring(() => parseJsonBody(body));
    // One turn per 256k characters at least: about 80 for this body.
    expect(yielding.turns).toBeGreaterThanOrEqual(
      Math.floor(body.length / (256 * 1024)) - 1,
    );
    // The same document back (a deep comparison of 400k objects would take seconds).
    expect(JSON.stringify(yielding.value)).toBe(body);
  }, 60_000);
});
