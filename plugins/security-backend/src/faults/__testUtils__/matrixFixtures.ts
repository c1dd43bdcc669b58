import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type { RekorEntryInput } from '@posture/dev-stand-ins';

/*
 * What the fault matrix's one service is made of: a catalog entity with an image, a Vault
 * folder and a database static role; a Trivy scan of its signed image with findings that the
 * KEV catalog and EPSS scores mark; the Rekor entry that signs that image; the feed files.
 */

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const REKOR_DIR = path.resolve(__dirname, '../__fixtures__/rekor');

export const SERVICE = 'product-catalog';
export const ENTITY_REF = `component:default/${SERVICE}`;
export const ENTITY_PATH = `/api/security/v1/entities/component/default/${SERVICE}`;
export const IMAGE = `ghcr.io/acme/${SERVICE}`;
/** The digest the fixture's Rekor entry signs. */
export const DIGEST =
  'sha256:058e48272d2a251f0d8f25f4b46989af5663112493e800fa2d8e1c932a6b8b4e';

const VAULT_ANNOTATIONS = {
  'vault.io/secrets-path': `storefront/${SERVICE}/`,
  'posture.dev/vault-static-roles': `${SERVICE}-db`,
};

export const ENTITY: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: SERVICE,
    namespace: 'default',
    annotations: { 'posture.dev/image': IMAGE, ...VAULT_ANNOTATIONS },
  },
  spec: { type: 'service', owner: 'team-storefront', lifecycle: 'production' },
};

/** The same entity as catalog YAML, for seeding the Vault stand-in with its secrets. */
export const VAULT_CATALOG_YAML = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${SERVICE}
  annotations:
${Object.entries(VAULT_ANNOTATIONS)
  .map(([key, value]) => `    ${key}: ${value}`)
  .join('\n')}
spec:
  type: service
  owner: team-storefront
  lifecycle: production
`;

/** Log4Shell and Spring4Shell (both in KEV, high EPSS) and HTTP/2 Rapid Reset. */
export const CVES = ['CVE-2021-44228', 'CVE-2022-22965', 'CVE-2023-44487'];

/** A Trivy scan of the signed image, made an hour ago. */
export function trivyScan(): string {
  const finding = (
    id: string,
    pkg: string,
    installed: string,
    fixed: string,
  ) => ({
    VulnerabilityID: id,
    PkgName: pkg,
    InstalledVersion: installed,
    FixedVersion: fixed,
    Severity: 'CRITICAL',
    Status: 'fixed',
  });
  return JSON.stringify({
    SchemaVersion: 2,
    CreatedAt: new Date(Date.now() - 3_600_000).toISOString(),
    ArtifactName: `${IMAGE}:1.4.2`,
    ArtifactType: 'container_image',
    Metadata: { RepoDigests: [`${IMAGE}@${DIGEST}`] },
    Results: [
      {
        Target: 'Java',
        Class: 'lang-pkgs',
        Type: 'jar',
        Vulnerabilities: [
          finding(
            CVES[0],
            'org.apache.logging.log4j:log4j-core',
            '2.14.1',
            '2.15.0',
          ),
          finding(
            CVES[1],
            'org.springframework:spring-beans',
            '5.3.17',
            '5.3.18',
          ),
        ],
      },
      {
        Target: 'usr/local/bin/gateway',
        Class: 'lang-pkgs',
        Type: 'gobinary',
        Vulnerabilities: [
          finding(CVES[2], 'golang.org/x/net', 'v0.15.0', '0.17.0'),
        ],
      },
    ],
  });
}

export const SIGNER = {
  issuer: 'https://token.actions.githubusercontent.com',
  subject: `https://github.com/acme/${SERVICE}/.github/workflows/release.yml@refs/heads/main`,
};

export const TRUSTED_ROOT_PATH = path.join(REKOR_DIR, 'trusted_root.json');

export function rekorPublicKeyPem(): string {
  return fs.readFileSync(path.join(REKOR_DIR, 'rekor.pub.pem'), 'utf8');
}

export function rekorEntry(): RekorEntryInput {
  return JSON.parse(
    fs.readFileSync(path.join(REKOR_DIR, 'product-catalog.entry.json'), 'utf8'),
  );
}

export const KEV_PATH = '/feeds/known_exploited_vulnerabilities.json';
export const EPSS_PATH = '/feeds/epss_scores-current.csv.gz';

/** CISA's real catalog (fixtures/kev) and the demo's EPSS file (examples/feeds). */
export function feedFiles(): Map<string, Buffer> {
  return new Map([
    [
      KEV_PATH,
      fs.readFileSync(
        path.join(
          REPO_ROOT,
          'fixtures/kev/known_exploited_vulnerabilities.json',
        ),
      ),
    ],
    [
      EPSS_PATH,
      fs.readFileSync(
        path.join(REPO_ROOT, 'examples/feeds/epss_scores-demo.csv.gz'),
      ),
    ],
  ]);
}
