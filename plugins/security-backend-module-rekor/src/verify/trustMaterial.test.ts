import fs from 'fs';
import os from 'os';
import path from 'path';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import {
  publicGoodRootPath,
  readRekorFixture,
} from '../__testUtils__/fixtures';
import { createTestSigstore } from '../testing/signedMaterial';
import { loadTrustMaterial, mergeTrustedRoots } from './trustMaterial';

describe('loadTrustMaterial', () => {
  it('loads the public-good root from a path and from its JSON alike', () => {
    const fromPath = loadTrustMaterial([publicGoodRootPath()]);
    const fromJson = loadTrustMaterial([
      readRekorFixture('keys/trusted_root-public-good.json'),
    ]);
    expect(fromPath.tlogs.length).toBeGreaterThan(0);
    expect(fromPath.certificateAuthorities.length).toBeGreaterThan(0);
    expect(fromPath.ctlogs.length).toBeGreaterThan(0);
    expect(fromPath.timestampAuthorities.length).toBeGreaterThan(0);
    expect(fromJson.tlogs.map(t => t.logID.toString('hex'))).toEqual(
      fromPath.tlogs.map(t => t.logID.toString('hex')),
    );
  });

  it('merges every list of several roots', async () => {
    const mock = await createTestSigstore();
    const publicGood = loadTrustMaterial([publicGoodRootPath()]);
    const merged = loadTrustMaterial([publicGoodRootPath(), mock.trustedRoot]);
    expect(merged.tlogs).toHaveLength(publicGood.tlogs.length + 1);
    expect(merged.certificateAuthorities).toHaveLength(
      publicGood.certificateAuthorities.length + 1,
    );
    expect(merged.ctlogs).toHaveLength(publicGood.ctlogs.length + 1);
    expect(merged.timestampAuthorities).toHaveLength(
      publicGood.timestampAuthorities.length,
    );
    expect(merged.tlogs.map(t => t.baseURL)).toContain(
      'https://rekor.posture.test',
    );
  });

  it('counts an authority listed twice once', () => {
    const once = loadTrustMaterial([publicGoodRootPath()]);
    const twice = loadTrustMaterial([
      publicGoodRootPath(),
      publicGoodRootPath(),
    ]);
    expect(twice.tlogs).toHaveLength(once.tlogs.length);
    expect(twice.certificateAuthorities).toHaveLength(
      once.certificateAuthorities.length,
    );
  });

  it('keeps each authority’s validity period from its own root', () => {
    const root = TrustedRoot.fromJSON(
      readRekorFixture('keys/trusted_root-public-good.json'),
    );
    const merged = mergeTrustedRoots([root]);
    expect(TrustedRoot.toJSON(merged)).toEqual(TrustedRoot.toJSON(root));
  });

  it.each([
    ['no roots', []],
    ['a file that is missing', ['/nonexistent/trusted_root.json']],
    [
      'a document that is not a trusted root',
      [{ mediaType: 'application/json' }],
    ],
    [
      'a bundle passed by mistake',
      [readRekorFixture('bundles/dsse-slsa-provenance-v0.3.sigstore.json')],
    ],
  ])('rejects %s', (_what, sources) => {
    expect(() => loadTrustMaterial(sources as never)).toThrow();
  });

  it('rejects a file that is not JSON', () => {
    const file = path.join(
      fs.mkdtempSync(path.join(os.tmpdir(), 'rekor-')),
      'root.json',
    );
    fs.writeFileSync(file, 'not json');
    expect(() => loadTrustMaterial([file])).toThrow(/is not JSON/);
  });
});
