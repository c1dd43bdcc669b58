import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { fixturesDir } from '@posture/dev-stand-ins';
import securityModuleVex from '@posture/backstage-plugin-security-backend-module-vex';
import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { securityPlugin } from '../plugin';
import { fakeFormatModule } from '../__testUtils__/fakeFormat';

/*
 * VEX documents through POST /v1/reports, with the real VEX module: what is stored, what
 * leaves the counts, and every refusal.
 */

function component(name: string, image: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'posture.dev/image': image },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

const DIGEST = `sha256:${'5fab8ae4'.repeat(8)}`;
const OTHER_DIGEST = `sha256:${'0bb1e2c3'.repeat(8)}`;
const API_PURL = `pkg:oci/api@${DIGEST.replace(
  ':',
  '%3A',
)}?repository_url=ghcr.io%2Facme%2Fapi`;
// The fake scan's finding 1 (makeVulnerability): high, with a fix.
const HIGH = 'CVE-2026-10001';

async function start(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const auditor = mockServices.auditor.mock();
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      securityModuleVex,
      fakeFormatModule,
      catalogServiceMock.factory({
        entities: [
          component('api', 'ghcr.io/acme/api'),
          component('web', 'ghcr.io/acme/web'),
        ],
      }),
      auditor.factory,
      mockServices.permissions.factory({ result: permission }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  const upload = (
    body: unknown,
    query = '',
    auth: string | null = mockCredentials.service.header(),
  ) => {
    const req = request(server)
      .post(`/api/security/v1/reports${query}`)
      .set('Content-Type', 'application/json');
    if (auth) req.set('Authorization', auth);
    return req.send(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const asUser = (url: string) =>
    request(server)
      .get(`/api/security/v1/entities/component/default/${url}`)
      .set('Authorization', mockCredentials.user.header());
  const posture = async (name = 'api') =>
    (await asUser(`${name}/posture`)).body;
  const findings = async (query = '') =>
    (await asUser(`api/vulnerabilities?limit=100${query}`)).body
      .items as Array<{
      id: string;
      vex: unknown;
    }>;
  // A scan of ghcr.io/acme/api at DIGEST with 5 findings; as a service, always allowed.
  const scan = async (digest = DIGEST, at = '2026-11-20T00:00:00Z') => {
    const res = await upload(
      {
        fakeScan: {
          image: 'ghcr.io/acme/api:1.4.2',
          digest,
          findings: 5,
          at,
        },
      },
      '?entityRef=component:default/api',
    );
    expect(res.status).toBe(201);
  };
  return { upload, posture, findings, scan, auditor };
}

function openVex(
  statement: Record<string, unknown> = {},
  doc: Record<string, unknown> = {},
) {
  return {
    '@context': 'https://openvex.dev/ns/v0.2.0',
    '@id': 'https://openvex.dev/docs/example/vex-api-1',
    author: 'Acme Security <security@acme.example>',
    timestamp: '2026-11-21T09:00:00Z',
    version: 1,
    statements: [
      {
        vulnerability: { name: HIGH },
        products: [{ '@id': API_PURL }],
        status: 'not_affected',
        justification: 'vulnerable_code_not_in_execute_path',
        impact_statement: 'The parser never sees untrusted input.',
        ...statement,
      },
    ],
    ...doc,
  };
}

describe('VEX documents through POST /v1/reports', () => {
  it("stores a not_affected statement for the entity's image (found by its annotation): 201, the finding leaves the counts and shows in the not-affected list", async () => {
    const { upload, posture, findings, scan } = await start();
    await scan();
    const before = await posture();
    expect(before.vulnerabilities.high).toBe(1);

    const body = JSON.stringify(openVex());
    const res = await upload(body);

    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      entityRef: 'component:default/api',
      format: 'openvex',
      artifact: 'ghcr.io/acme/api',
      digest: DIGEST,
      findings: 1,
      components: 0,
      reportId: createHash('sha256').update(body).digest('hex'),
      generatedAt: '2026-11-21T09:00:00.000Z',
      otherFindings: {},
      vex: { statements: 1, stored: 1, applied: 1 },
    });
    const after = await posture();
    expect(after.vulnerabilities.high).toBe(0);
    expect(after.vulnerabilities.fixable.high).toBe(0);
    expect((await findings()).map(f => f.id)).not.toContain(HIGH);
    expect(await findings('&vex=not-affected')).toEqual([
      expect.objectContaining({
        id: HIGH,
        vex: expect.objectContaining({
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          impactStatement: 'The parser never sees untrusted input.',
          author: 'Acme Security <security@acme.example>',
          timestamp: '2026-11-21T09:00:00.000Z',
          product: API_PURL,
          format: 'openvex',
        }),
      }),
    ]);
  });

  it('stores the same statement for another image but changes nothing', async () => {
    const { upload, posture, findings, scan } = await start();
    await scan();
    const before = await posture();

    const res = await upload(
      openVex({
        products: [
          {
            '@id': `pkg:oci/web@${OTHER_DIGEST}?repository_url=ghcr.io/acme/web`,
          },
        ],
      }),
      '?entityRef=component:default/api',
    );

    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/api',
      artifact: 'ghcr.io/acme/web',
      digest: OTHER_DIGEST,
      findings: 0,
      vex: { statements: 1, stored: 1, applied: 0 },
    });
    const after = await posture();
    expect(after.vulnerabilities).toEqual(before.vulnerabilities);
    expect(after.grade).toBe(before.grade);
    expect((await findings()).map(f => f.id)).toContain(HIGH);
  });

  it('answers 200 unchanged for the same document uploaded twice', async () => {
    const { upload, scan } = await start();
    await scan();
    const first = await upload(openVex());
    const second = await upload(openVex());
    expect(second.status).toBe(200);
    // Nothing stored: no finding is newly marked.
    expect(second.body).toEqual({
      ...first.body,
      findings: 0,
      vex: { statements: 1, stored: 0, applied: 0 },
      unchanged: true,
    });
  });

  it('keeps an affected statement counted and shows it on the finding', async () => {
    const { upload, posture, findings, scan } = await start();
    await scan();
    const res = await upload(
      openVex({
        status: 'affected',
        justification: undefined,
        action_statement: 'Upgrade pkg-1 to 1.1.1',
      }),
    );
    expect(res.status).toBe(201);
    expect((await posture()).vulnerabilities.high).toBe(1);
    expect((await findings()).find(f => f.id === HIGH)?.vex).toMatchObject({
      status: 'affected',
      actionStatement: 'Upgrade pkg-1 to 1.1.1',
    });
  });

  it('takes a CycloneDX VEX document through the same endpoint', async () => {
    const { upload, posture, findings, scan } = await start();
    await scan();
    const res = await upload({
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      version: 1,
      metadata: {
        timestamp: '2026-11-21T09:00:00Z',
        authors: [{ name: 'Acme Security' }],
        component: {
          type: 'container',
          'bom-ref': 'image',
          name: 'ghcr.io/acme/api',
          purl: API_PURL,
        },
      },
      vulnerabilities: [
        {
          id: HIGH,
          analysis: {
            state: 'resolved',
            detail: 'Patched in the base image.',
          },
          affects: [{ ref: 'image' }],
        },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/api',
      format: 'cyclonedx-vex',
      findings: 1,
      vex: { statements: 1, stored: 1, applied: 1 },
    });
    expect((await posture()).vulnerabilities.high).toBe(0);
    // The author the document names, not the uploader.
    expect(await findings('&vex=not-affected')).toEqual([
      expect.objectContaining({
        id: HIGH,
        vex: expect.objectContaining({
          status: 'fixed',
          author: 'Acme Security',
        }),
      }),
    ]);
  });

  it("takes CISA's CycloneDX VEX examples, which name no author, and shows the uploader as a statement's author", async () => {
    const { upload, findings, scan } = await start();
    await scan();
    for (const file of [
      'not_affected',
      'affected',
      'fixed',
      'under_investigation',
    ]) {
      const res = await upload(
        fs.readFileSync(
          path.join(
            fixturesDir(),
            'vex',
            `cyclonedx/cisa-case-1-${file}.cdx.json`,
          ),
          'utf8',
        ),
        // Their products (ABC, DEF, GHI) are no image of the catalog's.
        '?entityRef=component:default/api',
        mockCredentials.user.header(),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        format: 'cyclonedx-vex',
        vex: { statements: 1, stored: 1, applied: 0 },
      });
    }

    // The same shape for the api image clears its finding: who vouched is who uploaded.
    const cisaShaped = {
      bomFormat: 'CycloneDX',
      specVersion: '1.4',
      version: 1,
      metadata: {
        timestamp: '2026-11-21T09:00:00Z',
        component: {
          name: 'ghcr.io/acme/api',
          version: DIGEST,
          type: 'container',
          'bom-ref': 'product-api',
        },
      },
      vulnerabilities: [
        {
          id: HIGH,
          analysis: {
            state: 'not_affected',
            justification: 'code_not_present',
          },
          affects: [{ ref: 'product-api' }],
        },
      ],
    };
    const res = await upload(cisaShaped, '', mockCredentials.user.header());
    expect(res.status).toBe(201);
    expect(res.body.vex).toEqual({ statements: 1, stored: 1, applied: 1 });
    expect(await findings('&vex=not-affected')).toEqual([
      expect.objectContaining({
        id: HIGH,
        vex: expect.objectContaining({
          status: 'not_affected',
          justification: 'code_not_present',
          author: `uploaded by ${
            mockCredentials.user().principal.userEntityRef
          }`,
          product: `ghcr.io/acme/api@${DIGEST}`,
          format: 'cyclonedx-vex',
        }),
      }),
    ]);
  });

  it('takes the hand-written fixture documents as they are', async () => {
    const { upload } = await start();
    for (const [file, format] of [
      ['openvex/acme-api-image.openvex.json', 'openvex'],
      ['cyclonedx/acme-api-image-1.5.cdx.json', 'cyclonedx-vex'],
    ]) {
      const res = await upload(
        fs.readFileSync(path.join(fixturesDir(), 'vex', file), 'utf8'),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        entityRef: 'component:default/api',
        format,
        vex: { statements: 4, stored: 4, applied: 0 },
      });
    }
  });

  it('audits the upload with what the document did', async () => {
    const { upload, scan, auditor } = await start();
    await scan();
    auditor.createEvent.mockClear();
    await upload(openVex());
    const event = auditor.createEvent.mock.results[0].value;
    const done = await event;
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'report-ingest' }),
    );
    expect(done.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        entityRef: 'component:default/api',
        format: 'openvex',
        vexStatements: 1,
        vexStored: 1,
        applied: 1,
      }),
    });
  });

  describe('refuses, naming the problem, and stores nothing', () => {
    it.each<[string, unknown, string, string]>([
      [
        'a not_affected statement without justification: 400 naming the path',
        openVex({ justification: undefined, impact_statement: undefined }),
        '',
        'Invalid OpenVEX document: statements[0].justification: not_affected needs a justification or an impact_statement',
      ],
      [
        'a statement dated in the future: 400 naming the statement',
        openVex({ timestamp: '2999-01-01T00:00:00Z' }),
        '',
        `VEX statement 1 (${HIGH}) is dated 2999-01-01T00:00:00.000Z, in the future`,
      ],
      [
        'an author longer than the column: 400 naming the field',
        openVex({}, { author: 'a'.repeat(513) }),
        '',
        `VEX statement 1 (${HIGH}): author is 513 characters long; at most 512 are accepted`,
      ],
      [
        'a document naming only a digest, without entityRef: 400 saying how to fix it',
        openVex({ products: [{ '@id': DIGEST }] }),
        '',
        'The upload names no artifact: pass ?entityRef=',
      ],
      [
        'an invalid entityRef: 400',
        openVex(),
        '?entityRef=component:default/',
        'Invalid entityRef',
      ],
    ])('%s', async (_, document, query, message) => {
      const { upload, posture, scan } = await start();
      await scan();
      const before = await posture();
      const res = await upload(document, query);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toContain(message);
      expect(await posture()).toEqual(before);
    });

    it('an image no entity claims: 404', async () => {
      const { upload } = await start();
      const res = await upload(
        openVex({ products: [{ '@id': 'ghcr.io/acme/nobody:1.0' }] }),
      );
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(
        'No catalog entity has a posture.dev/image annotation matching ghcr.io/acme/nobody',
      );
    });

    it('a user without security.report.create: 403', async () => {
      const { upload, posture } = await start(AuthorizeResult.DENY);
      const res = await upload(
        openVex(),
        '?entityRef=component:default/api',
        mockCredentials.user.header(),
      );
      expect(res.status).toBe(403);
      expect(res.body.error.name).toBe('NotAllowedError');
      expect((await posture()).vulnerabilities ?? null).toBeNull();
    });

    it('no credentials: 401', async () => {
      const { upload } = await start();
      const res = await upload(openVex(), '', null);
      expect(res.status).toBe(401);
    });
  });
});
