import { InputError } from '@backstage/errors';
import type { ReportFormat } from '@posture/backstage-plugin-security-common';
import type { ParsedReport } from '@posture/backstage-plugin-security-node';
import { EARLIEST_STORABLE_TIME, LATEST_STORABLE_TIME } from '../database/rows';

/** Where each format writes when it was generated, for messages that name the field. */
const GENERATED_AT_FIELD: Record<ReportFormat, string> = {
  trivy: 'CreatedAt',
  cyclonedx: 'metadata.timestamp',
  spdx: 'creationInfo.created',
  'sigstore-bundle': 'integratedTime',
};

/** @default 5 minutes */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * A newer report replaces an older one of its slot, and "newer" is the report's own
 * generation time: a time the backend has not reached yet cannot be true, and would keep every
 * genuine report out (409) until it passed. Such reports are refused, allowing for CI
 * runners' clocks being a little ahead.
 */
export class ReportClock {
  private readonly maxSkewMs: number;
  private readonly now: () => Date;

  constructor(options: { maxSkewMs?: number; now?: () => Date } = {}) {
    this.maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** The latest time an upload may say it was made: now plus the allowed clock skew. */
  latestAllowed(): Date {
    return new Date(this.now().getTime() + this.maxSkewMs);
  }

  /** Throws an InputError naming the field when the report says it was made in the future. */
  check(report: ParsedReport): void {
    const value = report.generatedAt;
    const millis = value ? Date.parse(value) : NaN;
    if (Number.isNaN(millis)) {
      return;
    }
    const field = GENERATED_AT_FIELD[report.format] ?? 'generatedAt';
    if (millis < EARLIEST_STORABLE_TIME || millis > LATEST_STORABLE_TIME) {
      throw new InputError(
        `${field} "${value}" is outside the years 1 to 9999: nothing was stored`,
      );
    }
    const latest = this.now().getTime() + this.maxSkewMs;
    if (millis > latest) {
      throw new InputError(
        `${field} "${value}" is in the future (allowed clock skew: ${Math.round(
          this.maxSkewMs / 1000,
        )} s): a report cannot be generated after it is uploaded; nothing was stored`,
      );
    }
  }
}
