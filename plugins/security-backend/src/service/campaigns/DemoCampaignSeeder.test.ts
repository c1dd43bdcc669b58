import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type {
  Campaign,
  CampaignInput,
} from '@posture/backstage-plugin-security-common';
import { readFileSync } from 'fs';
import { load } from 'js-yaml';
import { resolve } from 'path';
import { DemoCampaignSeeder, type DemoCampaign } from './DemoCampaignSeeder';
import { readDemoCampaigns } from './demoCampaignConfig';

const NOW = new Date('2027-01-10T23:30:00.000Z');
const LOG4J: DemoCampaign = {
  title: 'log4j-core below 2.17 gone',
  note: 'Upgrade to 2.17.1 or later.',
  deadlineInDays: 45,
  query: { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.0' },
};
const JQUERY: DemoCampaign = {
  title: 'jQuery XSS fixed',
  note: '',
  deadlineInDays: 10,
  query: { vulnerability: 'CVE-2020-11023' },
};

/** The campaign service as the seeder sees it: what it lists, and what it was asked to start. */
function fakeCampaigns(existingTitles: string[]) {
  const created: Array<{ input: CampaignInput; credentials: unknown }> = [];
  const listedWith: BackstageCredentials[] = [];
  return {
    created,
    listedWith,
    service: {
      list: async (
        query: { status?: unknown },
        credentials: BackstageCredentials,
      ) => {
        expect(query).toEqual({ status: 'all' });
        listedWith.push(credentials);
        return {
          items: existingTitles.map(title => ({ title } as Campaign)),
          totalCount: existingTitles.length,
        };
      },
      create: async (body: unknown, credentials: BackstageCredentials) => {
        created.push({ input: body as CampaignInput, credentials });
        return { title: (body as CampaignInput).title } as Campaign;
      },
    },
  };
}

const own = mockCredentials.service('plugin:security');
const seeder = (campaigns: ReturnType<typeof fakeCampaigns>) =>
  new DemoCampaignSeeder({
    campaigns: campaigns.service,
    auth: { getOwnServiceCredentials: async () => own },
    logger: mockServices.logger.mock(),
    now: () => NOW,
  });

describe('DemoCampaignSeeder', () => {
  it('starts each campaign as the plugin, its deadline counted from now in UTC', async () => {
    const campaigns = fakeCampaigns([]);
    await expect(seeder(campaigns).run([LOG4J, JQUERY])).resolves.toBe(2);
    expect(campaigns.created).toEqual([
      {
        input: {
          title: LOG4J.title,
          note: LOG4J.note,
          deadline: '2027-02-24',
          query: LOG4J.query,
        },
        credentials: own,
      },
      {
        input: {
          title: JQUERY.title,
          note: '',
          deadline: '2027-01-20',
          query: JQUERY.query,
        },
        credentials: own,
      },
    ]);
    expect(campaigns.listedWith).toEqual([own]);
  });

  it('skips a campaign whose title is already taken, so a restart starts nothing again', async () => {
    const campaigns = fakeCampaigns([LOG4J.title]);
    await expect(seeder(campaigns).run([LOG4J, JQUERY])).resolves.toBe(1);
    expect(campaigns.created.map(c => c.input.title)).toEqual([JQUERY.title]);
    await expect(
      seeder(fakeCampaigns([LOG4J.title, JQUERY.title])).run([LOG4J, JQUERY]),
    ).resolves.toBe(0);
  });

  it('lets the service refuse what it would refuse from a user', async () => {
    const campaigns = fakeCampaigns([]);
    campaigns.service.create = async () => {
      throw new Error(
        'query: version ranges cannot be judged for deb versions',
      );
    };
    await expect(seeder(campaigns).run([LOG4J])).rejects.toThrow(
      'version ranges cannot be judged',
    );
  });
});

describe('readDemoCampaigns', () => {
  const demo = (campaigns: unknown[]) =>
    new ConfigReader({
      security: { demo: { campaigns } },
    } as ConstructorParameters<typeof ConfigReader>[0]);

  it("reads the demo's own campaign from app-config.yaml", () => {
    const appConfig = load(
      readFileSync(
        resolve(__dirname, '../../../../../app-config.yaml'),
        'utf8',
      ),
    ) as ConstructorParameters<typeof ConfigReader>[0];
    const campaigns = readDemoCampaigns(new ConfigReader(appConfig), NOW);
    expect(campaigns).toEqual([
      {
        title: 'log4j-core below 2.17 gone',
        note: expect.stringContaining('2.17.1'),
        deadlineInDays: expect.any(Number),
        query: {
          package: 'log4j-core',
          ecosystem: 'maven',
          version: '<2.17.0',
        },
      },
    ]);
  });

  it('is empty without the key, trims as the API does, and takes 30 days by default', () => {
    expect(readDemoCampaigns(new ConfigReader({}), NOW)).toEqual([]);
    expect(
      readDemoCampaigns(
        demo([{ title: '  jQuery XSS fixed ', query: JQUERY.query }]),
        NOW,
      ),
    ).toEqual([{ ...JQUERY, deadlineInDays: 30 }]);
  });

  it.each([
    [
      'a range for deb',
      {
        ...LOG4J,
        query: { package: 'libc6', ecosystem: 'deb', version: '<2' },
      },
      /^Invalid config security\.demo\.campaigns\[0\]: query: .*deb/,
    ],
    [
      'two kinds',
      { ...LOG4J, query: { package: 'a', image: 'b' } },
      /^Invalid config security\.demo\.campaigns\[0\]: query: /,
    ],
    [
      'a misspelt key',
      { ...LOG4J, query: { pakage: 'log4j-core' } },
      /^Invalid config security\.demo\.campaigns\[0\]: query has unknown key\(s\) pakage/,
    ],
    [
      'a short title',
      { ...LOG4J, title: 'ab' },
      /^Invalid config security\.demo\.campaigns\[0\]: title must be 3 to 200 characters/,
    ],
    [
      'no days',
      { ...LOG4J, deadlineInDays: 0 },
      /^Invalid config security\.demo\.campaigns\[0\]\.deadlineInDays: 0 must be a whole number of days from 1 to 3650/,
    ],
    [
      'days in words',
      { ...LOG4J, deadlineInDays: 'soon' },
      /^Invalid config security\.demo\.campaigns\[0\]\.deadlineInDays: must be a number of days/,
    ],
  ])('refuses %s, naming the key', (_label, entry, message) => {
    expect(() => readDemoCampaigns(demo([entry]), NOW)).toThrow(message);
  });
});
