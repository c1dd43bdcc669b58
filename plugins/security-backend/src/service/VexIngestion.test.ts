import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import type {
  ParsedVexStatement,
  VexFormatHandler,
} from '@posture/backstage-plugin-security-node';
import type { PostureStore, VexWrite } from '../database/PostureStore';
import type { EntityResolver } from './EntityResolver';
import { ReportClock } from './ReportClock';
import { VexIngestion } from './VexIngestion';

const NOW = new Date('2026-12-01T12:00:00Z');
const DIGEST = `sha256:${'5fab8ae4'.repeat(8)}`;
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'api', namespace: 'default' },
};

function statement(
  overrides: Partial<ParsedVexStatement> = {},
): ParsedVexStatement {
  return {
    vulnerability: 'CVE-2026-10001',
    aliases: [],
    products: [`ghcr.io/acme/api@${DIGEST}`],
    subcomponents: [],
    status: 'fixed',
    justification: null,
    impactStatement: null,
    actionStatement: null,
    timestamp: '2026-11-30T00:00:00.000Z',
    author: 'Acme Security',
    ...overrides,
  };
}

function setup(stored = 1) {
  const writes: VexWrite[] = [];
  const resolveEntity = jest.fn(async () => entity);
  const authorize = jest.fn(async () => {});
  const store = {
    vex: {
      recordStatements: jest.fn(async (write: VexWrite) => {
        writes.push(write);
        return { statements: write.statements.length, stored, applied: 2 };
      }),
    },
  } as unknown as PostureStore;
  const ingestion = new VexIngestion({
    resolver: { resolveEntity } as unknown as EntityResolver,
    access: { authorize },
    store,
    clock: new ReportClock({ maxSkewMs: 5 * 60_000, now: () => NOW }),
    now: () => NOW,
  });
  const ingest = (
    statements: ParsedVexStatement[],
    entityRef?: string,
    uploadedBy: string | null = 'external:ci',
  ) => {
    const handler: VexFormatHandler = {
      format: 'openvex',
      detect: () => true,
      parse: () => ({ format: 'openvex', statements }),
    };
    return ingestion.ingest({
      handler,
      document: {},
      body: Buffer.from('{"vex":true}'),
      entityRef,
      credentials: mockCredentials.service(),
      uploadedBy,
    });
  };
  return { ingest, writes, resolveEntity, authorize };
}

describe('VexIngestion', () => {
  it('finds the entity by the image repositories the products name, then checks access', async () => {
    const { ingest, resolveEntity, authorize, writes } = setup();
    const result = await ingest([
      statement(),
      statement({
        products: [
          DIGEST,
          'pkg:oci/web@sha256%3A00?repository_url=ghcr.io/acme/web',
        ],
      }),
    ]);
    expect(resolveEntity).toHaveBeenCalledWith(
      ['ghcr.io/acme/api', 'ghcr.io/acme/web'],
      undefined,
      expect.anything(),
    );
    expect(authorize).toHaveBeenCalledWith(entity, expect.anything());
    expect(writes[0]).toMatchObject({
      entityRef: 'component:default/api',
      format: 'openvex',
      uploadedBy: 'external:ci',
      now: NOW,
    });
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({
      artifact: 'ghcr.io/acme/api',
      digest: DIGEST,
      findings: 2,
      generatedAt: '2026-11-30T00:00:00.000Z',
    });
  });

  it('accepts a statement within the clock skew and refuses one beyond it, naming it', async () => {
    const { ingest, writes } = setup();
    await expect(
      ingest([statement({ timestamp: '2026-12-01T12:04:00.000Z' })]),
    ).resolves.toMatchObject({ status: 201 });

    const refused = ingest([
      statement(),
      statement({
        vulnerability: 'CVE-2026-10002',
        timestamp: '2026-12-01T12:06:00.000Z',
      }),
    ]);
    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(refused).rejects.toThrow(
      'VEX statement 2 (CVE-2026-10002) is dated 2026-12-01T12:06:00.000Z, in the future (later than 2026-12-01T12:05:00.000Z, now plus the allowed clock skew): a statement cannot be made after it is uploaded; nothing was stored',
    );
    expect(writes).toHaveLength(1);
  });

  it('answers 200 unchanged when nothing was stored', async () => {
    const { ingest } = setup(0);
    const result = await ingest([statement()]);
    expect(result.status).toBe(200);
    expect(result.body.unchanged).toBe(true);
  });

  it('names the product as written when it is no image', async () => {
    const { ingest } = setup();
    const result = await ingest(
      [statement({ products: ['pkg:apk/wolfi/git@2.39.0-r1'] })],
      'component:default/api',
    );
    expect(result.body).toMatchObject({
      artifact: 'pkg:apk/wolfi/git@2.39.0-r1',
      digest: null,
    });
  });

  it("stores a statement whose document names no author as the uploader's, and keeps an author the document names", async () => {
    const { ingest, writes } = setup();
    await ingest([
      statement({ author: null }),
      statement({ vulnerability: 'CVE-2026-10002' }),
    ]);
    expect(writes[0].statements.map(s => s.author)).toEqual([
      'uploaded by external:ci',
      'Acme Security',
    ]);

    await ingest(
      [statement({ author: null })],
      undefined,
      'user:default/alice',
    );
    expect(writes[1].statements[0].author).toBe(
      'uploaded by user:default/alice',
    );
  });

  it('refuses a statement without author when the upload has no uploader of record', async () => {
    const { ingest, writes } = setup();
    const refused = ingest(
      [statement(), statement({ author: null })],
      undefined,
      null,
    );
    await expect(refused).rejects.toBeInstanceOf(InputError);
    await expect(refused).rejects.toThrow(
      'VEX statement 2 (CVE-2026-10001) names no author and the upload has no user or service to attribute it to: name an author in the document; nothing was stored',
    );
    expect(writes).toHaveLength(0);
    // With an author, no uploader is needed.
    await expect(ingest([statement()], undefined, null)).resolves.toMatchObject(
      { status: 201 },
    );
  });

  it('refuses a document without statements, or a statement without product', async () => {
    const { ingest } = setup();
    await expect(ingest([])).rejects.toThrow(
      'The openvex document has no statements: nothing was stored',
    );
    await expect(ingest([statement({ products: [] })])).rejects.toThrow(
      'VEX statement 1 (CVE-2026-10001) names no product: nothing was stored',
    );
  });
});
