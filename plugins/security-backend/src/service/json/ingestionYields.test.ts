import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import type { ReportFormatHandler } from '@posture/backstage-plugin-security-node';
import { ReportIngestionService } from '../ReportIngestionService';
import { INCREMENTAL_PARSE_FROM_CHARS } from './parseJsonBody';

/*
 * Item 2 of issue 10, through ReportIngestionService: while a large body is parsed, the
 * event loop keeps turning (health checks and reads are answered); a small one takes
 * JSON.parse's fast path; a malformed large one is an InputError (400) saying what is wrong
 * and where. A format that recognises nothing records how many turns of the
 * loop had run by the time the parsed document reached it.
 */

function serviceCountingTurns() {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (running) {
      turns++;
      setImmediate(tick);
    }
  };
  const turnsAtDetect: number[] = [];
  const format: ReportFormatHandler = {
    format: 'trivy',
    detect() {
      turnsAtDetect.push(turns);
      return false;
    },
    parse() {
      throw new Error('never detected');
    },
  };
  const event = { success: async () => {}, fail: async () => {} };
  const service = new ReportIngestionService({
    formats: [format],
    resolver: {} as any,
    auth: {} as any,
    permissions: {} as any,
    auditor: { createEvent: async () => event } as any,
    store: {} as any,
  });
  return {
    service,
    async ingest(body: string) {
      turns = 0;
      running = true;
      setImmediate(tick);
      await expect(
        service.ingest({
          body: Buffer.from(body),
          credentials: mockCredentials.service(),
        }),
      ).rejects.toThrow('Unrecognised report');
      running = false;
      return turnsAtDetect.pop();
    },
  };
}

function document(chars: number): string {
  const entry = JSON.stringify({ type: 'library', name: 'package', v: '1' });
  const count = Math.ceil(chars / (entry.length + 1));
  return `[${Array.from({ length: count }, () => entry).join(',')}]`;
}

describe('ReportIngestionService parsing', () => {
  it('keeps the event loop turning while a 20 MB body is parsed', async () => {
    const service = serviceCountingTurns();
    const body = document(20 * 1024 * 1024);

    const turns = await service.ingest(body);

    // One turn per 256k characters parsed: about 80 for 20 MB.
    expect(turns).toBeGreaterThanOrEqual(60);
    // Under Jest the library runs several times slower than in plain Node (about 6 s
    // against 1.7 s for this body on the project's machine).
  }, 60_000);

  it('parses a body under the threshold in one go', async () => {
    const service = serviceCountingTurns();
    const body = document(INCREMENTAL_PARSE_FROM_CHARS - 1000);
    expect(body.length).toBeLessThan(INCREMENTAL_PARSE_FROM_CHARS);

    expect(await service.ingest(body)).toBe(0);
  });
});

describe('ReportIngestionService refusing large malformed bodies', () => {
  // Leading whitespace takes a document past the threshold without changing its meaning.
  const padding = ' '.repeat(INCREMENTAL_PARSE_FROM_CHARS);

  it.each([
    ['truncated', '{"components":[{"name":"a"},{"name":"b"', 39],
    ['followed by garbage', '{"a":1} trailing', 8],
    ['with a trailing comma', '{"a":[1,2,]}', 10],
    ['with a bad escape', '{"name":"a\\x"}', 11],
    ['with a raw control character in a string', '{"name":"a\u0001b"}', 10],
    ['with a byte order mark before the first value', '[\ufeff{"a":1}]', 1],
  ])(
    'refuses a body %s with an InputError naming the problem and where',
    async (_name, text, position) => {
      const { service } = serviceCountingTurns();
      const body = padding + text;

      const refusal = service.ingest({
        body: Buffer.from(body),
        credentials: mockCredentials.service(),
      });

      await expect(refusal).rejects.toThrow(InputError);
      await expect(refusal).rejects.toThrow(
        /^The report is not valid JSON: \S/,
      );
      await expect(refusal).rejects.toThrow(
        new RegExp(
          `(absolute position "|at position |ends at position )${
            padding.length + position
          }\\b`,
        ),
      );
    },
  );
});
