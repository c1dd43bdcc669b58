#!/usr/bin/env node
/*
 * Writes a file in the format of FIRST's daily EPSS download: a first line
 * `#model_version:<version>,score_date:<date>T00:00:00+0000`, the header `cve,epss,percentile`,
 * then one row per CVE. Made up, seeded and deterministic (the same arguments give the same
 * bytes), for the benchmark, the tests and the demo; never real scores.
 *
 *   node make-epss-file.js --out epss.csv.gz [--rows 300000] [--seed 1]
 *     [--model-version v2025.03.14] [--score-date 2025-03-14] [--max-random 0.97]
 *     [--include CVE-2021-44228=0.97 ...]
 *
 * The file is gzipped unless --out ends in `.csv`. --include puts a CVE in with the given
 * score (repeat it, or separate several with commas); the other rows get made-up CVE ids and
 * scores at most --max-random (keep it below the policy's 0.5 for a demo whose high-EPSS
 * findings are only the included ones). Percentiles are each score's rank among all rows,
 * as in the real file. Built-ins only, so it runs anywhere Node does.
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const crypto = require('node:crypto');

const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
const FIRST_YEAR = 1999;
const YEARS = 27; // 1999..2025

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The i-th made-up id: years in turn, numbers from 0001 up. */
function madeUpCve(i) {
  const year = FIRST_YEAR + (i % YEARS);
  const number = 1 + Math.floor(i / YEARS);
  return `CVE-${year}-${String(number).padStart(4, '0')}`;
}

/** Sorts as the real file does: by year, then by number. */
function withSortKey(entry) {
  const [, year, number] = entry.cve.split('-');
  return { ...entry, year: Number(year), number: Number(number) };
}

function cveOrder(a, b) {
  return a.year - b.year || a.number - b.number;
}

/**
 * Real EPSS scores are mostly tiny with a long tail: most rows near 0.0001 to 0.02, a few
 * percent above 0.1.
 */
function madeUpScore(random, maxRandom) {
  const score =
    random() < 0.03
      ? 0.1 + random() * 0.9
      : 0.0001 + 0.02 * Math.pow(random(), 3);
  return Math.min(score, maxRandom);
}

/**
 * The CSV text. `include` maps CVE ids to scores; they count towards `rows`.
 * @param {{rows: number, seed: number, modelVersion: string, scoreDate: string,
 *   maxRandom: number, include: Map<string, number>}} options
 */
function makeEpssCsv(options) {
  const { rows, seed, modelVersion, scoreDate, maxRandom, include } = options;
  if (include.size > rows) {
    throw new Error(
      `--rows ${rows} is fewer than the ${include.size} included CVEs`,
    );
  }
  const random = prng(seed);
  const entries = [...include].map(([cve, score]) => ({ cve, score }));
  for (let i = 0; entries.length < rows; i++) {
    const cve = madeUpCve(i);
    // Draw for every made-up id, included or not, so including a CVE does not shift the others.
    const score = madeUpScore(random, maxRandom);
    if (!include.has(cve)) entries.push({ cve, score });
  }
  // Percentile: the share of rows scoring at most this much.
  const byScore = entries.map(e => e.score).sort((a, b) => a - b);
  const percentileOf = score => {
    let low = 0;
    let high = byScore.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (byScore[mid] <= score) low = mid + 1;
      else high = mid;
    }
    return low / byScore.length;
  };
  const sorted = entries.map(withSortKey).sort(cveOrder);
  const lines = [
    `#model_version:${modelVersion},score_date:${scoreDate}T00:00:00+0000`,
    'cve,epss,percentile',
  ];
  for (const { cve, score } of sorted) {
    lines.push(`${cve},${score.toFixed(5)},${percentileOf(score).toFixed(5)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The bytes to write: gzipped (as FIRST serves it) unless `gzip` is false. */
function makeEpssFile(options) {
  const csv = Buffer.from(makeEpssCsv(options), 'utf8');
  // Node's gzip header carries no time stamp, so the bytes are reproducible.
  return options.gzip === false ? csv : zlib.gzipSync(csv);
}

function parseArgs(argv) {
  const options = {
    out: undefined,
    rows: 300000,
    seed: 1,
    modelVersion: 'v2025.03.14',
    scoreDate: '2025-03-14',
    maxRandom: 0.97,
    include: new Map(),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    i++;
    switch (flag) {
      case '--out':
        options.out = value;
        break;
      case '--rows':
        options.rows = wholeNumber(flag, value);
        break;
      case '--seed':
        options.seed = wholeNumber(flag, value);
        break;
      case '--model-version':
        if (!/^\S{1,64}$/.test(value))
          throw new Error(`${flag} ${value}: no spaces, at most 64 characters`);
        options.modelVersion = value;
        break;
      case '--score-date':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
          throw new Error(`${flag} ${value}: expected YYYY-MM-DD`);
        options.scoreDate = value;
        break;
      case '--max-random':
        options.maxRandom = probability(flag, value);
        break;
      case '--include':
        for (const item of value.split(',').filter(Boolean)) {
          const [cve, score] = item.split('=');
          const id = (cve || '').trim().toUpperCase();
          if (!CVE_ID.test(id) || score === undefined) {
            throw new Error(
              `--include ${item}: expected CVE-YYYY-NNNN=<score>`,
            );
          }
          options.include.set(id, probability(`--include ${id}`, score));
        }
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  if (!options.out) throw new Error('--out <file> is required');
  options.gzip = !options.out.endsWith('.csv');
  return options;
}

function wholeNumber(flag, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`${flag} ${value}: expected a whole number`);
  return n;
}

function probability(flag, value) {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1)) {
    throw new Error(`${flag} ${value}: expected a number from 0 to 1`);
  }
  return n;
}

function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`make-epss-file: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const bytes = makeEpssFile(options);
  fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
  fs.writeFileSync(options.out, bytes);
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  process.stderr.write(
    `make-epss-file: ${options.rows} rows (${options.include.size} included), ` +
      `${options.modelVersion} of ${options.scoreDate}, ${bytes.length} bytes, ` +
      `sha256 ${sha256} -> ${options.out}\n`,
  );
}

module.exports = { makeEpssCsv, makeEpssFile };

if (require.main === module) {
  main(process.argv.slice(2));
}
