#!/usr/bin/env node
/*
 * Generates the demo's example reports: for each example component, a Trivy JSON report
 * (SchemaVersion 2) and an SBOM (CycloneDX 1.6, or SPDX 2.3 for a few), shaped like Trivy's
 * own output. Deterministic: a seeded PRNG and fixed dates, so regenerating changes nothing.
 *
 *   node examples/reports/generate.js
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const here = __dirname;
const catalog = fs.readFileSync(
  path.join(here, '../catalog/components.yaml'),
  'utf8',
);
const BASE = Date.parse('2026-11-20T09:00:00Z');
const DAY = 86_400_000;

// Services the demo leaves without reports, to show the "nothing uploaded yet" state.
const NO_REPORTS = new Set(['recommendations', 'identity-admin-portal']);
// Severity mix per service: [critical, high, medium, low, unknown]. Not chance: a fixed table,
// so the demo always shows the same spread of grades.
const MIX = {
  'payment-gateway': [14, 160, 1300, 1050, 210],
  'product-catalog': [6, 95, 820, 690, 120],
  'checkout-api': [2, 9, 31, 22, 3],
  'fraud-detector': [1, 4, 12, 9, 1],
  ledger: [0, 0, 0, 0, 0],
  'invoice-service': [0, 3, 14, 10, 2],
  'shipping-quotes': [0, 0, 6, 11, 1],
  'storefront-web': [0, 2, 8, 5, 0],
  'cart-service': [3, 12, 25, 18, 4],
  'search-api': [0, 0, 3, 7, 0],
  'image-resizer': [0, 6, 19, 14, 2],
  'auth-service': [0, 0, 0, 0, 0],
  'user-profile': [0, 1, 4, 6, 0],
  'session-service': [0, 0, 2, 4, 1],
  'mfa-service': [0, 0, 0, 0, 0],
  'event-ingest': [0, 7, 21, 16, 3],
  'warehouse-loader': [1, 5, 17, 12, 2],
  'metrics-exporter': [0, 0, 5, 9, 0],
  'feature-flags': [0, 2, 6, 4, 0],
  'ci-runner-controller': [0, 4, 10, 8, 1],
  'posture-scanner': [0, 0, 0, 0, 0],
  'notification-service': [0, 1, 9, 7, 1],
};
const SPDX_SERVICES = new Set(['ledger', 'search-api', 'metrics-exporter']);

/*
 * Real vulnerabilities from CISA's Known Exploited Vulnerabilities catalog
 * (fixtures/kev/known_exploited_vulnerabilities.json), in the packages and versions they
 * really affect, with the fixed versions Trivy reports for them. They come on top of the
 * random findings above (which by chance name a few real KEV ids too), so the demo shows the
 * KEV mark and the risk order on findings people recognise. search-api's has no fix yet, as
 * Trivy reports a distribution package before its security update is published.
 * checkout-api's glibc finding is cleared by the VEX document below.
 */
const KNOWN_EXPLOITED = {
  'product-catalog': [
    {
      id: 'CVE-2021-44228',
      type: 'jar',
      pkg: 'org.apache.logging.log4j:log4j-core',
      version: '2.14.1',
      fixed: '2.15.0, 2.12.2',
      severity: 'CRITICAL',
      cvss: 10,
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      cwe: 'CWE-502',
      license: 'Apache-2.0',
      published: '2021-12-10T10:15:09Z',
      title:
        'log4j-core: Remote code injection in Log4j (Log4Shell) through JNDI lookups in logged strings',
    },
    {
      id: 'CVE-2021-45046',
      type: 'jar',
      pkg: 'org.apache.logging.log4j:log4j-core',
      version: '2.14.1',
      fixed: '2.16.0, 2.12.2',
      severity: 'CRITICAL',
      cvss: 9,
      vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:H/A:H',
      cwe: 'CWE-917',
      license: 'Apache-2.0',
      published: '2021-12-14T19:15:07Z',
      title:
        'log4j-core: DoS and remote code execution in Log4j 2.x with thread context message patterns (incomplete fix for CVE-2021-44228)',
    },
    {
      id: 'CVE-2022-22965',
      type: 'jar',
      pkg: 'org.springframework:spring-beans',
      version: '5.3.17',
      fixed: '5.3.18, 5.2.20',
      severity: 'CRITICAL',
      cvss: 9.8,
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
      cwe: 'CWE-94',
      license: 'Apache-2.0',
      published: '2022-04-01T23:15:13Z',
      title:
        'spring-framework: Remote code execution through data binding on JDK 9+ (Spring4Shell)',
    },
  ],
  'event-ingest': [
    {
      id: 'CVE-2023-44487',
      type: 'gobinary',
      pkg: 'golang.org/x/net',
      version: 'v0.15.0',
      fixed: '0.17.0',
      severity: 'HIGH',
      cvss: 7.5,
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
      cwe: 'CWE-400',
      license: 'BSD-3-Clause',
      published: '2023-10-10T14:15:10Z',
      title:
        'HTTP/2: Multiple HTTP/2 enabled web servers are vulnerable to a DDoS attack (Rapid Reset Attack)',
    },
    {
      id: 'CVE-2023-44487',
      type: 'gobinary',
      pkg: 'stdlib',
      version: 'v1.21.1',
      fixed: '1.20.10, 1.21.3',
      severity: 'HIGH',
      cvss: 7.5,
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
      cwe: 'CWE-400',
      license: 'BSD-3-Clause',
      published: '2023-10-10T14:15:10Z',
      title:
        'HTTP/2: Multiple HTTP/2 enabled web servers are vulnerable to a DDoS attack (Rapid Reset Attack)',
    },
  ],
  'image-resizer': [
    {
      id: 'CVE-2023-4863',
      type: 'debian',
      pkg: 'libwebp7',
      version: '1.2.4-0.2',
      fixed: '1.2.4-0.2+deb12u1',
      severity: 'HIGH',
      cvss: 8.8,
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H',
      cwe: 'CWE-787',
      license: 'BSD-3-Clause',
      published: '2023-09-12T15:15:24Z',
      title: 'libwebp: Heap buffer overflow in WebP Codec',
    },
  ],
  'storefront-web': [
    {
      id: 'CVE-2020-11023',
      type: 'node-pkg',
      pkg: 'jquery',
      version: '3.4.1',
      fixed: '3.5.0',
      severity: 'MEDIUM',
      cvss: 6.1,
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
      cwe: 'CWE-79',
      license: 'MIT',
      published: '2020-04-29T21:15:11Z',
      title:
        'jquery: Untrusted code execution via <option> tag in HTML passed to DOM manipulation methods',
    },
  ],
  'checkout-api': [
    {
      id: 'CVE-2023-4911',
      type: 'debian',
      // libc-bin rather than libc6 (Trivy reports both), which the random packages use.
      pkg: 'libc-bin',
      version: '2.36-9+deb12u1',
      fixed: '2.36-9+deb12u3',
      severity: 'HIGH',
      cvss: 7.8,
      vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H',
      cwe: 'CWE-122',
      license: 'LGPL-2.1-or-later',
      published: '2023-10-03T18:15:10Z',
      title:
        'glibc: buffer overflow in ld.so leading to privilege escalation (Looney Tunables)',
    },
  ],
  'search-api': [
    {
      id: 'CVE-2023-44487',
      type: 'debian',
      pkg: 'libnghttp2-14',
      version: '1.52.0-1',
      fixed: null,
      severity: 'HIGH',
      cvss: 7.5,
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
      cwe: 'CWE-400',
      license: 'MIT',
      published: '2023-10-10T14:15:10Z',
      title:
        'HTTP/2: Multiple HTTP/2 enabled web servers are vulnerable to a DDoS attack (Rapid Reset Attack)',
    },
  ],
};

/*
 * The demo's VEX document (OpenVEX 0.2.0), for checkout-api's image: the payments security
 * team's analysis clears one real finding (not_affected) and keeps another open while they
 * look at it (under_investigation). Written beside the reports, so the seeder uploads it after
 * trivy.json (files go in name order; statements are re-applied on every scan anyway).
 */
const VEX = {
  'checkout-api': {
    timestamp: '2026-11-24T15:30:00Z',
    statements: [
      {
        finding: { id: 'CVE-2023-4911', pkg: 'libc-bin' },
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        impact_statement:
          'The image runs the Node.js server as UID 10001 and contains no setuid or setgid programs; the GLIBC_TUNABLES overflow in ld.so is only exploitable through one, so it is never reached.',
      },
      {
        // The first high finding the random generator gave the service's npm packages.
        finding: { severity: 'HIGH', type: 'node-pkg' },
        status: 'under_investigation',
        status_notes:
          'Checking whether the vulnerable code path is reachable from the checkout handlers.',
      },
    ],
  },
};
const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
const LICENSES = [
  'MIT',
  'Apache-2.0',
  'BSD-3-Clause',
  'ISC',
  'GPL-2.0-only',
  'LGPL-2.1-or-later',
  'MPL-2.0',
  null,
];

const ECOSYSTEMS = {
  debian: {
    target: (image, tag) => `${image}:${tag} (debian 12.5)`,
    cls: 'os-pkgs',
    // Trivy writes a Debian version's `+` percent-encoded, as the purl spec asks.
    purl: (n, v) =>
      `pkg:deb/debian/${n}@${v.replace(
        /\+/g,
        '%2B',
      )}?arch=amd64&distro=debian-12.5`,
    packages: [
      'openssl',
      'libssl3',
      'libc6',
      'zlib1g',
      'curl',
      'libcurl4',
      'libxml2',
      'libsqlite3-0',
      'libpcre2-8-0',
      'perl-base',
      'tar',
      'gzip',
      'libgnutls30',
      'libkrb5-3',
      'libexpat1',
      'ncurses-base',
      'bash',
      'login',
      'passwd',
      'libsystemd0',
      'libudev1',
      'util-linux',
      'libtasn1-6',
      'libgcrypt20',
      'libzstd1',
    ],
  },
  'node-pkg': {
    target: () => 'Node.js',
    cls: 'lang-pkgs',
    purl: (n, v) => `pkg:npm/${n.replace('@', '%40')}@${v}`,
    packages: [
      'express',
      'lodash',
      'axios',
      'jsonwebtoken',
      'minimist',
      'semver',
      'tough-cookie',
      'ws',
      'qs',
      'body-parser',
      'path-to-regexp',
      'cookie',
      'braces',
      'micromatch',
      'follow-redirects',
      'undici',
      'ip',
      'word-wrap',
      'json5',
      'tar',
    ],
  },
  jar: {
    target: () => 'Java',
    cls: 'lang-pkgs',
    purl: (n, v) => `pkg:maven/${n.replace(':', '/')}@${v}`,
    packages: [
      'com.fasterxml.jackson.core:jackson-databind',
      'org.apache.logging.log4j:log4j-core',
      'org.springframework:spring-core',
      'org.springframework:spring-web',
      'org.yaml:snakeyaml',
      'io.netty:netty-codec-http',
      'org.apache.tomcat.embed:tomcat-embed-core',
      'com.google.guava:guava',
      'commons-io:commons-io',
      'org.postgresql:postgresql',
    ],
  },
  // Only the known exploited findings below use Go binaries.
  gobinary: {
    target: (image, tag, name) => `usr/local/bin/${name}`,
    cls: 'lang-pkgs',
    purl: (n, v) => `pkg:golang/${n}@${v}`,
    packages: [],
  },
  'python-pkg': {
    target: () => 'Python',
    cls: 'lang-pkgs',
    purl: (n, v) => `pkg:pypi/${n}@${v}`,
    packages: [
      'requests',
      'urllib3',
      'django',
      'flask',
      'jinja2',
      'pyyaml',
      'cryptography',
      'certifi',
      'setuptools',
      'idna',
      'werkzeug',
      'sqlparse',
    ],
  },
};
const TITLES = [
  'heap-based buffer overflow in the parser',
  'denial of service via crafted input',
  'improper certificate validation',
  'path traversal when extracting archives',
  'prototype pollution',
  'out-of-bounds read',
  'use-after-free in the connection handler',
  'regular expression denial of service',
  'HTTP request smuggling',
  'information disclosure through error messages',
  'integer overflow leading to memory corruption',
  'improper input validation',
];

function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const hex = (text, length = 64) =>
  crypto.createHash('sha256').update(text).digest('hex').slice(0, length);
const iso = ms => new Date(ms).toISOString();

function servicesFromCatalog() {
  return [
    ...catalog.matchAll(/posture\.dev\/image:\s*ghcr\.io\/acme\/([a-z0-9-]+)/g),
  ].map(m => m[1]);
}

function generate(name, index) {
  const rand = mulberry32(index * 7919 + 17);
  const pick = list => list[Math.floor(rand() * list.length)];
  const image = `ghcr.io/acme/${name}`;
  const tag = `1.${Math.floor(rand() * 30)}.${Math.floor(rand() * 10)}`;
  const digest = `sha256:${hex(`${name}:${tag}`)}`;
  const scannedAt = BASE - ((index * 7) % 41) * DAY;
  const ecosystems = ['debian', pick(['node-pkg', 'jar', 'python-pkg'])];
  if (rand() < 0.3) ecosystems.push(pick(['node-pkg', 'jar', 'python-pkg']));
  const targets = [...new Set(ecosystems)];
  const mix = MIX[name] ?? [0, 1, 3, 2, 0];

  // Installed packages: what both the Trivy report's findings and the SBOM draw from.
  const installed = [];
  const componentCount =
    30 + Math.floor(rand() * 300) + (mix[2] > 500 ? 100 : 0);
  for (let i = 0; i < componentCount; i++) {
    const type = targets[i % targets.length];
    const eco = ECOSYSTEMS[type];
    const base = eco.packages[i % eco.packages.length];
    const pkgName =
      i < eco.packages.length * targets.length ? base : `${base}-${i}`;
    const version = `${1 + Math.floor(rand() * 4)}.${Math.floor(
      rand() * 20,
    )}.${Math.floor(rand() * 10)}`;
    installed.push({
      type,
      name: pkgName,
      version,
      purl: eco.purl(pkgName, version),
      license: pick(LICENSES),
    });
  }

  const results = targets.map(type => ({
    Target: ECOSYSTEMS[type].target(image, tag, name),
    Class: ECOSYSTEMS[type].cls,
    Type: type,
    Vulnerabilities: [],
  }));
  let serial = 0;
  mix.forEach((count, severityIndex) => {
    for (let i = 0; i < count; i++) {
      serial += 1;
      const pkg = installed[Math.floor(rand() * installed.length)];
      const result = results[targets.indexOf(pkg.type)];
      const ghsa = pkg.type !== 'debian' && rand() < 0.3;
      const year = 2019 + Math.floor(rand() * 7);
      const id = ghsa
        ? `GHSA-${hex(`${name}${serial}`, 4)}-${hex(
            `${serial}${name}`,
            4,
          )}-${hex(`x${serial}${name}`, 4)}`
        : `CVE-${year}-${10000 + Math.floor(rand() * 40000)}`;
      const fixed = rand() < 0.6;
      const [major, minor, patch] = pkg.version.split('.').map(Number);
      const score = [
        9 + rand(),
        7 + rand() * 1.9,
        4 + rand() * 2.9,
        0.5 + rand() * 3.4,
        null,
      ][severityIndex];
      const published = Date.UTC(
        year,
        Math.floor(rand() * 12),
        1 + Math.floor(rand() * 28),
      );
      const vuln = {
        VulnerabilityID: id,
        PkgID: `${pkg.name}@${pkg.version}`,
        PkgName: pkg.name,
        PkgIdentifier: { PURL: pkg.purl, UID: hex(`${pkg.purl}`, 16) },
        InstalledVersion: pkg.version,
        ...(fixed ? { FixedVersion: `${major}.${minor}.${patch + 1}` } : {}),
        Status: fixed ? 'fixed' : rand() < 0.8 ? 'affected' : 'will_not_fix',
        Layer: {
          Digest: `sha256:${hex(`layer${name}`)}`,
          DiffID: `sha256:${hex(`diff${name}`)}`,
        },
        SeveritySource: pkg.type === 'debian' ? 'debian' : 'ghsa',
        PrimaryURL: ghsa
          ? `https://github.com/advisories/${id}`
          : `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
        DataSource:
          pkg.type === 'debian'
            ? {
                ID: 'debian',
                Name: 'Debian Security Tracker',
                URL: 'https://salsa.debian.org/security-tracker-team/security-tracker',
              }
            : {
                ID: 'ghsa',
                Name: 'GitHub Security Advisory',
                URL: 'https://github.com/advisories',
              },
        Title: `${pkg.name}: ${pick(TITLES)}`,
        Description: `A flaw was found in ${
          pkg.name
        } before ${major}.${minor}.${
          patch + 1
        }. A remote attacker could use it to affect availability or integrity.`,
        Severity: SEVERITIES[severityIndex],
        CweIDs: [
          pick([
            'CWE-787',
            'CWE-20',
            'CWE-400',
            'CWE-22',
            'CWE-295',
            'CWE-416',
            'CWE-1321',
          ]),
        ],
        VendorSeverity: { nvd: 4 - severityIndex < 0 ? 0 : 4 - severityIndex },
        ...(score === null
          ? {}
          : {
              CVSS: {
                nvd: {
                  V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
                  V3Score: Math.round(score * 10) / 10,
                },
              },
            }),
        References: [
          ghsa
            ? `https://github.com/advisories/${id}`
            : `https://nvd.nist.gov/vuln/detail/${id}`,
        ],
        PublishedDate: iso(published),
        LastModifiedDate: iso(published + 30 * DAY),
      };
      result.Vulnerabilities.push(vuln);
    }
  });
  // After the random findings, so adding these changed none of them.
  for (const known of KNOWN_EXPLOITED[name] ?? []) {
    addKnownExploited(known, { name, image, tag, installed, targets, results });
  }
  for (const result of results) {
    if (result.Vulnerabilities.length === 0) delete result.Vulnerabilities;
  }

  const trivy = {
    SchemaVersion: 2,
    CreatedAt: iso(scannedAt).replace('.000Z', '.123456789Z'),
    ArtifactName: `${image}:${tag}`,
    ArtifactType: 'container_image',
    Metadata: {
      OS: { Family: 'debian', Name: '12.5' },
      ImageID: `sha256:${hex(`image${name}`)}`,
      DiffIDs: [`sha256:${hex(`diff${name}`)}`],
      RepoTags: [`${image}:${tag}`],
      RepoDigests: [`${image}@${digest}`],
      ImageConfig: {
        architecture: 'amd64',
        os: 'linux',
        config: { User: '10001' },
      },
    },
    Results: results,
  };

  const sbomAt = iso(scannedAt + 60_000);
  let sbomName;
  let sbom;
  if (SPDX_SERVICES.has(name)) {
    sbomName = 'sbom.spdx.json';
    const rootId = `SPDXRef-ContainerImage-${hex(name, 16)}`;
    sbom = {
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
      name: `${image}:${tag}`,
      documentNamespace: `http://aquasecurity.github.io/trivy/container_image/${image}:${tag}-${hex(
        `ns${name}`,
        36,
      )}`,
      creationInfo: {
        creators: ['Organization: aquasecurity', 'Tool: trivy-0.58.1'],
        created: sbomAt.replace('.000Z', 'Z'),
      },
      packages: [
        {
          name: `${image}:${tag}`,
          SPDXID: rootId,
          versionInfo: tag,
          downloadLocation: 'NONE',
          primaryPackagePurpose: 'CONTAINER',
          attributionTexts: [`RepoDigest: ${image}@${digest}`],
        },
        ...installed.map((pkg, i) => ({
          name: pkg.name,
          SPDXID: `SPDXRef-Package-${hex(`${name}${i}`, 16)}`,
          versionInfo: pkg.version,
          downloadLocation: 'NONE',
          licenseConcluded: pkg.license ?? 'NOASSERTION',
          licenseDeclared: pkg.license ?? 'NOASSERTION',
          externalRefs: [
            {
              referenceCategory: 'PACKAGE-MANAGER',
              referenceType: 'purl',
              referenceLocator: pkg.purl,
            },
          ],
          primaryPackagePurpose: 'LIBRARY',
        })),
      ],
      relationships: [
        {
          spdxElementId: 'SPDXRef-DOCUMENT',
          relatedSpdxElement: rootId,
          relationshipType: 'DESCRIBES',
        },
        ...installed.map((_, i) => ({
          spdxElementId: rootId,
          relatedSpdxElement: `SPDXRef-Package-${hex(`${name}${i}`, 16)}`,
          relationshipType: 'CONTAINS',
        })),
      ],
    };
  } else {
    sbomName = 'sbom.cdx.json';
    const rootRef = `pkg:oci/${name}@${digest.replace(
      ':',
      '%3A',
    )}?repository_url=ghcr.io%2Facme%2F${name}`;
    const components = installed.map((pkg, i) => ({
      'bom-ref': `${pkg.purl}#${i}`,
      type: 'library',
      name: pkg.name,
      version: pkg.version,
      purl: pkg.purl,
      ...(pkg.license
        ? {
            licenses: [
              {
                license:
                  i % 5 === 0 ? { name: pkg.license } : { id: pkg.license },
              },
            ],
          }
        : {}),
    }));
    sbom = {
      $schema: 'http://cyclonedx.org/schema/bom-1.6.schema.json',
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      serialNumber: `urn:uuid:${[8, 4, 4, 4, 12]
        .map((n, i) => hex(`${name}${i}`, n))
        .join('-')}`,
      version: 1,
      metadata: {
        timestamp: sbomAt.replace('.000Z', '+00:00'),
        tools: {
          components: [
            {
              type: 'application',
              group: 'aquasecurity',
              name: 'trivy',
              version: '0.58.1',
            },
          ],
        },
        component: {
          'bom-ref': rootRef,
          type: 'container',
          name: `${image}:${tag}`,
          purl: rootRef,
          properties: [
            {
              name: 'aquasecurity:trivy:RepoDigest',
              value: `${image}@${digest}`,
            },
            { name: 'aquasecurity:trivy:RepoTag', value: `${image}:${tag}` },
            { name: 'aquasecurity:trivy:SchemaVersion', value: '2' },
          ],
        },
      },
      components,
      dependencies: [
        { ref: rootRef, dependsOn: components.map(c => c['bom-ref']) },
      ],
    };
  }

  const dir = path.join(here, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const stale of fs.readdirSync(dir)) fs.rmSync(path.join(dir, stale));
  fs.writeFileSync(
    path.join(dir, 'trivy.json'),
    `${JSON.stringify(trivy, null, mix[2] > 500 ? 0 : 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, sbomName),
    `${JSON.stringify(sbom, null, componentCount > 300 ? 0 : 2)}\n`,
  );

  const vulns = results.flatMap(r => r.Vulnerabilities ?? []);
  const written = {};
  if (VEX[name]) {
    const vex = openVex(name, image, digest, VEX[name], results);
    fs.writeFileSync(
      path.join(dir, 'vex.openvex.json'),
      `${JSON.stringify(vex, null, 2)}\n`,
    );
    written['vex.openvex.json'] = {
      statements: vex.statements.length,
      byStatus: Object.fromEntries(
        vex.statements.map(st => [
          st.status,
          vex.statements.filter(o => o.status === st.status).length,
        ]),
      ),
    };
  }
  const bySeverity = Object.fromEntries(
    SEVERITIES.map(s => [
      s.toLowerCase(),
      vulns.filter(v => v.Severity === s).length,
    ]),
  );
  return {
    'trivy.json': {
      vulnerabilities: vulns.length,
      bySeverity,
      fixable: vulns.filter(v => v.FixedVersion).length,
    },
    [sbomName]: { components: installed.length },
    ...written,
  };
}

/** A Trivy finding for one of KNOWN_EXPLOITED, in its ecosystem's result (added if absent). */
function addKnownExploited(
  known,
  { name, image, tag, installed, targets, results },
) {
  const eco = ECOSYSTEMS[known.type];
  const purl = eco.purl(known.pkg, known.version);
  let pkg = installed.find(p => p.purl === purl);
  if (!pkg) {
    if (installed.some(p => p.name === known.pkg)) {
      throw new Error(`${name} already has another version of ${known.pkg}`);
    }
    pkg = {
      type: known.type,
      name: known.pkg,
      version: known.version,
      purl,
      license: known.license,
    };
    installed.push(pkg);
  }
  if (!targets.includes(known.type)) {
    targets.push(known.type);
    results.push({
      Target: eco.target(image, tag, name),
      Class: eco.cls,
      Type: known.type,
      Vulnerabilities: [],
    });
  }
  const severityIndex = SEVERITIES.indexOf(known.severity);
  const published = Date.parse(known.published);
  const dataSource = {
    debian: {
      ID: 'debian',
      Name: 'Debian Security Tracker',
      URL: 'https://salsa.debian.org/security-tracker-team/security-tracker',
    },
    gobinary: {
      ID: 'govulndb',
      Name: 'The Go Vulnerability Database',
      URL: 'https://pkg.go.dev/vuln/',
    },
  }[known.type] ?? {
    ID: 'ghsa',
    Name: 'GitHub Security Advisory',
    URL: 'https://github.com/advisories',
  };
  results[targets.indexOf(known.type)].Vulnerabilities.push({
    VulnerabilityID: known.id,
    PkgID: `${pkg.name}@${pkg.version}`,
    PkgName: pkg.name,
    PkgIdentifier: { PURL: pkg.purl, UID: hex(`${pkg.purl}`, 16) },
    InstalledVersion: pkg.version,
    ...(known.fixed ? { FixedVersion: known.fixed } : {}),
    Status: known.fixed ? 'fixed' : 'affected',
    Layer: {
      Digest: `sha256:${hex(`layer${name}`)}`,
      DiffID: `sha256:${hex(`diff${name}`)}`,
    },
    SeveritySource: known.type === 'debian' ? 'debian' : 'nvd',
    PrimaryURL: `https://avd.aquasec.com/nvd/${known.id.toLowerCase()}`,
    DataSource: dataSource,
    Title: known.title,
    Description: `${known.title}. Listed in CISA's Known Exploited Vulnerabilities catalog.`,
    Severity: known.severity,
    CweIDs: [known.cwe],
    VendorSeverity: { nvd: 4 - severityIndex },
    CVSS: {
      nvd: {
        V3Vector: known.vector,
        V3Score: known.cvss,
      },
    },
    References: [`https://nvd.nist.gov/vuln/detail/${known.id}`],
    PublishedDate: iso(published),
    LastModifiedDate: iso(published + 30 * DAY),
  });
}

/** An OpenVEX 0.2.0 document about this image's findings, from a VEX plan above. */
function openVex(name, image, digest, plan, results) {
  const product = `pkg:oci/${name}@${digest.replace(
    ':',
    '%3A',
  )}?repository_url=${encodeURIComponent(image)}`;
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': `https://acme.example/vex/${name}/${plan.timestamp.slice(0, 10)}`,
    author: 'Acme Payments Security <security@acme.example>',
    role: 'Product security team',
    timestamp: plan.timestamp,
    version: 1,
    statements: plan.statements.map(({ finding, ...statement }) => {
      const match = results
        .filter(r => finding.type === undefined || r.Type === finding.type)
        .flatMap(r => r.Vulnerabilities ?? [])
        .find(
          v =>
            (finding.id === undefined || v.VulnerabilityID === finding.id) &&
            (finding.pkg === undefined || v.PkgName === finding.pkg) &&
            (finding.severity === undefined || v.Severity === finding.severity),
        );
      if (!match) {
        throw new Error(`${name}: no finding ${JSON.stringify(finding)}`);
      }
      return {
        vulnerability: { name: match.VulnerabilityID },
        products: [
          {
            '@id': product,
            subcomponents: [{ '@id': match.PkgIdentifier.PURL }],
          },
        ],
        ...statement,
      };
    }),
  };
}

const manifest = {};
servicesFromCatalog().forEach((name, index) => {
  if (NO_REPORTS.has(name)) {
    fs.rmSync(path.join(here, name), { recursive: true, force: true });
    return;
  }
  manifest[name] = generate(name, index);
});
fs.writeFileSync(
  path.join(here, 'manifest.json'),
  `${JSON.stringify(manifest, null, 2)}\n`,
);
console.log(`Wrote reports for ${Object.keys(manifest).length} services`);
