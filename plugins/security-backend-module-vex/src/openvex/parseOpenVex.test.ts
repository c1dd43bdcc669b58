import { expectInputError, readVexFixture } from '../__testUtils__/fixtures';
import { openVexFormat } from './openVexFormat';
import { parseOpenVex } from './parseOpenVex';

const ACME_DIGEST =
  'sha256:5fab8ae4f9cfeb58893805d626367f21ac45f8b852fcb72d6cd2bcdb3e4269b3';
const ACME_PURL = `pkg:oci/api@sha256%3A${ACME_DIGEST.slice(
  7,
)}?repository_url=ghcr.io%2Facme%2Fapi&tag=1.4.2`;

/** A valid minimal document with one statement, to break one field at a time. */
function minimal(statement: Record<string, unknown> = {}, doc = {}) {
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': 'https://openvex.dev/docs/example/vex-1',
    author: 'Acme Security',
    timestamp: '2026-11-22T09:30:00Z',
    version: 1,
    statements: [
      {
        vulnerability: { name: 'CVE-2023-5363' },
        products: [{ '@id': 'ghcr.io/acme/api' }],
        status: 'fixed',
        ...statement,
      },
    ],
    ...doc,
  };
}

describe('parseOpenVex', () => {
  it('reads every statement of a hand-written image document', () => {
    const parsed = parseOpenVex(
      readVexFixture('openvex/acme-api-image.openvex.json'),
    );
    const author = 'Acme Platform Security <security@acme.example>';
    expect(parsed.format).toBe('openvex');
    expect(parsed.statements).toEqual([
      {
        vulnerability: 'CVE-2023-5363',
        aliases: [],
        products: [ACME_PURL],
        subcomponents: [
          'pkg:apk/alpine/libcrypto3@3.1.2-r0',
          'pkg:apk/alpine/libssl3@3.1.2-r0',
        ],
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        impactStatement:
          'The API terminates TLS at the load balancer and never calls EVP_CipherInit_ex2 with a caller-chosen key length.',
        actionStatement: null,
        timestamp: '2026-11-22T09:30:00.000Z',
        author,
      },
      {
        vulnerability: 'GHSA-jfh8-c2jp-5v3q',
        aliases: ['CVE-2021-44228'],
        products: [`ghcr.io/acme/api@${ACME_DIGEST}`],
        subcomponents: [],
        status: 'fixed',
        justification: null,
        impactStatement: null,
        actionStatement: null,
        // The statement's own time wins over the document's.
        timestamp: '2026-11-21T16:00:00.000Z',
        author,
      },
      {
        vulnerability: 'CVE-2024-6119',
        aliases: [],
        products: ['ghcr.io/acme/api'],
        subcomponents: [],
        status: 'affected',
        justification: null,
        impactStatement: null,
        actionStatement:
          'Upgrade the base image to alpine 3.20.3 or later; the 1.4.3 release does.',
        timestamp: '2026-11-22T09:30:00.000Z',
        author,
      },
      {
        vulnerability: 'CVE-2024-45490',
        aliases: [],
        products: [ACME_DIGEST],
        subcomponents: [],
        status: 'under_investigation',
        justification: null,
        impactStatement: null,
        actionStatement: null,
        timestamp: '2026-11-22T09:30:00.000Z',
        author,
      },
    ]);
  });

  it('reads the OpenVEX project example (oci purl without repository_url, subcomponents)', () => {
    const parsed = parseOpenVex(
      readVexFixture('openvex/go-vex-alpine-v0.2.0.json'),
    );
    expect(parsed.statements).toHaveLength(5);
    expect(parsed.statements.map(s => [s.vulnerability, s.status])).toEqual([
      ['CVE-2023-1255', 'fixed'],
      ['CVE-2023-2650', 'fixed'],
      ['CVE-2023-2975', 'fixed'],
      ['CVE-2023-3446', 'not_affected'],
      ['CVE-2023-3817', 'not_affected'],
    ]);
    expect(parsed.statements[3]).toMatchObject({
      products: [
        'pkg:oci/alpine@sha256%3A124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126',
      ],
      subcomponents: [
        'pkg:apk/alpine/libcrypto3@3.0.8-r3',
        'pkg:apk/alpine/libssl3@3.0.8-r3',
      ],
      justification: 'vulnerable_code_not_present',
      impactStatement: 'affected functions were removed before packaging',
      author: 'The OpenVEX Project <openvex@openssf.org>',
      timestamp: '2023-07-18T00:28:47.696Z',
    });
  });

  it('reads v0.0.1 documents: vulnerability and products as strings', () => {
    const parsed = parseOpenVex(
      readVexFixture('openvex/go-vex-git-v0.0.1.json'),
    );
    expect(parsed.statements).toEqual([
      expect.objectContaining({
        vulnerability: 'CVE-2023-12345',
        products: [
          'pkg:apk/wolfi/git@2.39.0-r1?arch=armv7',
          'pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64',
        ],
        status: 'fixed',
        author: 'Wolfi J Inkinson',
        timestamp: '2023-01-09T00:02:03.647Z',
      }),
    ]);
  });

  it('takes the statement timestamp when the document has none', () => {
    const parsed = parseOpenVex(
      readVexFixture('openvex/go-vex-statement-timestamps-v0.2.0.json'),
    );
    expect(parsed.statements[0]).toMatchObject({
      vulnerability: 'CVE-9876-54321',
      status: 'under_investigation',
      timestamp: '2022-12-22T21:36:43.000Z',
    });
  });

  it('keeps products with different subcomponents apart', () => {
    const parsed = parseOpenVex(
      minimal({
        products: [
          {
            '@id': 'ghcr.io/acme/api',
            subcomponents: ['pkg:npm/lodash@4.17.20'],
          },
          { '@id': 'ghcr.io/acme/worker' },
          { '@id': 'ghcr.io/acme/jobs' },
        ],
      }),
    );
    expect(parsed.statements.map(s => [s.products, s.subcomponents])).toEqual([
      [['ghcr.io/acme/api'], ['pkg:npm/lodash@4.17.20']],
      [['ghcr.io/acme/worker', 'ghcr.io/acme/jobs'], []],
    ]);
  });

  it('names a product by the identifier that names an image', () => {
    const parsed = parseOpenVex(
      minimal({
        products: [
          {
            '@id': 'https://acme.example/products/api',
            identifiers: { purl: ACME_PURL },
          },
          {
            '@id': 'https://acme.example/products/worker',
            hashes: { 'sha-256': ACME_DIGEST.slice(7).toUpperCase() },
          },
          { '@id': 'https://acme.example/products/docs' },
          { identifiers: { cpe23: 'cpe:2.3:a:acme:api:1.4.2:*:*:*:*:*:*:*' } },
        ],
      }),
    );
    expect(parsed.statements[0].products).toEqual([
      ACME_PURL,
      ACME_DIGEST,
      'https://acme.example/products/docs',
      'cpe:2.3:a:acme:api:1.4.2:*:*:*:*:*:*:*',
    ]);
  });

  it('accepts not_affected with only an impact_statement', () => {
    const parsed = parseOpenVex(
      minimal({ status: 'not_affected', impact_statement: 'Not reachable.' }),
    );
    expect(parsed.statements[0]).toMatchObject({
      status: 'not_affected',
      justification: null,
      impactStatement: 'Not reachable.',
    });
  });

  it('accepts affected without an action_statement', () => {
    expect(
      parseOpenVex(minimal({ status: 'affected' })).statements[0].status,
    ).toBe('affected');
  });

  it('drops the name from its own aliases', () => {
    const parsed = parseOpenVex(
      minimal({
        vulnerability: {
          name: 'CVE-2021-44228',
          aliases: ['cve-2021-44228', 'GHSA-jfh8-c2jp-5v3q', ''],
        },
      }),
    );
    expect(parsed.statements[0].aliases).toEqual(['GHSA-jfh8-c2jp-5v3q']);
  });

  describe('refuses the whole document, naming the path', () => {
    const label = 'Invalid OpenVEX document:';
    it.each<[string, unknown, string]>([
      [
        'not_affected without justification or impact_statement',
        minimal({ status: 'not_affected' }),
        'statements[0].justification: not_affected needs a justification or an impact_statement',
      ],
      [
        'not_affected with an empty justification',
        minimal({ status: 'not_affected', justification: '' }),
        'statements[0].justification: not_affected needs a justification or an impact_statement',
      ],
      [
        'an unknown justification',
        minimal({ status: 'not_affected', justification: 'trust_me' }),
        'statements[0].justification: expected one of component_not_present, vulnerable_code_not_present, vulnerable_code_not_in_execute_path, vulnerable_code_cannot_be_controlled_by_adversary, inline_mitigations_already_exist',
      ],
      [
        'an unknown status',
        minimal({ status: 'resolved' }),
        'statements[0].status: expected one of not_affected, affected, fixed, under_investigation',
      ],
      [
        'a statement without products',
        minimal({ products: [] }),
        'statements[0].products: at least one product (the image the statement is about)',
      ],
      [
        'a statement without products at all',
        minimal({ products: undefined }),
        'statements[0].products: at least one product (the image the statement is about)',
      ],
      [
        'a product that names nothing',
        minimal({ products: [{ hashes: {} }] }),
        'statements[0].products[0]: a product needs an @id, identifiers or hashes',
      ],
      [
        'a product of the wrong type',
        minimal({ products: [42] }),
        'statements[0].products[0]: Expected object, received number',
      ],
      [
        'a subcomponent that names nothing',
        minimal({
          products: [{ '@id': 'ghcr.io/acme/api', subcomponents: [{}] }],
        }),
        'statements[0].products[0].subcomponents[0]: a subcomponent needs an @id or identifiers',
      ],
      [
        'a vulnerability without name',
        minimal({ vulnerability: { '@id': 'https://nvd.nist.gov/x' } }),
        'statements[0].vulnerability.name: name is required',
      ],
      [
        'an empty vulnerability',
        minimal({ vulnerability: '  ' }),
        'statements[0].vulnerability.name: name must not be empty',
      ],
      [
        'no timestamp anywhere',
        minimal({}, { timestamp: undefined }),
        'statements[0].timestamp: no timestamp: neither the statement nor the document has one',
      ],
      [
        'a timestamp that is not ISO 8601',
        minimal({ timestamp: 'yesterday' }),
        'statements[0].timestamp: "yesterday" is not an ISO 8601 timestamp (e.g. 2024-05-01T12:00:00Z)',
      ],
      [
        'a document without author',
        minimal({}, { author: undefined }),
        'author: author is required',
      ],
      [
        'a document with an empty author',
        minimal({}, { author: ' ' }),
        'author: author must not be empty',
      ],
      [
        'a document without @id',
        minimal({}, { '@id': undefined }),
        '@id: @id is required',
      ],
      [
        'a document without statements',
        minimal({}, { statements: [] }),
        'statements: at least one statement',
      ],
    ])('%s', (_, document, message) => {
      expectInputError(() => parseOpenVex(document), `${label} ${message}`);
    });

    it('names the statement that is wrong, not the first', () => {
      const document = minimal();
      document.statements.push(
        { ...document.statements[0] },
        { ...document.statements[0] },
        { ...document.statements[0], status: 'not_affected' },
      );
      expectInputError(
        () => parseOpenVex(document),
        `${label} statements[3].justification: not_affected needs a justification or an impact_statement`,
      );
    });

    it('refuses a body that is not an object', () => {
      expectInputError(
        () => parseOpenVex([minimal()]),
        `${label} expected a JSON object`,
      );
    });
  });
});

describe('openVexFormat.detect', () => {
  it.each([
    [{ '@context': 'https://openvex.dev/ns/v0.2.0' }, true],
    [{ '@context': 'https://openvex.dev/ns' }, true],
    [{ '@context': 'https://openvex.dev/ns/v0.0.1', statements: 'x' }, true],
    [{ '@context': 'https://www.w3.org/ns/activitystreams' }, false],
    [{ bomFormat: 'CycloneDX' }, false],
    [['https://openvex.dev/ns'], false],
    [null, false],
    ['https://openvex.dev/ns', false],
  ])('%j: %s', (document, expected) => {
    expect(openVexFormat.detect(document)).toBe(expected);
  });

  it('never throws, even for a hostile object', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    expect(openVexFormat.detect(hostile)).toBe(false);
  });
});
