import { fixturesDir } from '@posture/dev-stand-ins';
import fc from 'fast-check';
import fs from 'fs';
import path from 'path';
import { parseJsonIncrementally } from './parseJsonIncrementally';

/** What JSON.parse gives: the value or the error message. */
function native(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The same for the incremental parser, yielding every 7 characters to cross many turns. */
async function incremental(
  text: string,
): Promise<{ value: unknown } | { error: string }> {
  try {
    return { value: await parseJsonIncrementally(text, { charsPerTurn: 7 }) };
  } catch (error) {
    expect(error).toBeInstanceOf(SyntaxError);
    return { error: (error as Error).message };
  }
}

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsonFiles(full);
    return entry.name.endsWith('.json') ? [full] : [];
  });
}

describe('parseJsonIncrementally', () => {
  it('gives the value JSON.parse gives for any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue(),
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
      expect({ file, ...(await incremental(text)) }).toStrictEqual({
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
      '["\\u00e9\\ud83d\\ude00\\ud800\\u0000","\\"\\\\\\/\\b\\f\\n\\r\\t","😀é"]',
      ' \r\n\t[ 1 , { } , [ ] , "" , true , false , null ] \n',
      '{"constructor":1,"toString":2,"hasOwnProperty":3}',
      '"\u007f"',
    ];
    for (const text of cases) {
      expect(await incremental(text)).toStrictEqual(native(text));
    }
    // -0 survives (toStrictEqual tells -0 from 0 only through Object.is).
    const numbers = (await parseJsonIncrementally('[-0]')) as number[];
    expect(Object.is(numbers[0], -0)).toBe(true);
  });

  it('makes __proto__ an own property, as JSON.parse does, and pollutes no prototype', async () => {
    const text = '{"__proto__":{"polluted":true},"a":{"__proto__":[1]}}';
    const parsed = (await parseJsonIncrementally(text)) as any;
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

  it.each([
    ['truncated', '{"components":[{"name":"a"},{"name":"b"'],
    ['truncated in a string', '{"components":[{"name":"abc'],
    ['truncated after a backslash', '["abc\\'],
    ['truncated in a literal', '[tru'],
    ['empty', ''],
    ['whitespace only', ' \n '],
    ['trailing garbage', '{"bomFormat":"CycloneDX"} trailing'],
    ['a second document', '{"a":1}\n{"a":2}'],
    ['a bad escape', '{"name":"a\\x"}'],
    ['a bad unicode escape', '{"name":"\\u12g4"}'],
    ['a short unicode escape at the end', '"\\u12'],
    ['a control character in a string', '{"name":"a\u0001b"}'],
    ['a trailing comma in an object', '{"a":1,}'],
    ['a trailing comma in an array', '[1,2,]'],
    ['a missing colon', '{"a" 1}'],
    ['an unquoted key', '{a:1}'],
    ['single quotes', "{'a':1}"],
    ['a leading zero', '[01]'],
    ['a bare minus', '[-]'],
    ['a fraction without digits', '[1.]'],
    ['an exponent without digits', '[1e+]'],
    ['a hexadecimal number', '[0x10]'],
    ['NaN', 'NaN'],
    ['a byte order mark', '\ufeff{"a":1}'],
    ['a mismatched bracket', '{"a":[1,2}'],
    [
      'a long line with a bad token in the middle',
      `{"a":"${'x'.repeat(40)}", b: 1, "c":"${'y'.repeat(40)}"}`,
    ],
    ['a bad token near the end', `["${'x'.repeat(40)}", x]`],
    ['line breaks before the problem', '{\r\n"a":1,\r\r\n\n"b" 2}'],
  ])('refuses %s with the message JSON.parse gives', async (_name, text) => {
    const expected = native(text);
    expect(expected).toHaveProperty('error');
    expect(await incremental(text)).toStrictEqual(expected);
  });

  it('refuses any corrupted document with the message JSON.parse gives', async () => {
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

    const yielding = await turnsDuring(() => parseJsonIncrementally(body));
    // One turn per 256k characters at least: about 80 for this body.
    expect(yielding.turns).toBeGreaterThanOrEqual(
      Math.floor(body.length / (256 * 1024)) - 1,
    );
    // The same document back (a deep comparison of 400k objects would take seconds).
    expect(JSON.stringify(yielding.value)).toBe(body);
  });
});
