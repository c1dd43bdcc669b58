import type { ScorecardEntity } from '@posture/backstage-plugin-security-common';
import { parse } from 'csv-parse/sync';
import { text } from 'node:stream/consumers';
import { CSV_COLUMNS, neutraliseCell, scorecardsCsv } from './scorecardsCsv';

function entity(overrides: Partial<ScorecardEntity> = {}): ScorecardEntity {
  return {
    entityRef: 'component:default/api',
    title: 'API',
    kind: 'component',
    owner: 'group:default/team-a',
    system: null,
    domain: null,
    lifecycle: 'production',
    grade: 'C',
    score: 72,
    failingChecks: ['sbom', 'signature'],
    exemptions: 1,
    updatedAt: '2026-12-20T10:00:00.000Z',
    kev: 2,
    highEpss: 3,
    ...overrides,
  };
}

async function* pagesOf(...pages: ScorecardEntity[][]) {
  yield* pages;
}

const link = (e: ScorecardEntity) =>
  `https://backstage.example.com/catalog/${e.entityRef}/security`;

describe('neutraliseCell', () => {
  it.each(['=SUM(A1)', '+1', '-2+3', '@cmd', '\tx', '\rx'])(
    'prefixes %j with an apostrophe',
    value => {
      expect(neutraliseCell(value)).toBe(`'${value}`);
    },
  );

  it.each(['A', '72', 'component:default/api', ' =not first', ''])(
    'leaves %j as it is',
    value => {
      expect(neutraliseCell(value)).toBe(value);
    },
  );
});

describe('scorecardsCsv', () => {
  it('writes a header and one CRLF row per entity, empty cells for nulls', async () => {
    const csv = await text(
      scorecardsCsv(
        pagesOf(
          [entity()],
          [
            entity({
              entityRef: 'component:default/b',
              grade: null,
              score: null,
              owner: null,
              failingChecks: [],
              exemptions: 0,
              updatedAt: null,
              kev: 0,
              highEpss: 0,
            }),
          ],
        ),
        link,
      ),
    );
    // The known-exploited and high-EPSS counts come last, after the columns of earlier versions.
    expect(CSV_COLUMNS.slice(-3)).toEqual(['link', 'kev', 'highEpss']);
    expect(csv).toBe(
      [
        CSV_COLUMNS.join(','),
        'component:default/api,API,component,group:default/team-a,,,production,C,72,sbom signature,1,2026-12-20T10:00:00.000Z,https://backstage.example.com/catalog/component:default/api/security,2,3',
        'component:default/b,API,component,,,,production,,,,0,,https://backstage.example.com/catalog/component:default/b/security,0,0',
        '',
      ].join('\r\n'),
    );
  });

  it('neutralises formula cells and quotes per RFC 4180, so a parser reads back the text', async () => {
    const hostile = entity({
      title: '=HYPERLINK("http://evil.example","click"), now',
      lifecycle: '@SUM(1)',
      owner: '-1+2',
      system: 'line\r\nbreak "quoted"',
      domain: '\t=1',
    });
    const csv = await text(scorecardsCsv(pagesOf([hostile]), link));
    const [header, row] = parse(csv, { relax_column_count: false });
    expect(header).toEqual(CSV_COLUMNS);
    expect(row.slice(1, 6)).toEqual([
      '\'=HYPERLINK("http://evil.example","click"), now',
      'component',
      "'-1+2",
      'line\r\nbreak "quoted"',
      "'\t=1",
    ]);
    expect(row[6]).toBe("'@SUM(1)");
    expect(csv).toContain(
      '"\'=HYPERLINK(""http://evil.example"",""click""), now"',
    );
  });

  it('pulls pages only as the reader reads (one page at a time in memory)', async () => {
    let pulled = 0;
    async function* manyPages() {
      for (let p = 0; p < 1000; p++) {
        pulled++;
        yield Array.from({ length: 500 }, (_, i) =>
          entity({ entityRef: `component:default/e-${p}-${i}` }),
        );
      }
    }
    const stream = scorecardsCsv(manyPages(), link);
    const first = await new Promise<Buffer>(resolve =>
      stream.once('data', resolve),
    );
    stream.pause();
    expect(first.toString()).toMatch(/^entityRef,title/);
    // Buffers are a few pages at most, never the 1,000 the export has.
    expect(pulled).toBeLessThan(10);
    stream.destroy();
  });

  it('a failing page destroys the stream with the error', async () => {
    async function* failing() {
      yield [entity()];
      throw new Error('database went away');
    }
    await expect(text(scorecardsCsv(failing(), link))).rejects.toThrow(
      'database went away',
    );
  });
});
