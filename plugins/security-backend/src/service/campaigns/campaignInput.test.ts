import { InputError } from '@backstage/errors';
import { parseCampaignInput } from './campaignInput';

const NOW = new Date('2027-01-10T23:30:00.000Z');
const valid = {
  title: '  log4j-core below 2.17 gone  ',
  note: 'Upgrade to 2.17.1 or later.',
  deadline: '2027-01-31',
  query: { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.0' },
};

function refusal(body: unknown): string {
  try {
    parseCampaignInput(body, NOW);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseCampaignInput', () => {
  it('trims the title and note, keeps the query as sent and resolves it', () => {
    const parsed = parseCampaignInput(valid, NOW);
    expect(parsed).toMatchObject({
      title: 'log4j-core below 2.17 gone',
      note: 'Upgrade to 2.17.1 or later.',
      deadline: '2027-01-31',
      query: { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.0' },
      resolved: { kind: 'package', name: 'log4j-core', ecosystem: 'maven' },
    });
    const resolved = parsed.resolved as {
      versionMatches: (v: string) => boolean;
    };
    expect(resolved.versionMatches('2.14.1')).toBe(true);
    expect(resolved.versionMatches('2.17.1')).toBe(false);
  });

  it('takes no note as empty, and today (UTC) as a deadline', () => {
    const { note, ...rest } = valid;
    expect(
      parseCampaignInput({ ...rest, deadline: '2027-01-10' }, NOW),
    ).toMatchObject({ note: '', deadline: '2027-01-10' });
  });

  it('keeps the vulnerability, purl and image kinds as sent', () => {
    for (const query of [
      { vulnerability: 'cve-2021-44228' },
      { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core?type=jar' },
      { image: 'ghcr.io/acme/api:1.0' },
    ]) {
      expect(parseCampaignInput({ ...valid, query }, NOW).query).toEqual(query);
    }
  });

  it.each(
    (
      [
        [{ ...valid, title: undefined }, 'title is required'],
        [{ ...valid, title: ' ab ' }, 'title must be 3 to 200 characters'],
        [
          { ...valid, title: 'x'.repeat(201) },
          'title must be 3 to 200 characters',
        ],
        [{ ...valid, title: 42 }, 'title must be a string'],
        [
          { ...valid, title: 'bad\u0000title' },
          'title must not contain NUL characters',
        ],
        [
          { ...valid, note: 'n'.repeat(4001) },
          'note must be at most 4000 characters',
        ],
        [
          { ...valid, deadline: undefined },
          'deadline is required (YYYY-MM-DD)',
        ],
        [
          { ...valid, deadline: '31/01/2027' },
          'deadline "31/01/2027" is not a date: write it as YYYY-MM-DD',
        ],
        [
          { ...valid, deadline: '2027-02-30' },
          'deadline "2027-02-30" is not a date: write it as YYYY-MM-DD',
        ],
        [
          { ...valid, deadline: '2027-01-09' },
          'deadline 2027-01-09 is in the past (today is 2027-01-10 UTC)',
        ],
        [
          { ...valid, query: undefined },
          'query is required: one of vulnerability, package, purl or image',
        ],
        [
          { ...valid, query: 'CVE-2021-44228' },
          'query must be an object with one of vulnerability, package, purl or image',
        ],
        [
          { ...valid, query: {} },
          'query: Give one of vulnerability, package, purl or image',
        ],
        [
          {
            ...valid,
            query: {
              vulnerability: 'CVE-2021-44228',
              image: 'ghcr.io/acme/api',
            },
          },
          'query: Give only one of vulnerability, package, purl or image (got vulnerability, image)',
        ],
        [
          { ...valid, query: { packages: 'log4j-core' } },
          'query has unknown key(s) packages: use vulnerability, package (with ecosystem and version), purl or image',
        ],
        [{ ...valid, query: { package: 7 } }, 'query.package must be a string'],
        [
          { ...valid, query: { package: 'a\u0000b' } },
          'query.package must not contain NUL characters',
        ],
        [
          { ...valid, query: { purl: 'not a purl' } },
          'query: purl is not a valid package URL',
        ],
      ] as Array<[unknown, string]>
    ).map(([body, message]) => [message, body] as const),
  )('refuses, naming the field: %s', (message, body) => {
    expect(refusal(body)).toContain(message);
  });

  it('refuses a range the ecosystem cannot judge, naming the ecosystem', () => {
    expect(
      refusal({
        ...valid,
        query: { package: 'openssl', ecosystem: 'deb', version: '<3.0.13' },
      }),
    ).toMatch(/^query: .*deb/);
  });

  it('refuses no body at all, naming the first field', () => {
    expect(refusal(undefined)).toBe('title is required');
  });
});
