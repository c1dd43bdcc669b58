import { expectInputError, readVexFixture } from '../__testUtils__/fixtures';
import { cycloneDxVexFormat } from './cycloneDxVexFormat';
import { parseCycloneDxVex } from './parseCycloneDxVex';

const ACME_PURL =
  'pkg:oci/api@sha256%3A5fab8ae4f9cfeb58893805d626367f21ac45f8b852fcb72d6cd2bcdb3e4269b3?repository_url=ghcr.io%2Facme%2Fapi';

/** A valid minimal VEX BOM with one analysed vulnerability, to break one field at a time. */
function minimal(
  vulnerability: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
  analysis: Record<string, unknown> = {},
) {
  return {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    version: 1,
    metadata: {
      timestamp: '2026-11-22T09:30:00Z',
      authors: [{ name: 'Acme Security' }],
      component: {
        type: 'container',
        'bom-ref': 'image',
        name: 'ghcr.io/acme/api',
        purl: ACME_PURL,
      },
      ...metadata,
    },
    vulnerabilities: [
      {
        id: 'CVE-2023-5363',
        analysis: {
          state: 'not_affected',
          justification: 'code_not_reachable',
          ...analysis,
        },
        affects: [{ ref: 'image' }],
        ...vulnerability,
      },
    ],
  };
}

describe('parseCycloneDxVex', () => {
  it('reads each analysed vulnerability of a hand-written 1.5 document', () => {
    const parsed = parseCycloneDxVex(
      readVexFixture('cyclonedx/acme-api-image-1.5.cdx.json'),
    );
    const author = 'Acme Platform Security';
    expect(parsed.format).toBe('cyclonedx-vex');
    expect(parsed.statements).toEqual([
      {
        vulnerability: 'CVE-2023-5363',
        aliases: [],
        products: [ACME_PURL],
        subcomponents: [],
        status: 'not_affected',
        justification: 'code_not_reachable',
        impactStatement:
          'TLS is terminated at the load balancer; the API never sets cipher key lengths.',
        actionStatement: 'will_not_fix',
        // lastUpdated, over firstIssued and metadata.timestamp.
        timestamp: '2026-11-21T12:00:00.000Z',
        author,
      },
      {
        vulnerability: 'GHSA-jfh8-c2jp-5v3q',
        aliases: ['CVE-2021-44228'],
        products: [ACME_PURL],
        subcomponents: [],
        status: 'fixed',
        justification: null,
        impactStatement: 'log4j-core was upgraded to 2.17.1 in this image.',
        actionStatement: 'update',
        timestamp: '2026-11-22T09:30:00.000Z',
        author,
      },
      {
        vulnerability: 'CVE-2024-6119',
        aliases: [],
        products: [ACME_PURL],
        subcomponents: [],
        status: 'affected',
        justification: null,
        impactStatement: 'Reachable through client certificate validation.',
        actionStatement: 'update, workaround_available',
        timestamp: '2026-11-22T09:30:00.000Z',
        author,
      },
      {
        vulnerability: 'CVE-2024-45490',
        aliases: [],
        // A purl ref is the product as written.
        products: [ACME_PURL],
        subcomponents: [],
        status: 'under_investigation',
        justification: null,
        impactStatement: null,
        actionStatement: null,
        timestamp: '2026-11-22T09:30:00.000Z',
        author,
      },
      // CVE-2024-0727 has no analysis: no statement.
    ]);
  });

  it.each([
    ['not_affected', 'not_affected'],
    ['false_positive', 'not_affected'],
    ['resolved', 'fixed'],
    ['resolved_with_pedigree', 'fixed'],
    ['exploitable', 'affected'],
    ['in_triage', 'under_investigation'],
  ])('maps analysis state %s to %s', (state, status) => {
    const parsed = parseCycloneDxVex(minimal({}, {}, { state }));
    expect(parsed.statements[0].status).toBe(status);
  });

  it('resolves the metadata component without purl to its name and version', () => {
    const digest =
      'sha256:5fab8ae4f9cfeb58893805d626367f21ac45f8b852fcb72d6cd2bcdb3e4269b3';
    const component = { 'bom-ref': 'image', name: 'ghcr.io/acme/api' };
    const productWith = (extra: Record<string, unknown>) =>
      parseCycloneDxVex(minimal({}, { component: { ...component, ...extra } }))
        .statements[0].products;
    expect(productWith({ version: digest })).toEqual([
      `ghcr.io/acme/api@${digest}`,
    ]);
    expect(productWith({ version: '1.4.2' })).toEqual([
      'ghcr.io/acme/api:1.4.2',
    ]);
    expect(productWith({})).toEqual(['ghcr.io/acme/api']);
  });

  it('keeps refs that are not the metadata component as written', () => {
    const parsed = parseCycloneDxVex(
      minimal({
        affects: [
          { ref: 'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#image' },
          { ref: 'ghcr.io/acme/worker:2.0' },
          { ref: 'image' },
          { ref: 'image' },
        ],
      }),
    );
    expect(parsed.statements[0].products).toEqual([
      'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#image',
      'ghcr.io/acme/worker:2.0',
      ACME_PURL,
    ]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    [
      'the manufacturer',
      { authors: undefined, manufacturer: { name: 'Acme, Inc.' } },
      'Acme, Inc.',
    ],
    [
      'the 1.4 manufacture',
      { authors: [], manufacture: { name: 'Acme, Inc.' } },
      'Acme, Inc.',
    ],
    ['the supplier', { authors: [{}], supplier: { name: 'Acme' } }, 'Acme'],
    [
      'a 1.5 tool',
      { authors: undefined, tools: { components: [{ name: 'vexctl' }] } },
      'vexctl',
    ],
    [
      'a 1.4 tool',
      {
        authors: undefined,
        tools: [{ vendor: 'Aqua Security', name: 'trivy' }],
      },
      'Aqua Security trivy',
    ],
    [
      "the first author's email",
      { authors: [{ email: 'sec@acme.example' }] },
      'sec@acme.example',
    ],
  ])('takes the author from %s', (_, metadata, author) => {
    expect(parseCycloneDxVex(minimal({}, metadata)).statements[0].author).toBe(
      author,
    );
  });

  it('takes the timestamp from firstIssued, else the metadata', () => {
    expect(
      parseCycloneDxVex(
        minimal({}, {}, { firstIssued: '2026-11-01T00:00:00+01:00' }),
      ).statements[0].timestamp,
    ).toBe('2026-10-31T23:00:00.000Z');
    expect(parseCycloneDxVex(minimal()).statements[0].timestamp).toBe(
      '2026-11-22T09:30:00.000Z',
    );
  });

  it('accepts false_positive with only a detail', () => {
    const parsed = parseCycloneDxVex(
      minimal(
        {},
        {},
        {
          state: 'false_positive',
          justification: undefined,
          detail: 'The scanner matched the wrong package.',
        },
      ),
    );
    expect(parsed.statements[0]).toMatchObject({
      status: 'not_affected',
      justification: null,
      impactStatement: 'The scanner matched the wrong package.',
    });
  });

  it.each([
    ['not_affected', 'not_affected', 'ABC:4.2', 'code_not_present'],
    ['affected', 'affected', 'DEF:1.0', null],
    ['fixed', 'fixed', 'DEF:1.1', null],
    ['under_investigation', 'under_investigation', 'GHI:17.4', null],
  ])(
    "reads CISA's use case 1 %s example, which names no author: author null, for the backend to fill in",
    (file, status, product, justification) => {
      const parsed = parseCycloneDxVex(
        readVexFixture(`cyclonedx/cisa-case-1-${file}.cdx.json`),
      );
      expect(parsed.statements).toEqual([
        expect.objectContaining({
          vulnerability: 'CVE-2021-44228',
          products: [product],
          status,
          justification,
          timestamp: '2022-03-03T00:00:00.000Z',
          author: null,
        }),
      ]);
    },
  );

  it.each<[string, Record<string, unknown>]>([
    ['no metadata author, manufacturer, supplier or tool', { authors: [] }],
    ['only nameless authors', { authors: [{}, { name: '' }] }],
    ['an author whose name is blank', { authors: [{ name: '  ' }] }],
    ['tools without a name', { authors: undefined, tools: [{}] }],
  ])('gives author null for %s', (_, metadata) => {
    expect(
      parseCycloneDxVex(minimal({}, metadata)).statements.map(s => s.author),
    ).toEqual([null]);
  });

  describe('refuses the whole document, naming the path', () => {
    const label = 'Invalid CycloneDX VEX document:';
    it.each<[string, unknown, string]>([
      [
        'not_affected without justification or detail',
        minimal({}, {}, { justification: undefined }),
        'vulnerabilities[0].analysis.justification: not_affected needs a justification or a detail',
      ],
      [
        'false_positive without justification or detail',
        minimal({}, {}, { state: 'false_positive', justification: '' }),
        'vulnerabilities[0].analysis.justification: false_positive needs a justification or a detail',
      ],
      [
        'an OpenVEX justification',
        minimal({}, {}, { justification: 'component_not_present' }),
        'vulnerabilities[0].analysis.justification: expected one of code_not_present, code_not_reachable, requires_configuration, requires_dependency, requires_environment, protected_by_compiler, protected_at_runtime, protected_at_perimeter, protected_by_mitigating_control',
      ],
      [
        'an unknown state',
        minimal({}, {}, { state: 'fixed' }),
        'vulnerabilities[0].analysis.state: expected one of resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected',
      ],
      [
        'an analysis without state',
        minimal({}, {}, { state: undefined }),
        'vulnerabilities[0].analysis.state: expected one of resolved, resolved_with_pedigree, exploitable, in_triage, false_positive, not_affected',
      ],
      [
        'an unknown response',
        minimal({}, {}, { response: ['update', 'pray'] }),
        'vulnerabilities[0].analysis.response[1]: expected one of can_not_fix, will_not_fix, update, rollback, workaround_available',
      ],
      [
        'an analysed vulnerability without id',
        minimal({ id: undefined }),
        'vulnerabilities[0].id: an analysed vulnerability needs an id',
      ],
      [
        'an analysed vulnerability without affects',
        minimal({ affects: [] }),
        'vulnerabilities[0].affects: at least one product (affects[].ref, the image the analysis is about)',
      ],
      [
        'an affects entry without ref',
        minimal({ affects: [{ versions: [] }] }),
        'vulnerabilities[0].affects[0].ref: ref is required',
      ],
      [
        'no timestamp anywhere',
        minimal({}, { timestamp: undefined }),
        'metadata.timestamp: no timestamp for vulnerabilities[0]: give analysis.lastUpdated, analysis.firstIssued or metadata.timestamp',
      ],
      [
        'a lastUpdated that is not ISO 8601',
        minimal({}, {}, { lastUpdated: '22/11/2026' }),
        'vulnerabilities[0].analysis.lastUpdated: "22/11/2026" is not an ISO 8601 timestamp (e.g. 2024-05-01T12:00:00Z)',
      ],
      [
        'CycloneDX 1.3 (no analysis yet)',
        { ...minimal(), specVersion: '1.3' },
        'specVersion: unsupported 1.3: VEX (vulnerabilities[].analysis) is read from CycloneDX 1.4, 1.5, 1.6, 1.7',
      ],
    ])('%s', (_, document, message) => {
      expectInputError(
        () => parseCycloneDxVex(document),
        `${label} ${message}`,
      );
    });

    it('names the vulnerability that is wrong, not the first', () => {
      const document = minimal();
      document.vulnerabilities.push(
        { ...document.vulnerabilities[0] },
        {
          ...document.vulnerabilities[0],
          analysis: { state: 'not_affected' } as any,
        },
      );
      expectInputError(
        () => parseCycloneDxVex(document),
        `${label} vulnerabilities[2].analysis.justification: not_affected needs a justification or a detail`,
      );
    });
  });
});

describe('cycloneDxVexFormat.detect', () => {
  const vex = minimal();
  it.each<[string, boolean, unknown]>([
    ['a VEX BOM', true, vex],
    [
      'a VEX BOM with an empty components list',
      true,
      { ...vex, components: [] },
    ],
    [
      'an analysed BOM with components (a scan)',
      false,
      { ...vex, components: [{ name: 'openssl' }] },
    ],
    [
      'a BOM whose vulnerabilities have no analysis',
      false,
      {
        ...vex,
        vulnerabilities: [{ id: 'CVE-2023-5363', affects: [{ ref: 'x' }] }],
      },
    ],
    ['a BOM without vulnerabilities', false, { bomFormat: 'CycloneDX' }],
    ['an SPDX document', false, { spdxVersion: 'SPDX-2.3' }],
    ['null', false, null],
  ])('%s: %s', (_, expected, document) => {
    expect(cycloneDxVexFormat.detect(document)).toBe(expected);
  });

  it('detects the real CISA examples', () => {
    for (const file of [
      'not_affected',
      'affected',
      'fixed',
      'under_investigation',
    ]) {
      expect(
        cycloneDxVexFormat.detect(
          readVexFixture(`cyclonedx/cisa-case-1-${file}.cdx.json`),
        ),
      ).toBe(true);
    }
  });
});
