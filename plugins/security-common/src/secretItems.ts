import { secretAgeDays, secretStatus } from './secretAge';
import type {
  OverdueSecret,
  SecretItem,
  SecretKind,
  SecretState,
  SecretStatus,
  SecretsSummary,
} from './types';

/**
 * Metadata of one secret, as a source read it; never its value. Status and age are not
 * observed: they are derived from these facts and the clock when they are read, so a secret
 * turns overdue on time even between checks.
 * @public
 */
export interface SecretObservation {
  /** The secret's path within its engine, e.g. `payments/payment-gateway/db`. */
  path: string;
  /** The mount, e.g. `secret`, `kv-payments` or `database`. */
  engine: string;
  kind: SecretKind;
  /** KV version number of the current value; null for static roles and when unknown. */
  currentVersion: number | null;
  /** When the current value was created (KV) or last rotated (static role); ISO 8601. */
  createdTime: string | null;
  /** When the secret's metadata last changed; ISO 8601. */
  updatedTime: string | null;
  /** How old the value may get before it is overdue; null when no policy applies. */
  maxAgeDays: number | null;
  /** `deleted` and `destroyed` current versions are states of their own, not ages. */
  state: SecretState;
  /** Why the secret could not be read, when `state` is `error`. */
  error: string | null;
}

/** A stored secret: the facts last read, when, and whether they are still current. @public */
export type StoredSecret = SecretObservation & {
  checkedAt: string | null;
  stale: boolean;
};

/**
 * The order people triage in: overdue, then about to be, then what cannot be judged.
 * @public
 */
export const SECRET_STATUS_ORDER: readonly SecretStatus[] = [
  'overdue',
  'due-soon',
  'unknown',
  'deleted',
  'ok',
];

/**
 * Most urgent first: by status in {@link SECRET_STATUS_ORDER}, then oldest first. Zero for
 * equally urgent secrets, so a stable sort keeps their order.
 * @public
 */
export function compareSecretUrgency(
  a: Pick<SecretItem, 'status' | 'ageDays'>,
  b: Pick<SecretItem, 'status' | 'ageDays'>,
): number {
  return (
    SECRET_STATUS_ORDER.indexOf(a.status) -
      SECRET_STATUS_ORDER.indexOf(b.status) ||
    (b.ageDays ?? -1) - (a.ageDays ?? -1)
  );
}

/** Age and status at `now`, in triage order. @public */
export function secretItemsAt(
  secrets: readonly StoredSecret[],
  now: Date,
): SecretItem[] {
  return secrets
    .map(secret => ({
      path: secret.path,
      engine: secret.engine,
      kind: secret.kind,
      currentVersion: secret.currentVersion,
      createdTime: secret.createdTime,
      updatedTime: secret.updatedTime,
      ageDays: secretAgeDays(secret.createdTime, now),
      maxAgeDays: secret.maxAgeDays,
      status: secretStatus(secret, now),
      checkedAt: secret.checkedAt,
      stale: secret.stale,
      error: secret.error,
    }))
    .sort((a, b) => compareSecretUrgency(a, b) || a.path.localeCompare(b.path));
}

/** Most days past the limit first, so a one-day role nine days old outranks a KV secret a week over. */
function overdueSecrets(items: readonly SecretItem[]): OverdueSecret[] {
  return items
    .filter(i => i.ageDays !== null && i.maxAgeDays !== null)
    .map(i => ({
      path: i.path,
      engine: i.engine,
      kind: i.kind,
      ageDays: i.ageDays!,
      maxAgeDays: i.maxAgeDays!,
    }))
    .sort(
      (a, b) =>
        b.ageDays - b.maxAgeDays - (a.ageDays - a.maxAgeDays) ||
        a.path.localeCompare(b.path),
    );
}

/**
 * The secrets section of a posture: counts at `now`, when the source last succeeded, and
 * stale when its last attempt failed or any secret could not be read.
 * @public
 */
export function summarizeSecrets(
  secrets: readonly StoredSecret[],
  source: { succeededAt: string | null; error: string | null } | undefined,
  now: Date,
): SecretsSummary {
  const items = secretItemsAt(secrets, now);
  // A deleted or destroyed secret has no value left to rotate: its age counts nowhere.
  const ages = items
    .filter(i => i.status !== 'deleted' && i.ageDays !== null)
    .map(i => i.ageDays!);
  const overdue = items.filter(i => i.status === 'overdue');
  return {
    total: items.length,
    overdue: overdue.length,
    dueSoon: items.filter(i => i.status === 'due-soon').length,
    oldestAgeDays: ages.length ? Math.max(...ages) : null,
    overdueSecrets: overdueSecrets(overdue),
    checkedAt: source?.succeededAt ?? null,
    stale: Boolean(source?.error) || items.some(i => i.stale),
  };
}

const keyOf = (secret: { engine: string; path: string }) =>
  `${secret.engine}\u0000${secret.path}`;

const isFolder = (secret: { kind: SecretKind; path: string }) =>
  secret.kind === 'kv' && secret.path.endsWith('/');

const isUnder = (
  secret: StoredSecret,
  folder: { engine: string; path: string },
) =>
  secret.kind === 'kv' &&
  secret.engine === folder.engine &&
  secret.path.startsWith(folder.path) &&
  secret.path !== folder.path;

/**
 * A source's successful pass over an entity. Secrets it no longer reports are gone; one it
 * could not read keeps its last known facts, marked stale with the error, rather than being
 * replaced by an empty row. A folder it could not list (a KV path ending in `/`) keeps the
 * secrets last listed under it the same way: a failed listing says nothing about them.
 * @public
 */
export function nextSecrets(options: {
  previous: readonly StoredSecret[];
  observations: readonly SecretObservation[];
  at: string;
}): StoredSecret[] {
  const known = new Map(options.previous.map(s => [keyOf(s), s]));
  const observed = new Set(options.observations.map(keyOf));
  return options.observations.flatMap((observation): StoredSecret[] => {
    const earlier = known.get(keyOf(observation));
    if (observation.state === 'error' && earlier && earlier.state !== 'error') {
      return [{ ...earlier, error: observation.error, stale: true }];
    }
    if (observation.state === 'error' && isFolder(observation)) {
      const listed = options.previous.filter(
        s => isUnder(s, observation) && !observed.has(keyOf(s)),
      );
      if (listed.length > 0) {
        return listed.map(s => ({
          ...s,
          error: observation.error,
          stale: s.state !== 'error',
        }));
      }
    }
    return [
      {
        ...observation,
        checkedAt:
          observation.state === 'error'
            ? earlier?.checkedAt ?? null
            : options.at,
        stale: false,
      },
    ];
  });
}
