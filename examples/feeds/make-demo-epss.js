#!/usr/bin/env node
/*
 * Writes the demo's EPSS file, examples/feeds/epss_scores-demo.csv.gz, in the format of FIRST's
 * daily file (gzipped CSV: `#model_version:...,score_date:...`, then `cve,epss,percentile`).
 * It scores every CVE of the example reports (examples/reports/<service>/trivy.json) plus
 * filler rows, so the file looks like a (small) real one. The scores are MADE FOR THE DEMO,
 * not FIRST's: the known exploited CVEs the reports carry on purpose get high scores close to
 * their published ones, the rest a skewed spread like the real distribution (most far below
 * 1%, a few above 50%). Deterministic: each CVE's score comes from a hash of its id, so adding
 * a report changes no other CVE's score; percentiles are ranks over the whole file.
 *
 *   node examples/feeds/make-demo-epss.js
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const here = __dirname;
const reportsDir = path.join(here, '../reports');
const output = path.join(here, 'epss_scores-demo.csv.gz');
const MODEL_VERSION = 'v2025.03.14';
// A few days after the newest example scan (2026-11-20), as a daily file would be.
const SCORE_DATE = '2026-11-30';
const FILLER_ROWS = 5000;

// The known exploited CVEs examples/reports/generate.js adds on purpose.
const FIXED_SCORES = {
  'CVE-2021-44228': 0.94358,
  'CVE-2021-45046': 0.94324,
  'CVE-2022-22965': 0.94474,
  'CVE-2023-44487': 0.81236,
  'CVE-2023-4911': 0.72215,
  'CVE-2023-4863': 0.43127,
  'CVE-2020-11023': 0.29411,
};

/** Uniform numbers in [0, 1) from a hash of `key`, as many as asked. */
function uniforms(key, count) {
  const digest = crypto.createHash('sha256').update(key).digest();
  return Array.from(
    { length: count },
    (_, i) => digest.readUInt32BE(i * 4) / 4294967296,
  );
}

/** A made-up EPSS score: log-normal around 0.1%, 1% of CVEs in a high band. */
function scoreOf(cve) {
  if (FIXED_SCORES[cve] !== undefined) return FIXED_SCORES[cve];
  const [u1, u2, u3, u4] = uniforms(`epss:${cve}`, 4);
  if (u1 < 0.01) return round(0.5 + u2 * 0.47);
  const normal = Math.sqrt(-2 * Math.log(1 - u3)) * Math.cos(2 * Math.PI * u4);
  return Math.min(0.49, Math.max(0.00004, round(Math.exp(-7 + 1.6 * normal))));
}

const round = n => Math.round(n * 1e5) / 1e5;
const cveKey = cve => cve.split('-').slice(1).map(Number);

function cvesOfReports() {
  const cves = new Set();
  for (const service of fs.readdirSync(reportsDir)) {
    const file = path.join(reportsDir, service, 'trivy.json');
    if (!fs.existsSync(file)) continue;
    const report = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const result of report.Results ?? []) {
      for (const v of result.Vulnerabilities ?? []) {
        if (/^CVE-\d{4}-\d{4,}$/.test(v.VulnerabilityID)) {
          cves.add(v.VulnerabilityID);
        }
      }
    }
  }
  return cves;
}

function fillerCves(taken, count) {
  const cves = new Set();
  for (let i = 0; cves.size < count; i++) {
    const [u1, u2] = uniforms(`filler:${i}`, 2);
    const year = 2010 + Math.floor(u1 * 17);
    const cve = `CVE-${year}-${1000 + Math.floor(u2 * 60000)}`;
    if (!taken.has(cve)) cves.add(cve);
  }
  return cves;
}

const fromReports = cvesOfReports();
const all = [...fromReports, ...fillerCves(fromReports, FILLER_ROWS)].sort(
  (a, b) => {
    const [ya, na] = cveKey(a);
    const [yb, nb] = cveKey(b);
    return ya - yb || na - nb;
  },
);
const scores = all.map(scoreOf);
// EPSS percentile: the share of all scored CVEs with the same or a lower score.
const sorted = [...scores].sort((a, b) => a - b);
const atOrBelow = score => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= score) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};
const lines = [
  `#model_version:${MODEL_VERSION},score_date:${SCORE_DATE}T00:00:00+0000`,
  'cve,epss,percentile',
  ...all.map(
    (cve, i) =>
      `${cve},${scores[i].toFixed(5)},${(
        atOrBelow(scores[i]) / sorted.length
      ).toFixed(5)}`,
  ),
];
// gzip with no file name and time in its header, so the bytes only change with the scores.
fs.writeFileSync(output, zlib.gzipSync(`${lines.join('\n')}\n`, { level: 9 }));
console.log(
  `Wrote ${path.relative(process.cwd(), output)}: ${all.length} rows (${
    fromReports.size
  } CVEs of the example reports, ${FILLER_ROWS} filler), ${
    scores.filter(s => s >= 0.5).length
  } at 0.5 or more, score date ${SCORE_DATE}`,
);
