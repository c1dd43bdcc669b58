import fs from 'fs';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  invalidConfig,
  readPositiveNumber,
  readUrl,
} from '@posture/backstage-plugin-security-node';
import {
  ConfigReader,
  readDurationFromConfig,
  type Config,
  type JsonObject,
} from '@backstage/config';

/** How Posture authenticates to Vault. @public */
export type VaultAuthConfig =
  | { method: 'token'; token: string }
  | {
      method: 'kubernetes';
      role: string;
      mountPath: string;
      tokenPath: string;
    }
  | { method: 'approle'; roleId: string; secretId: string; mountPath: string };

/** `security.vault` with defaults applied. @public */
export interface VaultConfig {
  baseUrl: string;
  publicUrl: string;
  namespace?: string;
  auth: VaultAuthConfig;
  kvMount: string;
  databaseMount: string;
  concurrency: number;
  requestsPerSecond: number;
  timeoutMs: number;
  retries: number;
  /** PEM contents of `tlsCa`, read at start-up. */
  tlsCa?: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** `security.policy.secrets.maxAgeDays`. */
  defaultMaxAgeDays: number;
}

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
};

const KEY = 'security.vault';

function invalid(key: string, why: string): never {
  return invalidConfig(`${KEY}.${key}`, why);
}

/** A mount name without surrounding slashes; `where` is the config key `config` was read at. */
export function readMount(
  config: Config,
  key: string,
  fallback: string,
  where: string = KEY,
): string {
  const value = (config.getOptionalString(key) ?? fallback).replace(
    /^\/+|\/+$/g,
    '',
  );
  if (!value) invalidConfig(`${where}.${key}`, 'must name a mount');
  return value;
}

/** `auth` under `where` (`security.vault` or `security.vault.provisioner`). */
export function readAuth(config: Config, where: string = KEY): VaultAuthConfig {
  const invalidAt = (key: string, why: string): never =>
    invalidConfig(`${where}.${key}`, why);
  if (!config.has('auth')) {
    invalidAt('auth', 'is required when security.vault.baseUrl is set');
  }
  const auth = config.getConfig('auth');
  const method = auth.getString('method');
  switch (method) {
    case 'token':
      return { method, token: auth.getString('token') };
    case 'kubernetes':
      return {
        method,
        role: auth.getString('role'),
        mountPath: readMount(auth, 'mountPath', 'kubernetes', `${where}.auth`),
        tokenPath:
          auth.getOptionalString('tokenPath') ??
          '/var/run/secrets/kubernetes.io/serviceaccount/token',
      };
    case 'approle':
      return {
        method,
        roleId: auth.getString('roleId'),
        secretId: auth.getString('secretId'),
        mountPath: readMount(auth, 'mountPath', 'approle', `${where}.auth`),
      };
    default:
      return invalidAt(
        'auth.method',
        `"${method}" is not one of token, kubernetes, approle`,
      );
  }
}

function readSchedule(config: Config): SchedulerServiceTaskScheduleDefinition {
  if (!config.has('schedule')) return DEFAULT_SCHEDULE;
  try {
    const schedule = config.getConfig('schedule');
    if (schedule.has('frequency')) {
      // A full schedule without a timeout still gets the default one.
      return readSchedulerServiceTaskScheduleDefinitionFromConfig(
        new ConfigReader({
          timeout: DEFAULT_SCHEDULE.timeout as JsonObject,
          ...schedule.get<JsonObject>(),
        }),
      );
    }
    // The shorthand `schedule: { minutes: 30 }` is just the frequency.
    return {
      frequency: readDurationFromConfig(config, { key: 'schedule' }),
      timeout: DEFAULT_SCHEDULE.timeout,
    };
  } catch (error) {
    return invalid('schedule', (error as Error).message);
  }
}

function readTlsCa(config: Config): string | undefined {
  const file = config.getOptionalString('tlsCa');
  if (file === undefined) return undefined;
  try {
    const pem = fs.readFileSync(file, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      invalid('tlsCa', `${file} holds no PEM certificate`);
    }
    return pem;
  } catch (error) {
    if ((error as Error).message.startsWith('Invalid config')) throw error;
    return invalid(
      'tlsCa',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

/**
 * Reads `security.vault` once at start-up; undefined when `security.vault.baseUrl` is absent
 * (Vault is then simply not used). A bad value throws naming the key, so a misconfigured
 * backend stops at start-up instead of failing every scheduled run.
 * @public
 */
export function readVaultConfig(root: Config): VaultConfig | undefined {
  const config = root.getOptionalConfig(KEY);
  const baseUrl = readUrl(root, `${KEY}.baseUrl`);
  if (!config || !baseUrl) return undefined;
  const defaultMaxAgeDays = readPositiveNumber(
    root,
    'security.policy.secrets.maxAgeDays',
    90,
  );
  const namespace = config.getOptionalString('namespace')?.trim();
  const count = (key: string, fallback: number, min?: number) =>
    readPositiveNumber(root, `${KEY}.${key}`, fallback, { integer: true, min });
  return {
    baseUrl,
    publicUrl: readUrl(root, `${KEY}.publicUrl`) ?? baseUrl,
    namespace: namespace || undefined,
    auth: readAuth(config),
    kvMount: readMount(config, 'kvMount', 'secret'),
    databaseMount: readMount(config, 'databaseMount', 'database'),
    concurrency: count('concurrency', 4),
    requestsPerSecond: readPositiveNumber(root, `${KEY}.requestsPerSecond`, 20),
    timeoutMs: count('timeoutMs', 10_000),
    retries: count('retries', 3, 0),
    tlsCa: readTlsCa(config),
    schedule: readSchedule(config),
    defaultMaxAgeDays,
  };
}
