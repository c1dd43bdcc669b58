import { ConfigReader } from '@backstage/config';
import fs from 'fs';
import https from 'https';
import type { AddressInfo } from 'net';
import path from 'path';
import { readVaultConfig } from '../config';
import { VaultClient } from './VaultClient';

const tlsDir = path.join(__dirname, '..', 'testing', 'tls');

describe('security.vault.tlsCa', () => {
  let server: https.Server;
  let baseUrl: string;
  const clients: VaultClient[] = [];

  beforeAll(async () => {
    server = https.createServer(
      {
        cert: fs.readFileSync(path.join(tlsDir, 'cert.pem')),
        key: fs.readFileSync(path.join(tlsDir, 'key.pem')),
      },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ initialized: true, sealed: false }));
      },
    );
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await Promise.all(clients.map(c => c.close()));
    server.closeAllConnections();
    await new Promise(r => server.close(r));
  });

  function client(tlsCa?: string) {
    const config = readVaultConfig(
      new ConfigReader({
        security: {
          vault: {
            baseUrl,
            auth: { method: 'token', token: 'hvs.x' },
            retries: 0,
            ...(tlsCa ? { tlsCa } : {}),
          },
        },
      }),
    )!;
    const c = new VaultClient(config);
    clients.push(c);
    return c;
  }

  it('trusts Vault through the configured CA file', async () => {
    await expect(
      client(path.join(tlsDir, 'cert.pem')).checkHealth(),
    ).resolves.toMatchObject({ sealed: false });
  });

  it('refuses a certificate it was not told to trust', async () => {
    const error = await client()
      .checkHealth()
      .catch(e => e);
    expect(error.kind).toBe('network');
    expect(error.message).toMatch(/SELF_SIGNED|self.signed/i);
  });
});
