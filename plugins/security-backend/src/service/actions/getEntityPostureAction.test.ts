import { TestDatabases } from '@backstage/backend-test-utils';
import {
  alice,
  bob,
  CHECKOUT_REF,
  createActionsHarness,
  DOCS_REF,
  LEDGER_REF,
} from './__testUtils__/actionsHarness';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

describe('security:get-entity-posture', () => {
  it('answers the grade, the reasons and the counts, known-exploited included', async () => {
    const { registry } = await createActionsHarness(databases);
    const { output } = await registry.invoke({
      id: 'test:get-entity-posture',
      input: { entityRef: CHECKOUT_REF },
      credentials: alice,
    });
    expect(output).toMatchObject({
      entityRef: CHECKOUT_REF,
      grade: expect.stringMatching(/^[A-F]$/),
      score: expect.any(Number),
      vulnerabilities: {
        open: { critical: 2, high: 1, medium: 1, low: 1, unknown: 0 },
        fixable: { critical: 1, high: 1, medium: 1, low: 0, unknown: 0 },
        knownExploited: 1,
        highEpss: 0,
        notAffected: 0,
        artifact: 'ghcr.io/acme/checkout-api:1.4',
        stale: false,
      },
      sbom: null,
      missing: expect.arrayContaining(['sbom', 'signature']),
    });
    const checks = (output as { reasons: Array<{ check: string }> }).reasons;
    expect(checks.map(r => r.check)).toContain('known-exploited');
  });

  it('takes a bare name as component:default/<name>', async () => {
    const { registry } = await createActionsHarness(databases);
    const { output } = await registry.invoke({
      id: 'test:get-entity-posture',
      input: { entityRef: 'checkout-api' },
      credentials: alice,
    });
    expect(output).toMatchObject({ entityRef: CHECKOUT_REF });
  });

  it('answers an entity nothing was reported for with nulls and what is missing', async () => {
    const { registry } = await createActionsHarness(databases);
    const { output } = await registry.invoke({
      id: 'test:get-entity-posture',
      input: { entityRef: DOCS_REF },
      credentials: alice,
    });
    expect(output).toEqual({
      entityRef: DOCS_REF,
      grade: null,
      score: null,
      reasons: [],
      checks: [],
      missing: ['scan', 'sbom', 'signature'],
      vulnerabilities: null,
      sbom: null,
      signature: null,
      secrets: null,
      updatedAt: null,
    });
  });

  it('refuses a caller the policy denies, as the REST route does (NotAllowedError)', async () => {
    const { registry } = await createActionsHarness(databases);
    await expect(
      registry.invoke({
        id: 'test:get-entity-posture',
        input: { entityRef: LEDGER_REF },
        credentials: bob,
      }),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: `Not allowed to read the security posture of ${LEDGER_REF}`,
    });
  });

  it('answers NotFoundError naming an entity the catalog does not know', async () => {
    const { registry } = await createActionsHarness(databases);
    await expect(
      registry.invoke({
        id: 'test:get-entity-posture',
        input: { entityRef: 'component:default/nope' },
        credentials: alice,
      }),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'No catalog entity component:default/nope',
    });
  });

  it('answers InputError for what is not an entity ref', async () => {
    const { registry } = await createActionsHarness(databases);
    await expect(
      registry.invoke({
        id: 'test:get-entity-posture',
        input: { entityRef: 'component:/checkout-api' },
        credentials: alice,
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining(
        'Invalid entityRef "component:/checkout-api"',
      ),
    });
    await expect(
      registry.invoke({
        id: 'test:get-entity-posture',
        input: {},
        credentials: alice,
      }),
    ).rejects.toMatchObject({ name: 'InputError' });
  });
});

describe("Posture's actions in the registry", () => {
  it('are the read-only actions with their schemas, for an assistant to list', async () => {
    const { registry } = await createActionsHarness(databases);
    const { actions } = await registry.list();
    expect(actions.map(a => a.name)).toEqual(
      expect.arrayContaining([
        'get-entity-posture',
        'list-entity-findings',
        'query-impact',
        'get-campaign-status',
      ]),
    );
    expect(actions).toHaveLength(4);
    for (const action of actions) {
      expect(action.attributes).toEqual({
        readOnly: true,
        destructive: false,
        idempotent: true,
      });
      expect(action.description.length).toBeGreaterThan(100);
      expect(action.schema.input).toMatchObject({ type: 'object' });
    }
    const posture = actions.find(a => a.name === 'get-entity-posture')!;
    expect(posture.schema.input).toMatchObject({
      required: ['entityRef'],
    });
  });
});
