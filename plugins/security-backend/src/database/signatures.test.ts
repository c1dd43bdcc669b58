import { mockServices } from '@backstage/backend-test-utils';
import { gradePosture } from '@posture/backstage-plugin-security-common';
import type { SignatureObservation } from '@posture/backstage-plugin-security-node';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { makeScan } from '../__testUtils__/parsedReports';
import { DatabasePostureStore } from './DatabasePostureStore';
import type { PostureSections } from './PostureStore';

const databases = createTestDatabases();
const entityRef = 'component:default/api';
const now = new Date('2026-11-23T12:00:00Z');
const later = new Date('2026-11-23T13:00:00Z');
const grade = (sections: PostureSections) => gradePosture(sections, now);
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
    await store.replaceReport(
      {
        entityRef,
        artifact: 'ghcr.io/acme/api',
        report: makeScan(0),
        sha256: 'a'.repeat(64),
        document: '{}',
        uploadedBy: null,
      },
      grade,
    );
    return { knex, store };
  }

  it('stores a verified verdict with its log coordinates and summarises it', async () => {
    const { store } = await createStore();
    await store.applySignatureObservations(
      entityRef,
      'rekor',
      [verdict()],
      grade,
      now,
    );
    const [item] = await store.listSignatures(entityRef);
    expect(item).toEqual({
      ...verdict(),
      source: 'rekor',
      checkedAt: now.toISOString(),
      stale: false,
      error: null,
    });
    const posture = await store.getPosture(entityRef);
    expect(posture?.signature).toMatchObject({
      status: 'verified',
      signer,
      digest: current,
      logIndex: 3_000_000_123,
      stale: false,
    });
    expect(posture?.grade).toBe('A');
  });

  it('grades an unsigned image and lists the verdict', async () => {
    const { store } = await createStore();
    await store.applySignatureObservations(
      entityRef,
      'rekor',
      [
        verdict({
          status: 'unsigned',
          signer: null,
          logIndex: null,
          entries: 0,
        }),
      ],
      grade,
      now,
    );
    const posture = await store.getPosture(entityRef);
    expect(posture?.signature?.status).toBe('unsigned');
    expect(posture?.score).toBe(90);
    expect(posture?.reasons.map(r => r.check)).toContain('signature-missing');
  });

  it('keeps the last verdict, stale with the error, when the log fails', async () => {
    const { store } = await createStore();
    await store.applySignatureObservations(
      entityRef,
      'rekor',
      [verdict()],
      grade,
      now,
    );
    await store.markSourceFailed(
      entityRef,
      'rekor',
      'signatures',
      'Rekor at http://127.0.0.1:3001 is unreachable: ECONNREFUSED',
      grade,
      later,
    );
    const [item] = await store.listSignatures(entityRef);
    expect(item).toMatchObject({
      status: 'verified',
      stale: true,
      checkedAt: now.toISOString(),
      error: 'Rekor at http://127.0.0.1:3001 is unreachable: ECONNREFUSED',
    });
    const posture = await store.getPosture(entityRef);
    expect(posture?.signature).toMatchObject({
      status: 'verified',
      stale: true,
    });
    expect(posture?.reasons.map(r => r.check)).toEqual(['signature-stale']);

    // The next good pass clears it.
    await store.applySignatureObservations(
      entityRef,
      'rekor',
      [verdict()],
      grade,
      later,
    );
    expect((await store.getPosture(entityRef))?.signature?.stale).toBe(false);
  });

  it('says unknown, with the error, when the log was never reached', async () => {
    const { store } = await createStore();
    await store.markSourceFailed(
      entityRef,
      'rekor',
      'signatures',
      'Rekor answered 503',
      grade,
      now,
    );
    const posture = await store.getPosture(entityRef);
    expect(posture?.signature).toMatchObject({
      status: 'unknown',
      digest: current,
      reason: 'Rekor answered 503',
    });
  });

  it('keeps an earlier verdict for a digest the source could not check this time', async () => {
    const { store } = await createStore();
    await store.applySignatureObservations(
      entityRef,
      'rekor',
      [verdict()],
      grade,
      now,
    );
    await store.applySignatureObservations(
      entityRef,
      'rekor',
      [verdict({ status: 'unknown', reason: 'Rekor answered 429 four times' })],
      grade,
      later,
    );
    const [item] = await store.listSignatures(entityRef);
    expect(item).toMatchObject({
      status: 'verified',
      stale: true,
      error: 'Rekor answered 429 four times',
    });
  });

  it('does not let a later bad upload demote a verified digest', async () => {
    const { store } = await createStore();
    const first = await store.recordUploadedSignature(
      entityRef,
      verdict(),
      grade,
      now,
    );
    expect(first.replaced).toBe(true);
    const second = await store.recordUploadedSignature(
      entityRef,
      verdict({ status: 'invalid', reason: 'digest mismatch', signer: null }),
      grade,
      later,
    );
    expect(second).toMatchObject({
      replaced: false,
      item: { status: 'verified', source: 'upload' },
    });
    expect((await store.getPosture(entityRef))?.signature?.status).toBe(
      'verified',
    );
  });

  it('summarises the best verdict across sources for the current digest only', async () => {
    const { store } = await createStore();
    await store.applySignatureObservations(
      entityRef,
      'rekor',
      [
        verdict({ status: 'invalid', reason: 'TLOG_BODY_ERROR', signer: null }),
        verdict({ digest: 'sha256:0ld', status: 'verified' }),
      ],
      grade,
      now,
    );
    expect((await store.getPosture(entityRef))?.signature?.status).toBe(
      'invalid',
    );
    await store.recordUploadedSignature(entityRef, verdict(), grade, later);
    const posture = await store.getPosture(entityRef);
    expect(posture?.signature).toMatchObject({
      status: 'verified',
      checkedAt: later.toISOString(),
    });
    expect(await store.listSignatures(entityRef)).toHaveLength(3);
  });

  it('shows a new image digest as not checked yet instead of the old verdict', async () => {
    const { store } = await createStore();
    await store.applySignatureObservations(
      entityRef,
      'rekor',
      [verdict()],
      grade,
      now,
    );
    await store.replaceReport(
      {
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
      grade,
    );
    expect((await store.getPosture(entityRef))?.signature).toMatchObject({
      status: 'unknown',
      digest: 'sha256:bbbb',
    });
  });
});
