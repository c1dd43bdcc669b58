import request from 'supertest';
import { createVaultStandIn } from './createVaultStandIn';
import {
  frozenClock,
  Harness,
  ROOT,
  startHarness,
} from './__testUtils__/harness';

describe('KV v2 over HTTP', () => {
  let h: Harness;
  const clock = frozenClock();

  beforeEach(async () => {
    h = await startHarness({
      now: clock.now,
      kvMounts: ['secret', 'kv-payments'],
    });
    const payments = h.vault.state.kv.mount('kv-payments');
    payments.write('payments/gateway/db', { password: 'p1' });
    payments.write('payments/gateway/stripe-api-key', { api_key: 'k1' });
    payments.write('payments/ledger/db', { password: 'p2' });
  });

  afterEach(() => h.server.close());

  it('lists a folder with LIST, with or without the trailing slash', async () => {
    for (const path of [
      '/v1/kv-payments/metadata/payments/',
      '/v1/kv-payments/metadata/payments',
    ]) {
      const res = await h.call('LIST', path);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ keys: ['gateway/', 'ledger/'] });
    }
  });

  it('lists the same keys with GET ?list=true', async () => {
    const viaList = await h.call(
      'LIST',
      '/v1/kv-payments/metadata/payments/gateway',
    );
    const viaGet = await h.call(
      'GET',
      '/v1/kv-payments/metadata/payments/gateway/?list=true',
    );
    expect(viaGet.status).toBe(200);
    expect(viaGet.body.data).toEqual(viaList.body.data);
    expect(viaGet.body.data.keys).toEqual(['db', 'stripe-api-key']);
  });

  it('keeps keep-alive connections aligned when LIST follows a request with a body', async () => {
    await h.call('POST', '/v1/kv-payments/data/payments/new', {
      body: { data: { a: 'b' } },
    });
    const res = await h.call('LIST', '/v1/kv-payments/metadata/payments/');
    expect(res.body.data.keys).toEqual(['gateway/', 'ledger/', 'new']);
  });

  it('answers 404 with an empty errors array for a missing path or an empty list', async () => {
    const read = await h.call(
      'GET',
      '/v1/kv-payments/metadata/payments/nothing',
    );
    expect(read.status).toBe(404);
    expect(read.body).toEqual({ errors: [] });
    const list = await h.call('LIST', '/v1/kv-payments/metadata/nothing/');
    expect(list.status).toBe(404);
    expect(list.body).toEqual({ errors: [] });
    const data = await h.call('GET', '/v1/secret/data/nothing');
    expect(data).toMatchObject({ status: 404, body: { errors: [] } });
  });

  it('writes new versions, honouring check-and-set', async () => {
    const path = '/v1/kv-payments/data/payments/gateway/db';
    const ok = await h.call('PUT', path, {
      body: { data: { password: 'p3' }, options: { cas: 1 } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({
      version: 2,
      destroyed: false,
      deletion_time: '',
    });
    const stale = await h.call('POST', path, {
      body: { data: { password: 'p4' }, options: { cas: 1 } },
    });
    expect(stale.status).toBe(400);
    expect(stale.body).toEqual({
      errors: ['check-and-set parameter did not match the current version'],
    });
    const noData = await h.call('POST', path, { body: { options: {} } });
    expect(noData).toMatchObject({
      status: 400,
      body: { errors: ['no data provided'] },
    });
    const meta = await h.call(
      'GET',
      '/v1/kv-payments/metadata/payments/gateway/db',
    );
    expect(meta.body.data.current_version).toBe(2);
    expect(Object.keys(meta.body.data.versions)).toEqual(['1', '2']);
  });

  it('requires cas when the secret says so', async () => {
    await h.call('POST', '/v1/secret/metadata/locked', {
      body: { cas_required: true },
    });
    const res = await h.call('POST', '/v1/secret/data/locked', {
      body: { data: { a: 'b' } },
    });
    expect(res.body).toEqual({
      errors: ['check-and-set parameter required for this call'],
    });
    const withCas = await h.call('POST', '/v1/secret/data/locked', {
      body: { data: { a: 'b' }, options: { cas: 0 } },
    });
    expect(withCas.status).toBe(200);
  });

  it('updates custom_metadata and max_versions with POST metadata (204)', async () => {
    const path = '/v1/kv-payments/metadata/payments/ledger/db';
    const res = await h.call('POST', path, {
      body: {
        custom_metadata: { max_age: '30d' },
        max_versions: 2,
        delete_version_after: '1h',
      },
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    for (const value of ['a', 'b', 'c']) {
      await h.call('POST', '/v1/kv-payments/data/payments/ledger/db', {
        body: { data: { value } },
      });
    }
    const meta = await h.call('GET', path);
    expect(meta.body.data).toMatchObject({
      custom_metadata: { max_age: '30d' },
      max_versions: 2,
      current_version: 4,
      oldest_version: 3,
      delete_version_after: '1h0m0s',
    });
    expect(Object.keys(meta.body.data.versions)).toEqual(['3', '4']);
    expect(meta.body.data.versions['4'].deletion_time).toBe(
      '2025-06-01T13:00:00.000Z',
    );
  });

  it('answers a deleted or destroyed version with 404 and its metadata, no value', async () => {
    const kv = h.vault.state.kv.mount('kv-payments');
    kv.write('payments/gateway/db', { password: 'p-new' });
    const del = await h.call(
      'DELETE',
      '/v1/kv-payments/data/payments/gateway/db',
    );
    expect(del.status).toBe(204);
    const deleted = await h.call(
      'GET',
      '/v1/kv-payments/data/payments/gateway/db',
    );
    expect(deleted.status).toBe(404);
    expect(deleted.body.data).toEqual({
      data: null,
      metadata: expect.objectContaining({ version: 2, destroyed: false }),
    });
    expect(deleted.body.data.metadata.deletion_time).not.toBe('');

    const destroy = await h.call(
      'PUT',
      '/v1/kv-payments/destroy/payments/gateway/db',
      {
        body: { versions: [1] },
      },
    );
    expect(destroy.status).toBe(204);
    const destroyed = await h.call(
      'GET',
      '/v1/kv-payments/data/payments/gateway/db?version=1',
    );
    expect(destroyed.status).toBe(404);
    expect(destroyed.body.data.metadata.destroyed).toBe(true);
    expect(destroyed.text).not.toContain('p1');

    const meta = await h.call(
      'GET',
      '/v1/kv-payments/metadata/payments/gateway/db',
    );
    expect(meta.body.data.versions['1'].destroyed).toBe(true);
    expect(meta.body.data.versions['2'].deletion_time).not.toBe('');

    await h.call('POST', '/v1/kv-payments/undelete/payments/gateway/db', {
      body: { versions: [2] },
    });
    const back = await h.call(
      'GET',
      '/v1/kv-payments/data/payments/gateway/db',
    );
    expect(back.body.data.data).toEqual({ password: 'p-new' });
  });

  it('deletes all versions with DELETE metadata', async () => {
    const res = await h.call(
      'DELETE',
      '/v1/kv-payments/metadata/payments/ledger/db',
    );
    expect(res.status).toBe(204);
    const list = await h.call('LIST', '/v1/kv-payments/metadata/payments/');
    expect(list.body.data.keys).toEqual(['gateway/']);
  });

  it('answers paths outside the KV v2 API with 404 and a hint, like Vault', async () => {
    const res = await h.call('GET', '/v1/secret/foo');
    expect(res.status).toBe(404);
    expect(res.body.data).toBeNull();
    expect(res.body.warnings[0]).toMatch(
      /^Invalid path for a versioned K\/V secrets engine/,
    );
    const root = await h.call('GET', '/v1/secret/metadata');
    expect(root.body.warnings).toEqual([
      'Non-listing operations on the root of a K/V v2 mount are not supported.',
    ]);
  });

  it('refuses writes to a path ending in /', async () => {
    const res = await h.call('POST', '/v1/secret/data/folder/', {
      body: { data: { a: 1 } },
    });
    expect(res).toMatchObject({
      status: 400,
      body: { errors: ["cannot write to a path ending in '/'"] },
    });
  });

  it('answers a bad JSON body with 400', async () => {
    const res = await h.call('POST', '/v1/secret/data/x', {
      body: undefined,
      headers: { 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
    const broken = await fetch(`${h.server.url}/v1/secret/data/x`, {
      method: 'POST',
      headers: { 'X-Vault-Token': ROOT },
      body: '{"data": ',
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ errors: ['error parsing JSON'] });
  });

  it('applies JSON merge patches to the current version', async () => {
    const res = await fetch(
      `${h.server.url}/v1/kv-payments/data/payments/gateway/db`,
      {
        method: 'PATCH',
        headers: {
          'X-Vault-Token': ROOT,
          'Content-Type': 'application/merge-patch+json',
        },
        body: JSON.stringify({ data: { user: 'u' } }),
      },
    );
    expect(res.status).toBe(200);
    const read = await h.call(
      'GET',
      '/v1/kv-payments/data/payments/gateway/db',
    );
    expect(read.body.data.data).toEqual({ password: 'p1', user: 'u' });
    const wrongType = await h.call(
      'PATCH',
      '/v1/kv-payments/data/payments/gateway/db',
      {
        body: { data: {} },
      },
    );
    expect(wrongType.status).toBe(415);
  });
});

describe('the bare Express app (supertest)', () => {
  it('serves metadata and ?list=true without start()', async () => {
    const vault = createVaultStandIn({ rootToken: 'r' });
    vault.state.kv.mount('secret').write('team/app', { k: 'v' });
    const meta = await request(vault.app)
      .get('/v1/secret/metadata/team/app')
      .set('X-Vault-Token', 'r');
    expect(meta.status).toBe(200);
    expect(meta.body.data.current_version).toBe(1);
    const list = await request(vault.app)
      .get('/v1/secret/metadata/team?list=true')
      .set('X-Vault-Token', 'r');
    expect(list.body.data.keys).toEqual(['app']);
  });
});
