import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { load } from 'js-yaml';
import request from 'supertest';
import { securityPlugin } from '../../plugin';

/*
 * The demo's MCP set-up as app-config.yaml writes it (its static token with the access
 * restrictions, backend.actions), on Backstage's real auth services: the token an assistant is
 * told to use lists and calls Posture's tools.
 */

// Type aliases, not interfaces: the test backend's config takes JSON values.
type ExternalAccess = {
  type: string;
  options: { token: string; subject: string };
  accessRestrictions?: Array<{ plugin: string }>;
};
type DemoConfig = {
  backend: {
    auth: { externalAccess: ExternalAccess[] };
    actions: {
      pluginSources: string[];
      filter: { include: Array<{ attributes: { readOnly: boolean } }> };
    };
  };
};

const demo = load(
  readFileSync(resolve(__dirname, '../../../../../app-config.yaml'), 'utf8'),
) as DemoConfig;
const mcpAccess = demo.backend.auth.externalAccess.find(
  a => a.options.subject === 'mcp-assistant',
)!;

async function startWith(access: ExternalAccess) {
  const { server } = await startTestBackend({
    features: [
      securityPlugin,
      mcpActionsPlugin,
      authServiceFactory,
      httpAuthServiceFactory,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            auth: { externalAccess: [access] },
            actions: demo.backend.actions,
          },
        },
      }),
    ],
  });
  return server;
}

function mcp(server: Parameters<typeof request>[0], token: string | null) {
  return (body: object) => {
    const req = request(server)
      .post('/api/mcp-actions/v1')
      .set('Accept', 'application/json, text/event-stream')
      .set('Content-Type', 'application/json');
    return (token ? req.set('Authorization', `Bearer ${token}`) : req).send({
      jsonrpc: '2.0',
      id: 1,
      ...body,
    });
  };
}

/** The JSON-RPC message of a streamable HTTP answer (one server-sent event). */
function message(text: string) {
  const data = text.split('\n').find(line => line.startsWith('data: '))!;
  return JSON.parse(data.slice('data: '.length));
}

describe("the demo's MCP token", () => {
  it('is the documented demo-only token, restricted to the MCP server and the plugins it calls', () => {
    expect(mcpAccess).toEqual({
      type: 'static',
      options: {
        token: 'posture-demo-mcp-token-NOT-A-SECRET',
        subject: 'mcp-assistant',
      },
      accessRestrictions: [
        { plugin: 'mcp-actions' },
        { plugin: 'security' },
        { plugin: 'catalog' },
      ],
    });
  });

  it("lists Posture's tools and answers a call", async () => {
    const call = mcp(await startWith(mcpAccess), mcpAccess.options.token);
    const list = await call({ method: 'tools/list' });
    expect(list.status).toBe(200);
    expect(
      message(list.text)
        .result.tools.map((t: { name: string }) => t.name)
        .sort(),
    ).toEqual([
      'security.get-campaign-status',
      'security.get-entity-posture',
      'security.list-entity-findings',
      'security.query-impact',
    ]);
    const answer = await call({
      method: 'tools/call',
      params: {
        name: 'security.query-impact',
        arguments: { vulnerability: 'CVE-2021-44228' },
      },
    });
    expect(message(answer.text).result).toMatchObject({
      structuredContent: {
        query: { vulnerability: 'CVE-2021-44228' },
        totalCount: 0,
        items: [],
      },
    });
  });

  it('lists none of them when the token may not reach the security plugin', async () => {
    const call = mcp(
      await startWith({
        ...mcpAccess,
        accessRestrictions: [{ plugin: 'mcp-actions' }],
      }),
      mcpAccess.options.token,
    );
    const list = await call({ method: 'tools/list' });
    expect(message(list.text).result.tools).toEqual([]);
  });

  it('is refused without it, or with another token', async () => {
    const server = await startWith(mcpAccess);
    expect((await mcp(server, null)({ method: 'tools/list' })).status).toBe(
      401,
    );
    expect(
      (await mcp(server, 'not-the-demo-token')({ method: 'tools/list' }))
        .status,
    ).toBe(401);
  });
});
