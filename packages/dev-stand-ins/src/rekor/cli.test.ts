import { parseRekorCliArgs, runRekorCli } from './cli';
import { DSSE_UUID, ENTRIES_DIR } from './__testUtils__/harness';

describe('rekor CLI', () => {
  it('reads flags before environment variables', () => {
    expect(parseRekorCliArgs([], {})).toEqual({
      port: 3001,
      host: '127.0.0.1',
      entriesDir: undefined,
      publicKeyPath: undefined,
    });
    expect(
      parseRekorCliArgs(['--port=3100', '--entries=/tmp/e'], {
        POSTURE_REKOR_PORT: '3200',
        POSTURE_REKOR_ENTRIES: '/tmp/other',
      }),
    ).toMatchObject({ port: 3100, entriesDir: '/tmp/e' });
    expect(
      parseRekorCliArgs([], {
        POSTURE_REKOR_PORT: '3200',
        POSTURE_REKOR_ENTRIES: '/tmp/other',
      }),
    ).toMatchObject({ port: 3200, entriesDir: '/tmp/other' });
    expect(() => parseRekorCliArgs(['--bogus'], {})).toThrow(/unknown flag/);
    expect(() => parseRekorCliArgs(['--port=x'], {})).toThrow(/invalid port/);
  });

  it('starts a stand-in with the fixture entries and prints its URL', async () => {
    const lines: string[] = [];
    const server = await runRekorCli(
      ['--port=0', `--entries=${ENTRIES_DIR}`],
      {},
      line => lines.push(line),
    );
    try {
      expect(lines[0]).toMatch(
        /^Rekor stand-in listening on http:\/\/127\.0\.0\.1:\d+$/,
      );
      expect(lines[2]).toMatch(/^loaded 4 entries from .*\(skipped /);
      const res = await fetch(`${server.url}/api/v1/log/entries/${DSSE_UUID}`);
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
