import type { Config } from '@backstage/config';

/** The options of the Posture fact retriever, read from `techInsights.posture`. */
export interface PostureFactsConfig {
  /** Entity kinds whose posture becomes facts, e.g. `['Component']`. */
  kinds: string[];
  /** Postures read from the security backend at once. */
  concurrency: number;
}

export const KINDS_KEY = 'techInsights.posture.kinds';
export const CONCURRENCY_KEY = 'techInsights.posture.concurrency';
/** The security backend's own setting: the kinds reports may be uploaded to. */
const SECURITY_KINDS_KEY = 'security.reports.entityKinds';
const DEFAULT_CONCURRENCY = 5;
const MAX_CONCURRENCY = 50;

/**
 * Reads and checks the retriever's options; a bad value stops start-up with the key that
 * holds it, rather than a retriever that silently reads nothing.
 */
export function readPostureFactsConfig(config: Config): PostureFactsConfig {
  return { kinds: readKinds(config), concurrency: readConcurrency(config) };
}

function readKinds(config: Config): string[] {
  // By default the same kinds Posture grades, so the two cannot drift apart.
  const key = config.has(KINDS_KEY) ? KINDS_KEY : SECURITY_KINDS_KEY;
  const kinds = config.getOptionalStringArray(key) ?? ['Component'];
  const cleaned = kinds.map(kind => kind.trim());
  if (cleaned.length === 0 || cleaned.some(kind => kind === '')) {
    throw new Error(
      `${key} must list at least one entity kind, e.g. [Component]; got ${JSON.stringify(
        kinds,
      )}`,
    );
  }
  return [...new Set(cleaned)];
}

function readConcurrency(config: Config): number {
  const value =
    config.getOptionalNumber(CONCURRENCY_KEY) ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(value) || value < 1 || value > MAX_CONCURRENCY) {
    throw new Error(
      `${CONCURRENCY_KEY} must be a whole number from 1 to ${MAX_CONCURRENCY}; got ${value}`,
    );
  }
  return value;
}
