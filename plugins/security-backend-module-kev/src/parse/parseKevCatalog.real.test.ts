import { parseKevCatalog } from './parseKevCatalog';
import { readKevCatalogBytes } from '../__testUtils__/fixtures';

describe('parseKevCatalog on the real catalog (fixtures/kev)', () => {
  const bytes = readKevCatalogBytes();
  // Read independently of the parser, straight from the file.
  const raw = JSON.parse(bytes.toString('utf8'));

  it('parses all 1,404 entries with the catalog version and release time', () => {
    const catalog = parseKevCatalog(bytes);
    expect(raw.vulnerabilities).toHaveLength(1404);
    expect(catalog.entries).toHaveLength(1404);
    expect(catalog.catalogVersion).toBe('2025.08.25');
    expect(catalog.dateReleased).toBe('2025-08-25T17:04:19.979Z');
  });

  it('maps every entry field for field, in the order of the file', () => {
    const catalog = parseKevCatalog(bytes);
    const expected = raw.vulnerabilities.map((v: any) => ({
      cveId: v.cveID,
      vendorProject: v.vendorProject,
      product: v.product,
      vulnerabilityName: v.vulnerabilityName,
      dateAdded: v.dateAdded,
      dueDate: v.dueDate,
      ransomware: v.knownRansomwareCampaignUse === 'Known',
      shortDescription: v.shortDescription,
      requiredAction: v.requiredAction,
      notes: v.notes,
    }));
    expect(catalog.entries).toEqual(expected);
    expect(catalog.entries.filter(e => e.ransomware)).toHaveLength(293);
  });

  it('has Log4Shell with its dates and known ransomware use', () => {
    const log4shell = parseKevCatalog(bytes).entries.find(
      e => e.cveId === 'CVE-2021-44228',
    );
    expect(log4shell).toMatchObject({
      vendorProject: 'Apache',
      product: 'Log4j2',
      dateAdded: '2021-12-10',
      dueDate: '2021-12-24',
      ransomware: true,
    });
  });
});
