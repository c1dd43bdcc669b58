import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { readDurationFromConfig, type Config } from '@backstage/config';
import { invalidConfig } from '@posture/backstage-plugin-security-node';

type HumanDuration = ReturnType<typeof readDurationFromConfig>;

/** One `security.reports.serviceAccess` entry: where a service subject may upload. */
export interface ServiceUploadRule {
  /** The credential's subject, exactly as Backstage reports it (a static token's `subject`). */
  subject: string;
  /** Canonical refs of owners (groups or users) whose entities it may upload to. */
  owners?: string[];
  /** Canonical refs of entities it may upload to. */
  entities?: string[];
}

/** Who may write what: upload targets, service token limits, the refresh throttle. */
export interface WriteAccessConfig {
  /** Entity kinds reports may be uploaded to, lower-case. */
  entityKinds: string[];
  /** Undefined when service uploads are unrestricted (the default). */
  serviceAccess?: ServiceUploadRule[];
  /** How long after a refresh of an entity another one is refused, in milliseconds. */
  refreshMinIntervalMs: number;
}

export const ENTITY_KINDS_KEY = 'security.reports.entityKinds';
export const SERVICE_ACCESS_KEY = 'security.reports.serviceAccess';
export const REFRESH_INTERVAL_KEY = 'security.refresh.minInterval';

const DEFAULT_REFRESH_INTERVAL_MS = 30_000;

/** Read once at start-up; a bad value stops the backend with a message naming the key. */
export function readWriteAccessConfig(config: Config): WriteAccessConfig {
  return {
    entityKinds: readEntityKinds(config),
    serviceAccess: readServiceAccess(config),
    refreshMinIntervalMs: readRefreshInterval(config),
  };
}

function readEntityKinds(config: Config): string[] {
  const kinds = config.getOptionalStringArray(ENTITY_KINDS_KEY) ?? [
    'Component',
  ];
  if (kinds.length === 0 || kinds.some(k => !k.trim())) {
    invalidConfig(ENTITY_KINDS_KEY, 'must name at least one entity kind');
  }
  return kinds.map(k => k.trim().toLocaleLowerCase('en-US'));
}

function readServiceAccess(config: Config): ServiceUploadRule[] | undefined {
  if (!config.has(SERVICE_ACCESS_KEY)) return undefined;
  return config.getConfigArray(SERVICE_ACCESS_KEY).map((rule, i) => {
    const key = `${SERVICE_ACCESS_KEY}[${i}]`;
    const subject = rule.getString('subject').trim();
    if (!subject) invalidConfig(`${key}.subject`, 'must not be empty');
    const refs = (field: 'owners' | 'entities', defaultKind: string) => {
      const values = rule.getOptionalStringArray(field);
      return values?.map(value => {
        try {
          return stringifyEntityRef(
            parseEntityRef(value, { defaultKind, defaultNamespace: 'default' }),
          ).toLocaleLowerCase('en-US');
        } catch (error) {
          return invalidConfig(
            `${key}.${field}`,
            `"${value}" is not an entity ref: ${(error as Error).message}`,
          );
        }
      });
    };
    return {
      subject,
      owners: refs('owners', 'group'),
      entities: refs('entities', 'component'),
    };
  });
}

function readRefreshInterval(config: Config): number {
  if (!config.has(REFRESH_INTERVAL_KEY)) return DEFAULT_REFRESH_INTERVAL_MS;
  let duration: HumanDuration;
  try {
    duration = readDurationFromConfig(config, { key: REFRESH_INTERVAL_KEY });
  } catch (error) {
    return invalidConfig(REFRESH_INTERVAL_KEY, (error as Error).message);
  }
  const ms = durationToMs(duration);
  if (!Number.isFinite(ms) || ms < 0) {
    invalidConfig(REFRESH_INTERVAL_KEY, 'must be a duration of 0 or more');
  }
  return ms;
}

// Months and years have no fixed length; nobody throttles refreshes by them, so they are
// approximated rather than refused.
const UNIT_MS: Record<keyof HumanDuration, number> = {
  years: 365 * 86_400_000,
  months: 30 * 86_400_000,
  weeks: 7 * 86_400_000,
  days: 86_400_000,
  hours: 3_600_000,
  minutes: 60_000,
  seconds: 1_000,
  milliseconds: 1,
};

function durationToMs(duration: HumanDuration): number {
  return Object.entries(duration).reduce(
    (sum, [unit, value]) =>
      sum + (UNIT_MS[unit as keyof HumanDuration] ?? NaN) * Number(value),
    0,
  );
}
