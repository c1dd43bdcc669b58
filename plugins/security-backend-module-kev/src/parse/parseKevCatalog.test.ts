import { InputError } from '@backstage/errors';
import { parseKevCatalog } from './parseKevCatalog';

const entry = (overrides: Record<string, unknown> = {}) => ({
  cveID: 'CVE-2021-44228',
  vendorProject: 'Apache',
  product: 'Log4j2',
  vulnerabilityName: 'Apache Log4j2 Remote Code Execution Vulnerability',
  dateAdded: '2021-12-10',
  shortDescription:
    'JNDI features do not protect against attacker-controlled endpoints.',
  requiredAction: 'Apply updates per vendor instructions.',
  dueDate: '2021-12-24',
  knownRansomwareCampaignUse: 'Known',
  notes: 'https://logging.apache.org/log4j/2.x/security.html',
  cwes: ['CWE-20'],
  ...overrides,
});

const catalog = (
  vulnerabilities: unknown[],
  overrides: Record<string, unknown> = {},
) =>
  JSON.stringify({
    title: 'CISA Catalog of Known Exploited Vulnerabilities',
    catalogVersion: '2025.08.25',
    dateReleased: '2025-08-25T17:04:19.9796Z',
    count: vulnerabilities.length,
    vulnerabilities,
    ...overrides,
  });

describe('parseKevCatalog', () => {
  it('maps an entry: upper-case trimmed CVE, ransomware from "Known" in any case, defaults for what is missing', () => {
    const parsed = parseKevCatalog(
      catalog([
        entry({
          cveID: ' cve-2023-4863 ',
          knownRansomwareCampaignUse: 'known',
        }),
        entry({
          cveID: 'CVE-2023-44487',
          dueDate: '',
          knownRansomwareCampaignUse: 'Unknown',
          notes: undefined,
          shortDescription: null,
          requiredAction: undefined,
        }),
        entry({
          cveID: 'CVE-2020-11023',
          dueDate: undefined,
          knownRansomwareCampaignUse: undefined,
        }),
      ]),
    );
    expect(parsed.entries).toEqual([
      expect.objectContaining({ cveId: 'CVE-2023-4863', ransomware: true }),
      expect.objectContaining({
        cveId: 'CVE-2023-44487',
        dueDate: null,
        ransomware: false,
        notes: '',
        shortDescription: '',
        requiredAction: '',
      }),
      expect.objectContaining({
        cveId: 'CVE-2020-11023',
        dueDate: null,
        ransomware: false,
      }),
    ]);
  });

  it('keeps one entry per CVE: the one added later, where the CVE first appeared', () => {
    const parsed = parseKevCatalog(
      catalog([
        entry({
          cveID: 'CVE-2021-44228',
          dateAdded: '2021-12-10',
          notes: 'first',
        }),
        entry({ cveID: 'CVE-2023-4863', dateAdded: '2023-09-13' }),
        entry({
          cveID: 'cve-2021-44228',
          dateAdded: '2022-01-05',
          notes: 'later',
        }),
        entry({
          cveID: 'CVE-2021-44228',
          dateAdded: '2021-12-01',
          notes: 'older',
        }),
      ]),
    );
    expect(parsed.entries.map(e => [e.cveId, e.notes])).toEqual([
      ['CVE-2021-44228', 'later'],
      ['CVE-2023-4863', 'https://logging.apache.org/log4j/2.x/security.html'],
    ]);
  });

  it('accepts a byte order mark and a Buffer', () => {
    const parsed = parseKevCatalog(
      Buffer.from(`\uFEFF${catalog([entry()])}`, 'utf8'),
    );
    expect(parsed.entries).toHaveLength(1);
  });

  const refused: Array<[string, string, RegExp]> = [
    ['not JSON', '{"catalogVersion": ', /^Invalid KEV catalog: not JSON/],
    ['an array', '[]', /^Invalid KEV catalog: expected an object, got array$/],
    [
      'no catalogVersion',
      catalog([entry()], { catalogVersion: undefined }),
      /^Invalid KEV catalog: catalogVersion: required$/,
    ],
    [
      'a release time that is not a date-time',
      catalog([entry()], { dateReleased: 'yesterday' }),
      /dateReleased: expected an ISO 8601 date-time/,
    ],
    [
      'a dateAdded that is not a day',
      catalog([
        entry(),
        entry({ cveID: 'CVE-2023-4863', dateAdded: '2023-02-30' }),
      ]),
      /^Invalid KEV catalog: vulnerabilities\[1\]\.dateAdded: expected YYYY-MM-DD$/,
    ],
    [
      'a dueDate in another format',
      catalog([entry({ dueDate: '12/24/2021' })]),
      /vulnerabilities\[0\]\.dueDate: expected YYYY-MM-DD or nothing/,
    ],
    [
      'an id that is not a CVE',
      catalog([entry({ cveID: 'GHSA-jfh8-c2jp-5v3q' })]),
      /vulnerabilities\[0\]\.cveID: "GHSA-jfh8-c2jp-5v3q" is not a CVE id/,
    ],
    [
      'a vendor that is a number',
      catalog([entry({ vendorProject: 42 })]),
      /vulnerabilities\[0\]\.vendorProject: expected a string, got number/,
    ],
    [
      'a missing vulnerability name',
      catalog([entry({ vulnerabilityName: undefined })]),
      /vulnerabilities\[0\]\.vulnerabilityName: required/,
    ],
    [
      'a count that does not match the list (entries lost on the way)',
      catalog([entry()], { count: 1404 }),
      /^Invalid KEV catalog: count: says 1404 but vulnerabilities holds 1$/,
    ],
    [
      'an empty list',
      catalog([]),
      /vulnerabilities: the catalog lists no vulnerabilities/,
    ],
  ];

  it.each(refused)('refuses %s, naming where', (_, text, message) => {
    let error: unknown;
    try {
      parseKevCatalog(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it('refuses the whole catalog for one bad entry among good ones, naming the first few problems', () => {
    const entries = Array.from({ length: 50 }, (_, i) =>
      entry({ cveID: `CVE-2024-${String(1000 + i)}` }),
    );
    entries[12] = entry({ cveID: 'CVE-2024-0012', dateAdded: '2024-1-2' });
    entries[30] = entry({ cveID: 'CVE-2024-0030', dateAdded: null });
    entries[40] = entry({ cveID: 'CVE-2024-0040', product: undefined });
    entries[45] = entry({ cveID: 'CVE-2024-0045', product: undefined });
    expect(() => parseKevCatalog(catalog(entries))).toThrow(
      'Invalid KEV catalog: vulnerabilities[12].dateAdded: expected YYYY-MM-DD; ' +
        'vulnerabilities[30].dateAdded: expected a string, got null; ' +
        'vulnerabilities[40].product: required (and 1 more problem)',
    );
  });
});
