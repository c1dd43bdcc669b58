import { mockServices } from '@backstage/backend-test-utils';
import type { SignatureObservation } from '@posture/backstage-plugin-security-node';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { makeScan } from '../__testUtils__/parsedReports';
import { DatabasePostureStore } from './DatabasePostureStore';

const databases = createTestDatabases();
const entityRef = 'component:default/api';
const now = new Date('2026-11-23T12:00:00Z');
const later = new Date('2026-11-23T13:00:00Z');
const current = 'sha256:aaaa';
const signer = {
  issuer: 'https://token.actions.githubusercontent.com',
  subject:
    'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main',
};

function verdict(
  overrides: Partial<SignatureObservation> = {},
): SignatureObservation {
  return {
    digest: current,
    status: 'verified',
    reason: null,
    signer,
    // Past 2^31: the public-good log's indexes do not fit an int.
    logIndex: 3_000_000_123,
    logUrl: 'https://search.sigstore.dev/?logIndex=3000000123',
    integratedTime: '2026-11-20T10:00:00.000Z',
    kind: 'attestation',
    predicateType: 'https://slsa.dev/provenance/v1',
    entries: 1,
    ...overrides,
  };
}

describe.each(databases.eachSupportedId())('signatures on %s', id => {
  async function createStore() {
    const knex = await databases.init(id);
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    // The entity runs sha256:aaaa (its scan's digest).
    await store.reports.replaceReport({
      write: {
        entityRef,
        artifact: 'ghcr.io/acme/api',
        report: makeScan(0),
        sha256: 'a'.repeat(64),
        document: '{}',
        uploadedBy: null,
      },
    });
    return { knex, store };
  }

  it('stores a verified verdict with its log coordinates and summarises it', async () => {
    const { store } = await createStore();
    await store.signatures.applyObservations({
      entityRef: entityRef,
      source: 'rekor',
      observations: [verdict()],
      now: now,
    });
    const [item] = await store.signatures.list({ entityRef: entityRef });
    expect(item).toEqual({
      ...verdict(),
      source: 'rekor',
      checkedAt: now.toISOString(),
      stale: false,
      error: null,
    });
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.signature).toMatchObject({
      status: 'verified',
      signer,
      digest: current,
      logIndex: 3_000_000_123,
      stale: false,
    });
    // Clean scan and verified signature pass; only the absent SBOM fails: 110 of 120.
    expect(posture?.score).toBe(92);
    expect(posture?.checks.find(c => c.check === 'signature')?.status).toBe(
      'pass',
    );
  });

  it('grades an unsigned image and lists the verdict', async () => {
    const { store } = await createStore();
    await store.signatures.applyObservations({
      entityRef: entityRef,
      source: 'rekor',
      observations: [
        verdict({
          status: 'unsigned',
          signer: null,
          logIndex: null,
          entries: 0,
        }),
      ],
      now: now,
    });
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.signature?.status).toBe('unsigned');
    // The signature check (20) fails, as does the SBOM (10): 90 of 120.
    expect(posture?.score).toBe(75);
    expect(posture?.checks.find(c => c.check === 'signature')).toMatchObject({
      status: 'fail',
      target: 'signature',
    });
  });

  it('keeps the last verdict, stale with the error, when the log fails', async () => {
    const { store } = await createStore();
    await store.signatures.applyObservations({
      entityRef: entityRef,
      source: 'rekor',
      observations: [verdict()],
      now: now,
    });
    await store.signatures.markStale({
      entityRef: entityRef,
      source: 'rekor',
      error: 'Rekor at http://127.0.0.1:3001 is unreachable: ECONNREFUSED',
      now: later,
    });
    const [item] = await store.signatures.list({ entityRef: entityRef });
    expect(item).toMatchObject({
      status: 'verified',
      stale: true,
      checkedAt: now.toISOString(),
      error: 'Rekor at http://127.0.0.1:3001 is unreachable: ECONNREFUSED',
    });
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.signature).toMatchObject({
      status: 'verified',
      stale: true,
    });
    expect(posture?.reasons.map(r => r.check)).toEqual([
      'sbom',
      'signature-stale',
    ]);

    // The next good pass clears it.
    await store.signatures.applyObservations({
      entityRef: entityRef,
      source: 'rekor',
      observations: [verdict()],
      now: later,
    });
    expect(
      (await store.summaries.get({ entityRef: entityRef }))?.signature?.stale,
    ).toBe(false);
  });

  it('says unknown, with the error, when the log was never reached', async () => {
    const { store } = await createStore();
    await store.signatures.markStale({
      entityRef: entityRef,
      source: 'rekor',
      error: 'Rekor answered 503',
      now: now,
    });
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.signature).toMatchObject({
      status: 'unknown',
      digest: current,
      reason: 'Rekor answered 503',
    });
  });

  it('keeps an earlier verdict for a digest the source could not check this time', async () => {
    const { store } = await createStore();
    await store.signatures.applyObservations({
      entityRef: entityRef,
      source: 'rekor',
      observations: [verdict()],
      now: now,
    });
    await store.signatures.applyObservations({
      entityRef: entityRef,
      source: 'rekor',
      observations: [
        verdict({ status: 'unknown', reason: 'Rekor answered 429 four times' }),
      ],
      now: later,
    });
    const [item] = await store.signatures.list({ entityRef: entityRef });
    expect(item).toMatchObject({
      status: 'verified',
      stale: true,
      error: 'Rekor answered 429 four times',
    });
  });

  it('does not let a later bad upload demote a verified digest', async () => {
    const { store } = await createStore();
    const first = await store.signatures.recordUpload({
      entityRef: entityRef,
      observation: verdict(),
      now: now,
    });
    expect(first.replaced).toBe(true);
    const second = await store.signatures.recordUpload({
      entityRef: entityRef,
      observation: verdict({
        status: 'invalid',
        reason: 'digest mismatch',
        signer: null,
      }),
      now: later,
    });
    expect(second).toMatchObject({
      replaced: false,
      item: { status: 'verified', source: 'upload' },
    });
    expect(
      (await store.summaries.get({ entityRef: entityRef }))?.signature?.status,
    ).toBe('verified');
  });

  it('summarises the best verdict across sources for the current digest only', async () => {
    const { store } = await createStore();
    await store.signatures.applyObservations({
      entityRef: entityRef,
      source: 'rekor',
      observations: [
        verdict({ status: 'invalid', reason: 'TLOG_BODY_ERROR', signer: null }),
        verdict({ digest: 'sha256:0ld', status: 'verified' }),
      ],
      now: now,
    });
    expect(
      (await store.summaries.get({ entityRef: entityRef }))?.signature?.status,
    ).toBe('invalid');
    await store.signatures.recordUpload({
      entityRef: entityRef,
      observation: verdict(),
      now: later,
    });
    const posture = await store.summaries.get({ entityRef: entityRef });
    expect(posture?.signature).toMatchObject({
      status: 'verified',
      checkedAt: later.toISOString(),
    });
    expect(await store.signatures.list({ entityRef: entityRef })).toHaveLength(
      3,
    );
  });

  it('shows a new image digest as not checked yet instead of the old verdict', async () => {
    const { store } = await createStore();
    await store.signatures.applyObservations({
      entityRef: entityRef,
      source: 'rekor',
      observations: [verdict()],
      now: now,
    });
    await store.reports.replaceReport({
      write: {
        entityRef,
        artifact: 'ghcr.io/acme/api',
        report: makeScan(0, {
          artifact: {
            name: 'ghcr.io/acme/api:2.0',
            digests: ['ghcr.io/acme/api@sha256:bbbb'],
          },
          generatedAt: '2026-11-22T10:00:00.000Z',
        }),
        sha256: 'b'.repeat(64),
        document: '{}',
        uploadedBy: null,
      },
    });
    expect(
      (await store.summaries.get({ entityRef: entityRef }))?.signature,
    ).toMatchObject({
      status: 'unknown',
      digest: 'sha256:bbbb',
    });
  });
});
