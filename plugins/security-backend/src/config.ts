import path from 'path';
import { readDurationFromConfig, type Config } from '@backstage/config';
import { Duration } from 'luxon';
import { DEFAULT_MAX_CLOCK_SKEW_MS } from './service/ReportClock';
import {
  invalidConfig,
  readPositiveNumber,
} from '@posture/backstage-plugin-security-node';

const SIZE_PATTERN = /^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i;

export interface SecurityBackendConfig {
  maxReportSize: string | number;
  /** How far ahead of the backend's clock a report's generation time may be, in ms. */
  maxClockSkewMs: number;
  /** Uploads ingested at once; more wait before their body is read (see `IngestionSlots`). */
  maxConcurrentIngestions: number;
  /** Uploads that may wait for a slot; the next gets 503 with Retry-After. */
  maxQueuedIngestions: number;
  /** Absolute directory of report files to ingest at start-up, if configured. */
  seedDirectory?: string;
}

/** Read once at start-up; a bad value stops the backend with a message naming the key. */
export function readSecurityBackendConfig(
  config: Config,
): SecurityBackendConfig {
  const key = 'security.reports.maxBodySize';
  const value = config.getOptional<string | number>(key) ?? '50mb';
  if (
    typeof value === 'number' ? !(value > 0) : !SIZE_PATTERN.test(value.trim())
  ) {
    invalidConfig(
      key,
      `"${value}" is neither a byte count nor a size such as 50mb`,
    );
  }
  const seed = config.getOptionalString('security.reports.seedDirectory');
  return {
    maxReportSize: typeof value === 'number' ? value : value.trim(),
    maxClockSkewMs: readMaxClockSkewMs(config),
    maxConcurrentIngestions: readPositiveNumber(
      config,
      'security.reports.maxConcurrentIngestions',
      2,
      { integer: true },
    ),
    maxQueuedIngestions: readPositiveNumber(
      config,
      'security.reports.maxQueuedIngestions',
      20,
      { integer: true, min: 0 },
    ),
    // Relative to the backend's working directory, like the catalog's file locations.
    seedDirectory: seed ? path.resolve(seed) : undefined,
  };
}

function readMaxClockSkewMs(config: Config): number {
  const key = 'security.reports.maxClockSkew';
  if (!config.has(key)) {
    return DEFAULT_MAX_CLOCK_SKEW_MS;
  }
  let ms: number;
  try {
    ms = Duration.fromObject(
      readDurationFromConfig(config, { key }),
    ).toMillis();
  } catch (error) {
    return invalidConfig(key, (error as Error).message);
  }
  if (!(ms >= 0)) {
    invalidConfig(key, 'a clock skew cannot be negative');
  }
  return ms;
}
