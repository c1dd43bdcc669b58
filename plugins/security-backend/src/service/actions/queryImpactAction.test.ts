import { TestDatabases } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  alice,
  bob,
  CHECKOUT_REF,
  createActionsHarness,
  LEDGER_REF,
  LOG4J_PURL,
  TEAM_CHECKOUT,
  TEAM_PAYMENTS,
} from './__testUtils__/actionsHarness';

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

type ImpactOutput = {
  query: Record<string, string>;
  totalCount: number;
  truncated: boolean;
  owners: Array<{ ref: string | null; title: string; entities: number }>;
  items: Array<{
    entityRef: string;
    owner: string | null;
    matchCount: number;
    matches: Array<Record<string, unknown>>;
  }>;
};

let harness: Awaited<ReturnType<typeof createActionsHarness>>;
beforeAll(async () => {
  harness = await createActionsHarness(databases);
});

async function impact(
  input: Record<string, unknown>,
  credentials: BackstageCredentials = alice,
): Promise<ImpactOutput> {
  const { output } = await harness.registry.invoke({
    id: 'test:query-impact',
    input: input as never,
    credentials,
  });
  return output as ImpactOutput;
}

const refs = (output: ImpactOutput) =>
  output.items.map(i => i.entityRef).sort();

describe('security:query-impact', () => {
  it('answers "which services run log4j-core below 2.17?" with owners and matches', async () => {
    const output = await impact({
      package: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.0',
    });
    expect(output.query).toEqual({
      package: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.0',
    });
    expect(output.totalCount).toBe(2);
    expect(output.truncated).toBe(false);
    expect(refs(output)).toEqual([CHECKOUT_REF, LEDGER_REF]);
    expect(output.owners).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ref: TEAM_CHECKOUT, entities: 1 }),
        expect.objectContaining({ ref: TEAM_PAYMENTS, entities: 1 }),
      ]),
    );
    const checkout = output.items.find(i => i.entityRef === CHECKOUT_REF)!;
    expect(checkout.owner).toBe(TEAM_CHECKOUT);
    expect(checkout.matches).toEqual([
      expect.objectContaining({
        source: 'finding',
        id: 'CVE-2021-44228',
        packageName: 'log4j-core',
        installedVersion: '2.14.1',
        fixedVersion: '2.17.1',
        fixAvailable: true,
        notAffected: false,
      }),
    ]);
    // The ledger's 2.17.1 is not below 2.17.0: only its 2.14.0 matches.
    const ledger = output.items.find(i => i.entityRef === LEDGER_REF)!;
    expect(ledger.matches).toEqual([
      expect.objectContaining({
        source: 'sbom',
        packageName: 'log4j-core',
        installedVersion: '2.14.0',
        fixAvailable: false,
      }),
    ]);
    expect(ledger.matchCount).toBe(1);
  });

  it('finds a vulnerability by id in any case', async () => {
    const output = await impact({ vulnerability: 'cve-2021-44228' });
    expect(output.query).toEqual({ vulnerability: 'CVE-2021-44228' });
    expect(refs(output)).toEqual([CHECKOUT_REF]);
  });

  it('answers the same services for a purl with and without qualifiers', async () => {
    const bare = await impact({ purl: LOG4J_PURL });
    const qualified = await impact({ purl: `${LOG4J_PURL}?type=jar` });
    expect(refs(bare)).toEqual([CHECKOUT_REF, LEDGER_REF]);
    expect(refs(qualified)).toEqual(refs(bare));
    expect(qualified.totalCount).toBe(bare.totalCount);
  });

  it('lists only the services the caller may read, counts and owners included', async () => {
    const output = await impact(
      { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.0' },
      bob,
    );
    expect(refs(output)).toEqual([CHECKOUT_REF]);
    expect(output.totalCount).toBe(1);
    expect(output.owners).toEqual([
      expect.objectContaining({ ref: TEAM_CHECKOUT, entities: 1 }),
    ]);
  });

  it('lists at most limit entities and says there are more', async () => {
    const output = await impact({ purl: LOG4J_PURL, limit: 1 });
    expect(output.items).toHaveLength(1);
    expect(output.totalCount).toBe(2);
    expect(output.truncated).toBe(true);
  });

  it('answers an empty list for a package nobody runs', async () => {
    const output = await impact({ package: 'left-pad', ecosystem: 'npm' });
    expect(output).toMatchObject({ totalCount: 0, items: [], owners: [] });
  });

  it.each([
    [{}, 'Give one of vulnerability, package, purl or image'],
    [
      { vulnerability: 'CVE-2021-44228', package: 'log4j-core' },
      'Give only one of vulnerability, package, purl or image (got vulnerability, package)',
    ],
    [
      { package: 'libc6', ecosystem: 'deb', version: '<2.36' },
      'version ranges cannot be judged for deb versions',
    ],
    [{ purl: 'not a purl' }, 'purl is not a valid package URL'],
  ])(
    'refuses %j with InputError naming the problem',
    async (input, message) => {
      await expect(impact(input)).rejects.toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(message),
      });
    },
  );

  it('refuses a limit above 100 before querying (InputError)', async () => {
    await expect(
      impact({ vulnerability: 'CVE-2021-44228', limit: 101 }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('limit'),
    });
  });
});
