import type { Entity } from '@backstage/catalog-model';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import { load } from 'js-yaml';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { asAlice, startScaffolder } from './__testUtils__/scaffolderBackend';

/* examples/templates/service-with-secret.yaml, the template the docs point adopters to. */

const TEMPLATES = resolve(__dirname, '../../../examples/templates');
const template = load(
  readFileSync(join(TEMPLATES, 'service-with-secret.yaml'), 'utf8'),
) as Entity;

/** The template's files as the dry-run endpoint takes them, relative to the template. */
function directoryContents(dir: string): Array<{
  path: string;
  base64Content: string;
}> {
  return readdirSync(dir).flatMap(entry => {
    const path = join(dir, entry);
    return statSync(path).isDirectory()
      ? directoryContents(path)
      : [
          {
            path: relative(TEMPLATES, path),
            base64Content: readFileSync(path).toString('base64'),
          },
        ];
  });
}

const values = {
  name: 'payments-api',
  description: 'Takes card payments',
  owner: 'group:default/team-payments',
  repoUrl: 'github.com?owner=acme&repo=payments-api',
  secretName: 'db-password',
  secretKind: 'kv',
  rotationPeriodDays: 30,
  justification: 'The new service connects to its own database.',
};

interface DryRunResult {
  log: Array<{ body: { message: string } }>;
  output: { text?: Array<{ content: string }> };
  directoryContents: Array<{ path: string; base64Content: string }>;
}

async function dryRun(overrides: Partial<typeof values> = {}) {
  const { backend, base, seen } = await startScaffolder();
  try {
    const response = await fetch(`${base}/v2/dry-run`, {
      method: 'POST',
      headers: asAlice,
      body: JSON.stringify({
        template,
        values: { ...values, ...overrides },
        directoryContents: directoryContents(
          join(TEMPLATES, 'service-with-secret'),
        ),
      }),
    });
    expect(response.status).toBe(200);
    return { result: (await response.json()) as DryRunResult, seen };
  } finally {
    await backend.stop();
  }
}

/** The catalog-info.yaml the template would publish for the new service. */
function catalogInfo(result: DryRunResult): Entity {
  const file = result.directoryContents.find(
    f => f.path === 'catalog-info.yaml',
  );
  return load(
    Buffer.from(file!.base64Content, 'base64').toString('utf8'),
  ) as Entity;
}

describe('the example template service-with-secret', () => {
  it('is a valid v1beta3 Template whose steps ask Posture for the new service’s secret', async () => {
    expect(await templateEntityV1beta3Validator.check(template)).toBe(true);
    expect(
      (template.spec?.steps as Array<{ action: string; input: object }>).find(
        s => s.action === 'posture:secret-request:create',
      )?.input,
    ).toEqual({
      entityRef: 'component:default/${{ parameters.name }}',
      kind: '${{ parameters.secretKind }}',
      name: '${{ parameters.secretName }}',
      rotationPeriodDays: '${{ parameters.rotationPeriodDays }}',
      justification: '${{ parameters.justification }}',
    });
  });

  it('dry-runs in the scaffolder: the action validates and names the Vault path, asks for nothing, and the service declares that path', async () => {
    const { result, seen } = await dryRun();

    expect(seen).toEqual([]);
    expect(result.log.map(l => l.body.message)).toContainEqual(
      expect.stringContaining(
        'Dry run: would ask Posture for the kv secret db-password of component:default/payments-api (Vault path default/payments-api/db-password); nothing was requested',
      ),
    );
    expect(result.output.text?.[0].content).toContain(
      '`default/payments-api/db-password`',
    );
    expect(catalogInfo(result).metadata).toMatchObject({
      name: 'payments-api',
      annotations: {
        'posture.dev/image': 'ghcr.io/acme/payments-api',
        'vault.io/secrets-path': 'default/payments-api/db-password',
      },
    });
  });

  it('for a database role, declares the static role Posture names', async () => {
    const { result } = await dryRun({ secretKind: 'database-role' });

    expect(result.log.map(l => l.body.message)).toContainEqual(
      expect.stringContaining(
        'Dry run: would ask Posture for the database-role secret db-password of component:default/payments-api (Vault path payments-api-db-password); nothing was requested',
      ),
    );
    expect(catalogInfo(result).metadata.annotations).toEqual({
      'posture.dev/image': 'ghcr.io/acme/payments-api',
      'posture.dev/vault-static-roles': 'payments-api-db-password',
    });
  });
});
