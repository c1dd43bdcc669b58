import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { GateResult } from '@posture/backstage-plugin-security-common';

// examples/ci/posture-gate.sh, the CI step that fails a build on a failing Posture gate, run
// with sh against a stand-in for GET /api/security/v1/gate/... (needs curl and jq, as CI does).
const script = path.resolve(__dirname, '../../../examples/ci/posture-gate.sh');
const TOKEN = 'posture-ci-token-for-tests';

interface Answer {
  status: number;
  body: unknown;
}

let answer: Answer;
let requests: Array<{ url?: string; authorization?: string }>;
let server: Server;
let baseUrl: string;

function listen(): Promise<Server> {
  const s = createServer((req: IncomingMessage, res) => {
    requests.push({ url: req.url, authorization: req.headers.authorization });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(
      typeof answer.body === 'string'
        ? answer.body
        : JSON.stringify(answer.body),
    );
  });
  return new Promise(resolve => s.listen(0, '127.0.0.1', () => resolve(s)));
}

beforeAll(async () => {
  server = await listen();
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise(resolve => server.close(resolve)));
beforeEach(() => {
  requests = [];
});

function runGate(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      'sh',
      [script, ...args],
      {
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          BACKSTAGE_URL: baseUrl,
          POSTURE_TOKEN: TOKEN,
          POSTURE_GATE_TIMEOUT: '10',
          ...env,
        },
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const failing: GateResult = {
  pass: false,
  entityRef: 'component:default/checkout-api',
  policy: 'standard',
  grade: 'C',
  score: 70,
  violations: [
    {
      check: 'fixable-vulnerabilities',
      status: 'fail',
      message: '2 critical and 9 high findings have a fixed version',
      fix: 'Upgrade openssl to 3.0.13 and curl to 8.4.0, rebuild and rescan.',
    },
    {
      check: 'scan-age',
      status: 'missing',
      message: 'No vulnerability scan has been uploaded',
      fix: 'Scan in CI and upload the Trivy report',
    },
  ],
  exemptions: [
    {
      id: 'ex-1',
      entityRef: 'component:default/checkout-api',
      check: 'fixable-vulnerabilities',
      findingId: 'CVE-2024-1234',
      justification: 'Not reachable: the affected parser is never called',
      requester: 'user:default/sam',
      approver: 'user:default/alex',
      comment: null,
      status: 'approved',
      expiresAt: '2027-01-31T00:00:00.000Z',
      createdAt: '2026-12-01T10:00:00.000Z',
      decidedAt: '2026-12-02T10:00:00.000Z',
    },
  ],
};

const passing: GateResult = {
  ...failing,
  pass: true,
  grade: 'A',
  score: 100,
  violations: [],
  exemptions: [],
};

describe('examples/ci/posture-gate.sh', () => {
  it('exits 1 on pass: false and prints each violation with its fix, and the exemptions', async () => {
    answer = { status: 200, body: failing };

    const { code, stdout } = await runGate(['component:default/checkout-api']);

    expect(code).toBe(1);
    expect(stdout).toContain(
      'Posture gate for component:default/checkout-api (policy standard): FAIL, grade C, score 70',
    );
    expect(stdout).toContain(
      '  - fixable-vulnerabilities [fail]: 2 critical and 9 high findings have a fixed version\n' +
        '    Fix: Upgrade openssl to 3.0.13 and curl to 8.4.0, rebuild and rescan.',
    );
    expect(stdout).toContain(
      '  - scan-age [missing]: No vulnerability scan has been uploaded',
    );
    expect(stdout).toContain(
      '  - fixable-vulnerabilities CVE-2024-1234 until 2027-01-31, approved by user:default/alex: Not reachable: the affected parser is never called',
    );
    expect(requests).toEqual([
      {
        url: '/api/security/v1/gate/component/default/checkout-api',
        authorization: `Bearer ${TOKEN}`,
      },
    ]);
  });

  it('exits 0 on pass: true', async () => {
    answer = { status: 200, body: passing };

    const { code, stdout } = await runGate(['checkout-api']);

    expect(code).toBe(0);
    expect(stdout.trim()).toBe(
      'Posture gate for component:default/checkout-api (policy standard): PASS, grade A, score 100',
    );
    // kind and namespace default as Backstage's do.
    expect(requests[0].url).toBe(
      '/api/security/v1/gate/component/default/checkout-api',
    );
  });

  it('exits 2 with the backend’s message on a 500', async () => {
    answer = {
      status: 500,
      body: { error: { name: 'Error', message: 'database is locked' } },
    };

    const { code, stdout, stderr } = await runGate([
      'component:default/checkout-api',
    ]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `posture-gate: ${baseUrl}/api/security/v1/gate/component/default/checkout-api answered 500: database is locked\n`,
    );
  });

  it('exits 2 when Backstage cannot be reached', async () => {
    const closed = await listen();
    const port = (closed.address() as AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));

    const { code, stderr } = await runGate(['component:default/checkout-api'], {
      BACKSTAGE_URL: `http://127.0.0.1:${port}`,
    });

    expect(code).toBe(2);
    expect(stderr).toContain(
      `posture-gate: could not reach http://127.0.0.1:${port}/api/security/v1/gate/component/default/checkout-api`,
    );
  });

  it('exits 2 and says why on a rejected token, without printing the token', async () => {
    answer = {
      status: 401,
      body: {
        error: { name: 'AuthenticationError', message: 'Illegal token' },
      },
    };

    const { code, stdout, stderr } = await runGate([
      'component:default/checkout-api',
    ]);

    expect(code).toBe(2);
    expect(stderr).toContain(
      'answered 401 (POSTURE_TOKEN is missing or not accepted: check backend.auth.externalAccess): Illegal token',
    );
    expect(stdout + stderr).not.toContain(TOKEN);
  });

  it('exits 2 without calling Backstage when the token or the entity is missing', async () => {
    const noToken = await runGate(['component:default/checkout-api'], {
      POSTURE_TOKEN: '',
    });
    const badRef = await runGate(['component:default/a/b']);

    expect([noToken.code, badRef.code]).toEqual([2, 2]);
    expect(noToken.stderr).toContain('POSTURE_TOKEN is not set');
    expect(badRef.stderr).toContain(
      "not an entity ref: 'component:default/a/b'",
    );
    expect(requests).toEqual([]);
  });

  it('exits 2 on a 200 that is not a gate verdict', async () => {
    answer = { status: 200, body: '<html>login</html>' };

    const { code, stderr } = await runGate(['component:default/checkout-api']);

    expect(code).toBe(2);
    expect(stderr).toContain('unexpected answer');
  });

  it('on GitHub Actions, annotates each violation, and no answer text can start a workflow command', async () => {
    answer = {
      status: 200,
      body: {
        ...failing,
        violations: [
          {
            ...failing.violations[0],
            message: '2 findings\n::add-mask::leak, 100% fixable',
          },
        ],
      },
    };

    const { code, stdout } = await runGate(['component:default/checkout-api'], {
      GITHUB_ACTIONS: 'true',
    });

    expect(code).toBe(1);
    const lines = stdout.split('\n');
    expect(lines.filter(line => line.startsWith('::'))).toEqual([
      '::error title=Posture gate%3A fixable-vulnerabilities::2 findings%0A::add-mask::leak, 100%25 fixable Fix: Upgrade openssl to 3.0.13 and curl to 8.4.0, rebuild and rescan.',
    ]);
    expect(stdout).toContain(
      '  - fixable-vulnerabilities [fail]: 2 findings ::add-mask::leak, 100% fixable',
    );
  });
});
