import { InputError } from '@backstage/errors';
import { createTestStore, reportWrite } from '../__testUtils__/storeHarness';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import type { AttributedVexStatement } from './PostureStore';
import {
  API_PURL,
  apiScan,
  vexMarks,
  vexStatement,
  vexWrite,
} from '../__testUtils__/vexWrites';

/*
 * Values a VEX document may carry that PostgreSQL would refuse (500) where SQLite takes them:
 * each is stored the same on both, or refused with an InputError naming it, and a refused
 * upload stores nothing.
 */

const databases = createTestDatabases();
const now = new Date('2026-11-23T00:00:00Z');
const long = (n: number, c = 'x') => c.repeat(n);

describe.each(databases.eachSupportedId())('DatabaseVexStore on %s', id => {
  async function storeWithScan() {
    const harness = await createTestStore(databases, id);
    await harness.store.reports.replaceReport({
      write: reportWrite({ report: apiScan(5) }),
      now,
    });
    return harness;
  }

  it('stores what a statement says, once per id and alias', async () => {
    const { store, knex } = await storeWithScan();
    await store.vex.recordStatements(
      vexWrite([
        vexStatement({
          vulnerability: 'ghsa-jfh8-c2jp-5v3q',
          aliases: ['CVE-2021-44228'],
          subcomponents: ['pkg:npm/pkg-1@1.1.0'],
        }),
      ]),
    );
    const rows = await knex('vex_statements')
      .orderBy('vuln_id')
      .select(
        'entity_ref',
        'vuln_id',
        'product',
        'product_repository',
        'product_digest',
        'subcomponent',
        'status',
        'justification',
        'impact_statement',
        'author',
        'format',
        'document_sha256',
        'uploaded_by',
      );
    const common = {
      entity_ref: 'component:default/api',
      product: API_PURL,
      product_repository: 'ghcr.io/acme/api',
      product_digest: `sha256:${'5fab8ae4'.repeat(8)}`,
      subcomponent: 'pkg:npm/pkg-1@1.1.0',
      status: 'not_affected',
      justification: 'vulnerable_code_not_in_execute_path',
      impact_statement: 'The parser is never given untrusted input.',
      author: 'Acme Security <security@acme.example>',
      format: 'openvex',
      document_sha256: 'e'.repeat(64),
      uploaded_by: 'user:default/security',
    };
    expect(rows).toEqual([
      { ...common, vuln_id: 'CVE-2021-44228' },
      { ...common, vuln_id: 'GHSA-JFH8-C2JP-5V3Q' },
    ]);
  });

  it('stores text with NUL characters without them', async () => {
    const { store, knex } = await storeWithScan();
    const result = await store.vex.recordStatements(
      vexWrite([
        vexStatement({
          author: 'Acme\u0000 Security',
          justification: 'vulnerable_code_not_present\u0000',
          impactStatement: 'Not\u0000 reachable',
          actionStatement: '\u0000Upgrade',
        }),
      ]),
    );
    expect(result).toEqual({ statements: 1, stored: 1, applied: 1 });
    expect(
      await knex('vex_statements').first(
        'author',
        'justification',
        'impact_statement',
        'action_statement',
      ),
    ).toEqual({
      author: 'Acme Security',
      justification: 'vulnerable_code_not_present',
      impact_statement: 'Not reachable',
      action_statement: 'Upgrade',
    });
  });

  it('stores long free text in full', async () => {
    const { store, knex } = await storeWithScan();
    await store.vex.recordStatements(
      vexWrite([
        vexStatement({
          impactStatement: long(100_000, 'i'),
          actionStatement: long(20_000, 'a'),
          author: long(512, 'a'),
          justification: long(64, 'j'),
          // 1024 characters; the repository it names is short.
          products: [
            `${API_PURL}&tag=${long(1024 - API_PURL.length - '&tag='.length)}`,
          ],
        }),
      ]),
    );
    const row = await knex('vex_statements').first();
    expect(row.impact_statement).toHaveLength(100_000);
    expect(row.action_statement).toHaveLength(20_000);
    expect(row.author).toHaveLength(512);
    expect(row.justification).toHaveLength(64);
    expect(row.product).toHaveLength(1024);
    expect(row.product_repository).toBe('ghcr.io/acme/api');
  });

  it.each<[string, Partial<AttributedVexStatement>, string]>([
    [
      'an author over 512 characters',
      { author: long(513) },
      'author is 513 characters long; at most 512 are accepted',
    ],
    [
      'a justification over 64 characters',
      { justification: long(65) },
      'justification is 65 characters long; at most 64 are accepted',
    ],
    [
      'a product over 1024 characters',
      { products: [`ghcr.io/acme/${long(1024)}`] },
      'product is 1037 characters long; at most 1024 are accepted',
    ],
    [
      'a subcomponent over 1024 characters',
      { subcomponents: [`pkg:npm/${long(1024)}`] },
      'subcomponent is 1032 characters long; at most 1024 are accepted',
    ],
    [
      'a vulnerability id over 255 characters',
      { vulnerability: long(256, 'C') },
      'vulnerability is 256 characters long; at most 255 are accepted',
    ],
    [
      'an alias over 255 characters',
      { aliases: ['GHSA-x', long(256, 'C')] },
      'alias 2 is 256 characters long; at most 255 are accepted',
    ],
    [
      'an image repository over 512 characters',
      { products: [`ghcr.io/acme/${long(600, 'r')}`] },
      'the image repository of product',
    ],
    [
      'a time after the year 9999',
      { timestamp: '+010000-01-01T00:00:00.000Z' },
      'timestamp "+010000-01-01T00:00:00.000Z" is not a time from the years 1 to 9999',
    ],
    [
      'a time that is no time',
      { timestamp: 'soon' },
      'timestamp "soon" is not a time from the years 1 to 9999',
    ],
    ['an empty author', { author: '\u0000 ' }, 'the author is empty'],
    ['no product', { products: [] }, 'it names no product'],
    ['an empty product', { products: [' '] }, 'a product is empty'],
  ])('refuses %s, naming it, and stores nothing', async (_, bad, message) => {
    const { store, knex } = await storeWithScan();
    const before = await store.summaries.get({
      entityRef: 'component:default/api',
    });
    const attempt = store.vex.recordStatements(
      vexWrite([vexStatement(), vexStatement(bad)]),
    );
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(
      `VEX statement 2 (${(bad.vulnerability ?? 'CVE-2026-10001').slice(
        0,
        64,
      )}): ${message}`,
    );
    expect(await knex('vex_statements').count({ n: '*' })).toEqual([
      { n: id === 'POSTGRES_15' ? '0' : 0 },
    ]);
    expect(await vexMarks(knex)).toEqual({});
    expect(
      await store.summaries.get({ entityRef: 'component:default/api' }),
    ).toEqual(before);
  });
});
