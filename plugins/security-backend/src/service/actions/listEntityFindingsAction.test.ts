import { TestDatabases } from '@backstage/backend-test-utils';
import {
  alice,
  bob,
  CHECKOUT_REF,
  createActionsHarness,
  LEDGER_REF,
} from './__testUtils__/actionsHarness';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

type FindingsOutput = {
  entityRef: string;
  totalCount: number;
  truncated: boolean;
  items: Array<{
    id: string;
    severity: string;
    fixAvailable: boolean;
    knownExploited: { dateAdded: string } | null;
  }>;
};

async function listFindings(input: Record<string, unknown>) {
  const { registry } = await createActionsHarness(databases);
  const { output } = await registry.invoke({
    id: 'test:list-entity-findings',
    input: { entityRef: CHECKOUT_REF, ...input } as never,
    credentials: alice,
  });
  return output as FindingsOutput;
}

describe('security:list-entity-findings', () => {
  it('lists the findings riskiest first: known exploited before every critical', async () => {
    const output = await listFindings({});
    expect(output.entityRef).toBe(CHECKOUT_REF);
    expect(output.totalCount).toBe(5);
    expect(output.truncated).toBe(false);
    expect(output.items.map(i => i.id)).toEqual([
      'CVE-2021-44228',
      'CVE-2024-0001',
      'CVE-2024-0002',
      'CVE-2024-0003',
      'CVE-2024-0004',
    ]);
    expect(output.items[0]).toMatchObject({
      id: 'CVE-2021-44228',
      cveId: 'CVE-2021-44228',
      severity: 'medium',
      packageName: 'log4j-core',
      installedVersion: '2.14.1',
      fixedVersion: '2.17.1',
      fixAvailable: true,
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      knownExploited: {
        dateAdded: '2021-12-10',
        dueDate: '2021-12-24',
        ransomware: true,
      },
      epss: null,
      vexStatus: null,
    });
    expect(output.items[2]).toMatchObject({
      id: 'CVE-2024-0002',
      fixAvailable: false,
      knownExploited: null,
    });
  });

  it('filters by severity and known exploited', async () => {
    const critical = await listFindings({ severity: ['critical'] });
    expect(critical.items.map(i => i.id)).toEqual([
      'CVE-2024-0001',
      'CVE-2024-0002',
    ]);
    const kev = await listFindings({ kev: true });
    expect(kev.items.map(i => i.id)).toEqual(['CVE-2021-44228']);
    const fixable = await listFindings({ fixable: true });
    expect(fixable.items.every(i => i.fixAvailable)).toBe(true);
    expect(fixable.totalCount).toBe(3);
  });

  it('answers at most limit findings and says the list was cut', async () => {
    const output = await listFindings({ limit: 2 });
    expect(output.items.map(i => i.id)).toEqual([
      'CVE-2021-44228',
      'CVE-2024-0001',
    ]);
    expect(output.totalCount).toBe(5);
    expect(output.truncated).toBe(true);
  });

  it.each([
    [{ limit: 101 }, 'limit'],
    [{ limit: 0 }, 'limit'],
    [{ severity: ['severe'] }, 'severity'],
    [{ severity: [] }, 'severity'],
  ])('refuses %j naming %s (InputError)', async (input, field) => {
    await expect(listFindings(input)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringMatching(
        new RegExp(
          `^Invalid input to action "test:list-entity-findings".*${field}`,
          's',
        ),
      ),
    });
  });

  it('refuses a caller the policy denies (NotAllowedError), and an unknown entity (NotFoundError)', async () => {
    const { registry } = await createActionsHarness(databases);
    await expect(
      registry.invoke({
        id: 'test:list-entity-findings',
        input: { entityRef: LEDGER_REF },
        credentials: bob,
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
    await expect(
      registry.invoke({
        id: 'test:list-entity-findings',
        input: { entityRef: 'component:default/nope' },
        credentials: alice,
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('lets the same caller read an entity the policy allows', async () => {
    const { registry } = await createActionsHarness(databases);
    const { output } = await registry.invoke({
      id: 'test:list-entity-findings',
      input: { entityRef: CHECKOUT_REF },
      credentials: bob,
    });
    expect((output as FindingsOutput).totalCount).toBe(5);
  });
});
