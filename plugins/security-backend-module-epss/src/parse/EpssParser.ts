import { InputError } from '@backstage/errors';
import type { EpssSnapshot } from '@posture/backstage-plugin-security-node';

/** As CISA's KEV schema has it: 4 to 19 digits, which also fits the 32-character column. */
const CVE_ID = /^CVE-\d{4}-\d{4,19}$/;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const SCORE_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const MODEL_VERSION = /^\S{1,64}$/;
const HEADER = ['cve', 'epss', 'percentile'];
const FIRST_LINE = '#model_version:<version>,score_date:<date>';

const quoted = (value: string) =>
  JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);

function refuse(line: number, why: string): never {
  throw new InputError(`Invalid EPSS file: line ${line}: ${why}`);
}

/**
 * Checks and collects FIRST's EPSS CSV as text arrives in pieces (`write`), one line at a
 * time: the `#model_version:…,score_date:…` line, the `cve,epss,percentile` header, then one
 * row per CVE. The first problem throws an `InputError` naming the line number and what is
 * wrong, so a file is taken whole or not at all. Lines may end in CRLF; blank lines are
 * allowed only at the end.
 */
export class EpssParser {
  private lineNumber = 0;
  private rest = '';
  private modelVersion?: string;
  private scoreDate?: string;
  private firstBlankLine?: number;
  private readonly cves: string[] = [];
  private readonly scores: number[] = [];
  private readonly percentiles: number[] = [];
  private readonly seen = new Set<string>();

  write(text: string): void {
    const data = this.rest + text;
    let start = 0;
    for (
      let end = data.indexOf('\n', start);
      end !== -1;
      end = data.indexOf('\n', start)
    ) {
      this.line(data.slice(start, end));
      start = end + 1;
    }
    this.rest = data.slice(start);
  }

  /** The snapshot, once the text has ended. */
  end(): EpssSnapshot {
    if (this.rest !== '') this.line(this.rest);
    this.rest = '';
    if (this.lineNumber === 0) refuse(1, 'the file is empty');
    if (this.lineNumber === 1) {
      refuse(2, `expected the header "${HEADER.join(',')}", found the end`);
    }
    if (this.cves.length === 0) {
      refuse(this.lineNumber + 1, 'no scores after the header');
    }
    return {
      modelVersion: this.modelVersion!,
      scoreDate: this.scoreDate!,
      cves: this.cves,
      scores: this.scores,
      percentiles: this.percentiles,
    };
  }

  private line(raw: string): void {
    const n = ++this.lineNumber;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (n === 1) {
      // A byte order mark is valid UTF-8 but not part of the line.
      this.metadata(line.replace(/^\uFEFF/, ''));
    } else if (n === 2) {
      this.header(line);
    } else if (line === '') {
      this.firstBlankLine ??= n;
    } else {
      if (this.firstBlankLine !== undefined) {
        refuse(this.firstBlankLine, 'empty line before more rows');
      }
      this.row(line, n);
    }
  }

  private metadata(line: string): void {
    if (!line.startsWith('#')) {
      refuse(1, `expected "${FIRST_LINE}", found ${quoted(line)}`);
    }
    const fields = new Map<string, string>();
    for (const part of line.slice(1).split(',')) {
      const colon = part.indexOf(':');
      if (colon === -1) {
        refuse(1, `expected key:value pairs, found ${quoted(part)}`);
      }
      fields.set(part.slice(0, colon).trim(), part.slice(colon + 1).trim());
    }
    const modelVersion = fields.get('model_version');
    const scoreDate = fields.get('score_date');
    if (modelVersion === undefined || scoreDate === undefined) {
      refuse(
        1,
        `expected "${FIRST_LINE}", found no ${
          modelVersion === undefined ? 'model_version' : 'score_date'
        } in ${quoted(line)}`,
      );
    }
    if (!MODEL_VERSION.test(modelVersion)) {
      refuse(
        1,
        `model_version ${quoted(
          modelVersion,
        )} must be 1 to 64 characters without spaces`,
      );
    }
    const day = calendarDay(scoreDate);
    if (!day) {
      refuse(
        1,
        `score_date ${quoted(
          scoreDate,
        )} is not a date (YYYY-MM-DD, optionally with a time)`,
      );
    }
    this.modelVersion = modelVersion;
    this.scoreDate = day;
  }

  private header(line: string): void {
    const columns = line.split(',').map(c => c.trim().toLowerCase());
    if (
      columns.length !== HEADER.length ||
      columns.some((c, i) => c !== HEADER[i])
    ) {
      refuse(
        2,
        `expected the header "${HEADER.join(',')}", found ${quoted(line)}`,
      );
    }
  }

  private row(line: string, n: number): void {
    const first = line.indexOf(',');
    const second = first === -1 ? -1 : line.indexOf(',', first + 1);
    if (second === -1 || line.indexOf(',', second + 1) !== -1) {
      refuse(
        n,
        `expected 3 columns (cve,epss,percentile), found ${
          line.split(',').length
        }: ${quoted(line)}`,
      );
    }
    // The real file is upper case without spaces; only other ids pay for normalising.
    let cve = line.slice(0, first);
    if (!CVE_ID.test(cve)) cve = cve.trim().toUpperCase();
    if (!CVE_ID.test(cve)) {
      refuse(
        n,
        `${quoted(line.slice(0, first))} is not a CVE id (CVE-YYYY-NNNN)`,
      );
    }
    const score = probability(line.slice(first + 1, second), 'epss', n);
    const percentile = probability(line.slice(second + 1), 'percentile', n);
    if (this.seen.has(cve)) {
      // Rows are lines 3, 4, ... (blank lines come only after the last row).
      const earlier = this.cves.indexOf(cve) + 3;
      refuse(n, `${cve} is listed again (first on line ${earlier})`);
    }
    this.seen.add(cve);
    this.cves.push(cve);
    this.scores.push(score);
    this.percentiles.push(percentile);
  }
}

function probability(text: string, column: string, line: number): number {
  const fast = Number(text);
  // The common case, checked cheaply first: a plain number in range without spaces.
  if (fast >= 0 && fast <= 1 && text !== '' && NUMBER.test(text)) return fast;
  const value = text.trim();
  if (!NUMBER.test(value)) {
    refuse(line, `${column} ${quoted(value)} is not a number`);
  }
  const number = Number(value);
  if (!(number >= 0 && number <= 1)) {
    refuse(line, `${column} ${value} is not between 0 and 1`);
  }
  return number;
}

/** The YYYY-MM-DD of an ISO 8601 date or date-time naming a day that exists, else undefined. */
function calendarDay(value: string): string | undefined {
  const match = SCORE_DATE.exec(value);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1, 4).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const exists =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  return exists ? value.slice(0, 10) : undefined;
}
