/*
 * yarn bench:signatures: how long offline verification takes per bundle, and how long a
 * Rekor pass over many entities takes against the local stand-in (HTTP on loopback, so this
 * measures Posture's own cost: search, fetch, rebuild, verify). Prints one table per part.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { createRekorStandIn } from '@posture/dev-stand-ins';
import { RekorClient } from '../src/pull/RekorClient';
import { RekorSignatureSource } from '../src/pull/RekorSignatureSource';
import { createTestSigstore } from '../src/testing/signedMaterial';
import { loadTrustMaterial } from '../src/verify/trustMaterial';
import { verifyBundle } from '../src/verify/verifyBundle';

const BUNDLES = Number(process.env.POSTURE_BENCH_BUNDLES ?? 200);
const ENTITIES = (process.env.POSTURE_BENCH_ENTITIES ?? '100,500')
  .split(',')
  .map(Number);
const signer = {
  issuer: 'https://token.actions.githubusercontent.com',
  subject:
    'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
};
const identities = [
  {
    issuer: signer.issuer,
    subjectPattern:
      'https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main',
  },
];
const digestOf = (i: number) => `sha256:${i.toString(16).padStart(64, '0')}`;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main() {
  const sigstore = await createTestSigstore();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-bench-'));
  const rootFile = path.join(dir, 'trusted_root.json');
  fs.writeFileSync(rootFile, JSON.stringify(sigstore.trustedRoot));
  const trust = loadTrustMaterial([rootFile]);

  // 1. Verification alone.
  const bundles = [];
  for (let i = 0; i < BUNDLES; i++) {
    bundles.push(await sigstore.attest({ subjectDigest: digestOf(i), signer }));
  }
  let start = process.hrtime.bigint();
  for (let i = 0; i < BUNDLES; i++) {
    const verdict = await verifyBundle(bundles[i], {
      trust,
      expectedDigest: digestOf(i),
      identities,
    });
    if (verdict.status !== 'verified') throw new Error(verdict.reason ?? '');
  }
  const total = ms(start);
  console.log(`| bundles | total | per bundle |`);
  console.log(`| ---: | ---: | ---: |`);
  console.log(
    `| ${BUNDLES} | ${Math.round(total)} ms | ${(total / BUNDLES).toFixed(
      2,
    )} ms |`,
  );

  // 2. A pull pass: one attestation per entity in the stand-in, no rate limit, four entities
  // at a time as the backend's SourceRunner does.
  console.log('\n| entities | pass | per entity | requests |');
  console.log('| ---: | ---: | ---: | ---: |');
  for (const count of ENTITIES) {
    const rekor = createRekorStandIn({
      publicKeyPem: sigstore.logPublicKeyPem,
    });
    for (let i = 0; i < count; i++) {
      const { logged } = await sigstore.attestWithEntry({
        subjectDigest: digestOf(i),
        signer,
      });
      rekor.state.add({ ...logged, subjectDigests: [digestOf(i)] });
    }
    const server = await rekor.start();
    const config = {
      baseUrl: server.url,
      searchUrl: 'https://search.test/?logIndex={logIndex}',
      requestsPerSecond: 1_000_000,
      timeoutMs: 10_000,
      retries: 0,
      maxEntriesPerDigest: 10,
      maxDigestsPerEntity: 1,
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 30 } },
    };
    const source = new RekorSignatureSource({
      client: new RekorClient(config),
      config,
      signing: { trustedRootNames: [rootFile], trust, identities },
    });
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'app' },
    };
    rekor.requestLog.clear();
    start = process.hrtime.bigint();
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const observation = await source.collect(entity, {
          signal: new AbortController().signal,
          knownDigests: [digestOf(i)],
          provisionedSecrets: [],
        });
        const [item] =
          observation.kind === 'signatures' ? observation.items : [];
        if (item?.status !== 'verified') {
          throw new Error(item?.reason ?? 'no verdict');
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    const pass = ms(start);
    console.log(
      `| ${count} | ${Math.round(pass)} ms | ${(pass / count).toFixed(
        2,
      )} ms | ${rekor.requestLog.entries().length} |`,
    );
    await server.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
