import { InputError } from '@backstage/errors';
import { epssCsv, FIRST_LINE } from '../__testUtils__/epssFiles';
import { EpssParser } from './EpssParser';

function parse(text: string, chunkSize = text.length || 1) {
  const parser = new EpssParser();
  for (let i = 0; i < text.length; i += chunkSize) {
    parser.write(text.slice(i, i + chunkSize));
  }
  return parser.end();
}

describe('EpssParser', () => {
  const rows = [
    'CVE-1999-0001,0.00383,0.72709',
    'CVE-2021-44228,0.94358,0.99961',
    'cve-2023-4863,0.9,1',
    'CVE-2024-12345,4e-05,0',
  ];

  it('reads the model version, the score date as YYYY-MM-DD and the rows in columns', () => {
    expect(parse(epssCsv(rows))).toEqual({
      modelVersion: 'v2025.03.14',
      scoreDate: '2025-03-14',
      cves: [
        'CVE-1999-0001',
        'CVE-2021-44228',
        'CVE-2023-4863',
        'CVE-2024-12345',
      ],
      scores: [0.00383, 0.94358, 0.9, 0.00004],
      percentiles: [0.72709, 0.99961, 1, 0],
    });
  });

  it('gives the same result whatever the pieces the text arrives in, with CRLF, a BOM and trailing blank lines', () => {
    const whole = parse(epssCsv(rows));
    const crlf = `\uFEFF${epssCsv(rows).replace(/\n/g, '\r\n')}\r\n\r\n`;
    for (const size of [1, 2, 7, 64]) {
      expect(parse(crlf, size)).toEqual(whole);
    }
    expect(parse(epssCsv(rows).trimEnd())).toEqual(whole);
  });

  it('takes the first line in another order, with a Z time or a bare date', () => {
    expect(
      parse(
        epssCsv(
          rows,
          '#score_date:2026-05-18T00:00:00Z,model_version:v2025.03.14',
        ),
      ),
    ).toMatchObject({ modelVersion: 'v2025.03.14', scoreDate: '2026-05-18' });
    expect(
      parse(epssCsv(rows, '#model_version:v2023.03.01,score_date:2024-02-29')),
    ).toMatchObject({ modelVersion: 'v2023.03.01', scoreDate: '2024-02-29' });
  });

  const refused: Array<[string, string, string]> = [
    ['an empty file', '', 'line 1: the file is empty'],
    [
      'no first line',
      'cve,epss,percentile\nCVE-2021-44228,0.9,0.9\n',
      'line 1: expected "#model_version:<version>,score_date:<date>", found "cve,epss,percentile"',
    ],
    [
      'a first line without the score date',
      epssCsv(rows, '#model_version:v2025.03.14'),
      'line 1: expected "#model_version:<version>,score_date:<date>", found no score_date in "#model_version:v2025.03.14"',
    ],
    [
      'a garbled first line',
      epssCsv(rows, '#model_version v2025.03.14 score_date 2025-03-14'),
      'line 1: expected key:value pairs, found "model_version v2025.03.14 score_date 2025-03-14"',
    ],
    [
      'a score date that is no day',
      epssCsv(
        rows,
        '#model_version:v2025.03.14,score_date:2025-02-30T00:00:00+0000',
      ),
      'line 1: score_date "2025-02-30T00:00:00+0000" is not a date (YYYY-MM-DD, optionally with a time)',
    ],
    [
      'an empty model version',
      epssCsv(rows, '#model_version:,score_date:2025-03-14'),
      'line 1: model_version "" must be 1 to 64 characters without spaces',
    ],
    [
      'no header',
      `${FIRST_LINE}\n`,
      'line 2: expected the header "cve,epss,percentile", found the end',
    ],
    [
      'a wrong header',
      `${FIRST_LINE}\ncve,percentile,epss\nCVE-2021-44228,0.9,0.9\n`,
      'line 2: expected the header "cve,epss,percentile", found "cve,percentile,epss"',
    ],
    ['no rows', epssCsv([]), 'line 3: no scores after the header'],
    [
      'a row with two columns',
      epssCsv([rows[0], 'CVE-2021-44228,0.94358']),
      'line 4: expected 3 columns (cve,epss,percentile), found 2: "CVE-2021-44228,0.94358"',
    ],
    [
      'a row with four columns',
      epssCsv([rows[0], rows[1], 'CVE-2023-4863,0.9,1,2025-03-14']),
      'line 5: expected 3 columns (cve,epss,percentile), found 4: "CVE-2023-4863,0.9,1,2025-03-14"',
    ],
    [
      'an id that is not a CVE',
      epssCsv([rows[0], 'GHSA-jfh8-c2jp-5v3q,0.5,0.5']),
      'line 4: "GHSA-jfh8-c2jp-5v3q" is not a CVE id (CVE-YYYY-NNNN)',
    ],
    [
      'a score that is not a number',
      epssCsv([rows[0], 'CVE-2021-44228,high,0.9']),
      'line 4: epss "high" is not a number',
    ],
    [
      'an empty score',
      epssCsv([rows[0], 'CVE-2021-44228,,0.9']),
      'line 4: epss "" is not a number',
    ],
    [
      'a score above 1',
      epssCsv([rows[0], 'CVE-2021-44228,94.358,0.9']),
      'line 4: epss 94.358 is not between 0 and 1',
    ],
    [
      'a negative percentile',
      epssCsv([rows[0], 'CVE-2021-44228,0.9,-0.1']),
      'line 4: percentile -0.1 is not between 0 and 1',
    ],
    [
      'a duplicate CVE, in another case',
      epssCsv([...rows, 'cve-2021-44228,0.5,0.5']),
      'line 7: CVE-2021-44228 is listed again (first on line 4)',
    ],
    [
      'a blank line between rows',
      epssCsv([rows[0], '', rows[1]]),
      'line 4: empty line before more rows',
    ],
  ];

  it.each(refused)('refuses %s, naming the line', (_, text, message) => {
    let error: unknown;
    try {
      parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`Invalid EPSS file: ${message}`);
  });
});
