import { randomBytes } from 'crypto';

/**
 * The campaign test's own services (e2e/catalog.e2e.yaml), owned by two teams so the campaign
 * page groups them; no other test reads them, and no example service runs their package.
 */
export const CAMPAIGN_SERVICES = [
  { name: 'e2e-campaign-orders', owner: 'group:default/team-storefront' },
  { name: 'e2e-campaign-returns', owner: 'group:default/team-storefront' },
  { name: 'e2e-campaign-ledger', owner: 'group:default/team-payments' },
] as const;

/**
 * A made-up npm package in no registry and no example report: the campaign is "acme-e2e-logger
 * below 1.5.0 gone", and 1.5.0 is its fix.
 */
export const CAMPAIGN_PACKAGE = {
  name: 'acme-e2e-logger',
  ecosystem: 'npm',
  vulnerable: '1.4.2',
  fixed: '1.5.0',
  range: '<1.5.0',
  finding: 'CVE-2099-91001',
} as const;

/** Packages every campaign service runs beside the campaign's, unchanged by the fix. */
const OTHER_PACKAGES = [
  ['express', '4.21.2'],
  ['ws', '8.18.0'],
] as const;

const npmPurl = (name: string, version: string) => `pkg:npm/${name}@${version}`;

/**
 * A Trivy report (SchemaVersion 2, with `--list-all-pkgs`) of a fresh image of a campaign
 * service: its packages, and with the vulnerable version, the finding the fix closes. A digest
 * of its own each time, and dated `ageMs` ago, so a later call replaces an earlier one's slot
 * (a run against the same backend starts from the vulnerable reports again).
 */
export function campaignScan(options: {
  service: string;
  loggerVersion: string;
  ageMs: number;
}): string {
  const repository = `ghcr.io/acme/${options.service}`;
  const digest = `sha256:${randomBytes(32).toString('hex')}`;
  const tag = `2.0.${Date.now()}`;
  const packages = [
    ...OTHER_PACKAGES,
    [CAMPAIGN_PACKAGE.name, options.loggerVersion],
  ].map(([name, version]) => ({
    ID: `${name}@${version}`,
    Name: name,
    Identifier: { PURL: npmPurl(name, version) },
    Version: version,
    Licenses: ['MIT'],
  }));
  const vulnerable = options.loggerVersion === CAMPAIGN_PACKAGE.vulnerable;
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: new Date(Date.now() - options.ageMs).toISOString(),
    ArtifactName: `${repository}:${tag}`,
    ArtifactType: 'container_image',
    Metadata: {
      RepoTags: [`${repository}:${tag}`],
      RepoDigests: [`${repository}@${digest}`],
    },
    Results: [
      {
        Target: 'Node.js',
        Class: 'lang-pkgs',
        Type: 'node-pkg',
        Packages: packages,
        Vulnerabilities: vulnerable
          ? [
              {
                VulnerabilityID: CAMPAIGN_PACKAGE.finding,
                PkgID: `${CAMPAIGN_PACKAGE.name}@${options.loggerVersion}`,
                PkgName: CAMPAIGN_PACKAGE.name,
                PkgIdentifier: {
                  PURL: npmPurl(CAMPAIGN_PACKAGE.name, options.loggerVersion),
                },
                InstalledVersion: options.loggerVersion,
                FixedVersion: CAMPAIGN_PACKAGE.fixed,
                Status: 'fixed',
                Severity: 'HIGH',
                Title: `${CAMPAIGN_PACKAGE.name}: made-up log injection in no advisory database`,
                CVSS: { nvd: { V3Score: 8.1 } },
              },
            ]
          : [],
      },
    ],
  });
}
