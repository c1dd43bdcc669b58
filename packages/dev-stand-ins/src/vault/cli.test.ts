import { parseVaultCliArgs, runVaultCli } from './cli';

describe('vault CLI', () => {
  it('reads flags before environment variables', () => {
    expect(parseVaultCliArgs([], {})).toEqual({
      port: 8200,
      host: '127.0.0.1',
      rootToken: undefined,
      seed: true,
      catalogPath: undefined,
    });
    expect(
      parseVaultCliArgs(['--port=9000', '--no-seed'], {
        POSTURE_VAULT_PORT: '8300',
        POSTURE_VAULT_ROOT_TOKEN: 'root',
      }),
    ).toMatchObject({ port: 9000, seed: false, rootToken: 'root' });
    expect(() => parseVaultCliArgs(['--bogus'], {})).toThrow(/unknown flag/);
    expect(() => parseVaultCliArgs([], { POSTURE_VAULT_PORT: 'x' })).toThrow(
      /invalid port/,
    );
  });

  it('starts a seeded stand-in and prints its URL and root token', async () => {
    const lines: string[] = [];
    const server = await runVaultCli(
      ['--port=0', '--root-token=cli-root'],
      {},
      line => lines.push(line),
    );
    try {
      expect(lines[0]).toMatch(
        /^Vault stand-in listening on http:\/\/127\.0\.0\.1:\d+$/,
      );
      expect(lines).toContain('root token: cli-root');
      expect(lines).toContain(
        'provisioner token (creates secrets, static roles and read policies): hvs.posture-demo-provisioner-NOT-A-SECRET',
      );
      const res = await fetch(
        `${server.url}/v1/kv-payments/metadata/payments/`,
        {
          method: 'LIST',
          headers: { 'X-Vault-Token': 'cli-root' },
        },
      );
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });
});
