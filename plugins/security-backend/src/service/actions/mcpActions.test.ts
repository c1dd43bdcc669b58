import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import trivyModule from '@posture/backstage-plugin-security-backend-module-trivy';
import type { Knex } from 'knex';
import request from 'supertest';
import { securityPlugin } from '../../plugin';
import { entityOwnerDecision } from '../../__testUtils__/catalogDecisions';

/*
 * The assistants' path end to end: a backend with the security plugin (real store on SQLite,
 * the Trivy module for uploads, a catalog mock) and the MCP actions backend, example reports
 * uploaded through POST /v1/reports, and an MCP client speaking JSON-RPC 2.0 over streamable
 * HTTP to /api/mcp-actions/v1, as Claude Desktop or Cursor would.
 */

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const EXAMPLES = resolve(__dirname, '../../../../../examples/reports');
const TEAM_STOREFRONT = 'group:default/team-storefront';
const TEAM_DATA = 'group:default/team-data';

/** Three example services; all ship log4j-core below 2.17 (a scan, or an SBOM). */
const SERVICES = [
  {
    name: 'product-catalog',
    owner: TEAM_STOREFRONT,
    system: 'system:default/storefront',
    // Its scan: log4j-core 2.14.1 with CVE-2021-44228 (Log4Shell).
    report: 'product-catalog/trivy.json',
  },
  {
    name: 'search-api',
    owner: TEAM_STOREFRONT,
    system: 'system:default/storefront',
    // Its SBOM: log4j-core 1.9.4 (and 2.18.2).
    report: 'search-api/sbom.spdx.json',
  },
  {
    name: 'metrics-exporter',
    owner: TEAM_DATA,
    system: 'system:default/data-pipeline',
    // Its SBOM: log4j-core 2.15.5.
    report: 'metrics-exporter/sbom.spdx.json',
  },
];
const ref = (name: string) => `component:default/${name}`;

const entity = (s: (typeof SERVICES)[number]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: s.name,
    namespace: 'default',
    annotations: { 'posture.dev/image': `ghcr.io/acme/${s.name}` },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: s.owner,
    system: s.system,
  },
});

/** Dana of team-data may read the posture of her team's services only. */
const DANA = 'user:default/dana';

let server: Server;
let knex: Knex;

beforeAll(async () => {
  knex = await databases.init('SQLITE_3');
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async (requests, options) => {
    const principal = options?.credentials.principal as {
      userEntityRef?: string;
    };
    return requests.map(r => ({
      result:
        principal?.userEntityRef === DANA &&
        'resourceRef' in r &&
        r.resourceRef !== ref('metrics-exporter')
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    }));
  });
  permissions.authorizeConditional.mockImplementation(
    async (requests, options) => {
      const principal = options?.credentials.principal as {
        userEntityRef?: string;
      };
      return requests.map(r =>
        principal?.userEntityRef === DANA &&
        r.permission.name === 'security.posture.read'
          ? entityOwnerDecision([DANA, TEAM_DATA])
          : { result: AuthorizeResult.ALLOW },
      );
    },
  );
  ({ server } = await startTestBackend({
    features: [
      securityPlugin,
      trivyModule,
      mcpActionsPlugin,
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities: SERVICES.map(entity) }),
      permissions.factory,
      // The mock otherwise treats a request without a token as a signed-in user.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: { backend: { actions: { pluginSources: ['security'] } } },
      }),
    ],
  }));
  for (const service of SERVICES) {
    const res = await request(server)
      .post(`/api/security/v1/reports?entityRef=${ref(service.name)}`)
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(readFileSync(resolve(EXAMPLES, service.report), 'utf8'));
    if (res.status !== 201) {
      throw new Error(
        `Upload of ${service.report} answered ${res.status}: ${res.text}`,
      );
    }
  }
  // Owners and systems as the fleet regrade's catalog walk records them (its start-up run may
  // have been first: the same facts either way).
  await knex('posture_entities')
    .insert(
      SERVICES.map(s => ({
        entity_ref: ref(s.name),
        kind: 'component',
        namespace: 'default',
        name: s.name,
        title: s.name,
        owner_ref: s.owner,
        system_ref: s.system,
        lifecycle: 'production',
        policy: null,
        seen_at: new Date(),
      })),
    )
    .onConflict('entity_ref')
    .merge();
});

function mcpUrl() {
  const { port } = server.address() as AddressInfo;
  return new URL(`http://localhost:${port}/api/mcp-actions/v1`);
}

/** An MCP client connected (initialize) as the user. */
async function connect(userEntityRef = 'user:default/alice') {
  const client = new Client({ name: 'posture-test-assistant', version: '1.0' });
  await client.connect(
    new StreamableHTTPClientTransport(mcpUrl(), {
      requestInit: {
        headers: {
          Authorization: mockCredentials.user.header(userEntityRef),
        },
      },
    }),
  );
  return client;
}

type ImpactOutput = {
  totalCount: number;
  owners: Array<{ ref: string | null; entities: number }>;
  items: Array<{
    entityRef: string;
    owner: string | null;
    system: string | null;
    matches: Array<{
      source: string;
      id: string | null;
      installedVersion: string | null;
    }>;
  }>;
};

async function callImpact(client: Client, args: Record<string, unknown>) {
  const result = await client.callTool({
    name: 'security.query-impact',
    arguments: args,
  });
  expect(result.isError).toBeFalsy();
  return result.structuredContent as ImpactOutput;
}

describe('Posture through the MCP actions backend', () => {
  it('initializes and lists Posture’s tools, read-only', async () => {
    const client = await connect();
    expect(client.getServerVersion()?.name).toBe('backstage');
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name).sort()).toEqual([
      'security.get-campaign-status',
      'security.get-entity-posture',
      'security.list-entity-findings',
      'security.query-impact',
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
      });
    }
    const impact = tools.find(t => t.name === 'security.query-impact')!;
    expect(impact.description).toContain(
      'which services run log4j-core below 2.17?',
    );
    expect(Object.keys(impact.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(['vulnerability', 'package', 'purl', 'image']),
    );
    await client.close();
  });

  it('answers "which services run log4j-core below 2.17?" with the affected services', async () => {
    const client = await connect();
    const output = await callImpact(client, {
      package: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.0',
    });
    expect(output.items.map(i => i.entityRef).sort()).toEqual([
      ref('metrics-exporter'),
      ref('product-catalog'),
      ref('search-api'),
    ]);
    expect(output.totalCount).toBe(3);
    expect(output.owners).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ref: TEAM_STOREFRONT, entities: 2 }),
        expect.objectContaining({ ref: TEAM_DATA, entities: 1 }),
      ]),
    );
    const search = output.items.find(i => i.entityRef === ref('search-api'))!;
    expect(search.owner).toBe(TEAM_STOREFRONT);
    // 1.9.4 is below 2.17.0; its 2.18.2 is not.
    expect(search.matches.map(m => m.installedVersion)).toEqual(['1.9.4']);
    await client.close();
  });

  it('answers a CVE with exactly the service whose scan contains it', async () => {
    const client = await connect();
    const output = await callImpact(client, {
      vulnerability: 'CVE-2021-44228',
    });
    expect(output.items.map(i => i.entityRef)).toEqual([
      ref('product-catalog'),
    ]);
    expect(output.items[0].matches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: 'finding',
          id: 'CVE-2021-44228',
          installedVersion: '2.14.1',
        }),
      ]),
    );
    await client.close();
  });

  it('answers with the caller’s own permissions: a team-data user sees only team-data', async () => {
    const client = await connect(DANA);
    const output = await callImpact(client, {
      package: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.0',
    });
    expect(output.items.map(i => i.entityRef)).toEqual([
      ref('metrics-exporter'),
    ]);
    expect(output.totalCount).toBe(1);
    expect(output.owners).toEqual([
      expect.objectContaining({ ref: TEAM_DATA, entities: 1 }),
    ]);
    await client.close();
  });

  it('answers a service the caller may not read as a tool error, as the REST API’s 403', async () => {
    const client = await connect(DANA);
    const result = await client.callTool({
      name: 'security.get-entity-posture',
      arguments: { entityRef: ref('product-catalog') },
    });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      {
        type: 'text',
        text: `NotAllowedError: Not allowed to read the security posture of ${ref(
          'product-catalog',
        )}`,
      },
    ]);
    await client.close();
  });

  it('answers a bad query as a tool error naming the problem', async () => {
    const client = await connect();
    const result = await client.callTool({
      name: 'security.query-impact',
      arguments: { vulnerability: 'CVE-2021-44228', package: 'log4j-core' },
    });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([
      {
        type: 'text',
        text: 'InputError: Give only one of vulnerability, package, purl or image (got vulnerability, package)',
      },
    ]);
    await client.close();
  });

  it('answers the other tools through the same server', async () => {
    const client = await connect();
    const posture = await client.callTool({
      name: 'security.get-entity-posture',
      arguments: { entityRef: 'product-catalog' },
    });
    expect(posture.isError).toBeFalsy();
    expect(posture.structuredContent).toMatchObject({
      entityRef: ref('product-catalog'),
      vulnerabilities: { open: { critical: 9, high: 95 } },
    });
    const findings = await client.callTool({
      name: 'security.list-entity-findings',
      arguments: { entityRef: ref('product-catalog'), limit: 3 },
    });
    expect(findings.structuredContent).toMatchObject({
      totalCount: expect.any(Number),
      truncated: true,
    });
    expect(
      (findings.structuredContent as { items: unknown[] }).items,
    ).toHaveLength(3);
    await client.close();
  });

  it('answers how a campaign is going', async () => {
    const deadline = new Date(Date.now() + 30 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const created = await request(server)
      .post('/api/security/v1/campaigns')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({
        title: 'log4j-core below 2.17 gone',
        deadline,
        query: {
          package: 'log4j-core',
          ecosystem: 'maven',
          version: '<2.17.0',
        },
      });
    expect(created.status).toBe(201);
    const client = await connect();
    const result = await client.callTool({
      name: 'security.get-campaign-status',
      arguments: {},
    });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({
      totalCount: 1,
      campaigns: [
        expect.objectContaining({
          id: created.body.id,
          title: 'log4j-core below 2.17 gone',
          deadline,
          total: 3,
          remaining: 3,
          byOwner: expect.arrayContaining([
            expect.objectContaining({ ref: TEAM_STOREFRONT, remaining: 2 }),
            expect.objectContaining({ ref: TEAM_DATA, remaining: 1 }),
          ]),
        }),
      ],
    });
    await client.close();
  });

  it('speaks plain JSON-RPC 2.0 over HTTP, as a curl call would', async () => {
    const res = await request(server)
      .post('/api/mcp-actions/v1')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .set('Accept', 'application/json, text/event-stream')
      .set('Content-Type', 'application/json')
      .send({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: {
          name: 'security.query-impact',
          arguments: { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core' },
        },
      });
    expect(res.status).toBe(200);
    // One server-sent event carrying the JSON-RPC response.
    const data = res.text
      .split('\n')
      .find(line => line.startsWith('data: '))!
      .slice('data: '.length);
    const message = JSON.parse(data);
    expect(message).toMatchObject({ jsonrpc: '2.0', id: 1 });
    expect(
      message.result.structuredContent.items.map(
        (i: { entityRef: string }) => i.entityRef,
      ),
    ).toEqual(
      expect.arrayContaining([
        ref('metrics-exporter'),
        ref('product-catalog'),
        ref('search-api'),
      ]),
    );
  });

  it('refuses a request without credentials', async () => {
    const res = await request(server)
      .post('/api/mcp-actions/v1')
      .set('Accept', 'application/json, text/event-stream')
      .send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(res.status).toBe(401);
  });
});
