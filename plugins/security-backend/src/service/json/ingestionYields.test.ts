import { mockCredentials } from '@backstage/backend-test-utils';
import type { ReportFormatHandler } from '@posture/backstage-plugin-security-node';
import { ReportIngestionService } from '../ReportIngestionService';
import { INCREMENTAL_PARSE_FROM_CHARS } from './parseJsonBody';

/*
 * Item 2 of issue 10, through ReportIngestionService: while a large body is parsed, the
 * event loop keeps turning (health checks and reads are answered); a small one takes
 * JSON.parse's fast path. A format that recognises nothing records how many turns of the
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
  });

  it('parses a body under the threshold in one go', async () => {
    const service = serviceCountingTurns();
    const body = document(INCREMENTAL_PARSE_FROM_CHARS - 1000);
    expect(body.length).toBeLessThan(INCREMENTAL_PARSE_FROM_CHARS);

    expect(await service.ingest(body)).toBe(0);
  });
});
