import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InputError } from '@backstage/errors';
import { epssCsv, makeEpssFile, tempDir } from '../__testUtils__/epssFiles';
import { readEpssStream } from './readEpssStream';

const sha256 = (bytes: Buffer) =>
  createHash('sha256').update(bytes).digest('hex');

/** The bytes in pieces of `size`, as a stream would give them. */
const pieces = (bytes: Buffer, size = 65_536) =>
  Readable.from(
    Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
      bytes.subarray(i * size, (i + 1) * size),
    ),
  );

describe('readEpssStream', () => {
  const csv = Buffer.from(
    epssCsv(['CVE-2021-44228,0.94358,0.99961', 'CVE-2023-4863,0.9,0.99']),
  );

  it('reads a gzipped file and hashes the compressed bytes', async () => {
    const gz = gzipSync(csv);
    const read = await readEpssStream(pieces(gz, 1));
    expect(read.sha256).toBe(sha256(gz));
    expect(read.data.cves).toEqual(['CVE-2021-44228', 'CVE-2023-4863']);
  });

  it('reads a plain CSV the same, told apart by gzip magic bytes', async () => {
    const read = await readEpssStream(pieces(csv, 5));
    expect(read.sha256).toBe(sha256(csv));
    expect(read.data).toEqual(
      (await readEpssStream(pieces(gzipSync(csv)))).data,
    );
  });

  it('refuses a gzip stream cut short and one that is not gzip after its magic bytes', async () => {
    const gz = gzipSync(csv);
    const cut = readEpssStream(pieces(gz.subarray(0, gz.length - 12)));
    await expect(cut).rejects.toBeInstanceOf(InputError);
    await expect(cut).rejects.toThrow(
      /^Invalid EPSS file: not a readable gzip stream \(unexpected end of file\)$/,
    );
    await expect(
      readEpssStream(pieces(Buffer.from([0x1f, 0x8b, 0x00, 0x41, 0x42]))),
    ).rejects.toThrow(/^Invalid EPSS file: not a readable gzip stream/);
  });

  it('refuses a bad line inside a gzipped file, naming the line', async () => {
    const bad = Buffer.from(
      epssCsv(['CVE-2021-44228,0.94358,0.99961', 'CVE-2023-4863,0.9']),
    );
    await expect(readEpssStream(pieces(gzipSync(bad)))).rejects.toThrow(
      'Invalid EPSS file: line 4: expected 3 columns (cve,epss,percentile), found 2: "CVE-2023-4863,0.9"',
    );
  });

  it('refuses an empty file', async () => {
    await expect(readEpssStream(pieces(Buffer.alloc(0)))).rejects.toThrow(
      'Invalid EPSS file: line 1: the file is empty',
    );
  });

  describe('a generated file of 300,000 rows', () => {
    const temp = tempDir();
    afterAll(() => temp.remove());
    const file = path.join(temp.dir, 'epss_scores-2025-03-14.csv.gz');
    const gz = makeEpssFile(file, [
      '--model-version',
      'v2025.03.14',
      '--score-date',
      '2025-03-14',
      '--include',
      'CVE-2021-44228=0.97,CVE-2023-4863=0.61',
    ]);

    it('parses to exactly 300,000 rows with the header values, in well under a second', async () => {
      const started = performance.now();
      const read = await readEpssStream(fs.createReadStream(file));
      const parseMs = performance.now() - started;
      expect(read.sha256).toBe(sha256(gz));
      expect(read.data.modelVersion).toBe('v2025.03.14');
      expect(read.data.scoreDate).toBe('2025-03-14');
      expect(read.data.cves).toHaveLength(300_000);
      expect(read.data.scores).toHaveLength(300_000);
      expect(read.data.percentiles).toHaveLength(300_000);
      expect(new Set(read.data.cves).size).toBe(300_000);
      const log4shell = read.data.cves.indexOf('CVE-2021-44228');
      expect(read.data.scores[log4shell]).toBe(0.97);
      expect(read.data.percentiles[log4shell]).toBe(1);
      // Compared with the text itself, line by line.
      const lines = gunzipSync(gz).toString('utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(300_002);
      const row = 123_456;
      expect(lines[row + 2]).toBe(
        `${read.data.cves[row]},${read.data.scores[row].toFixed(
          5,
        )},${read.data.percentiles[row].toFixed(5)}`,
      );
      // Generous for a busy CI machine; about 0.4 s outside Jest on a loaded two-core one.
      expect(parseMs).toBeLessThan(3_000);
    });
  });
});
