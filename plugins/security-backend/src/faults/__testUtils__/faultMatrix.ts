import { TestDatabases } from '@backstage/backend-test-utils';
import { RETRY_AFTER_SECONDS, type FaultKind } from './faultKinds';
import {
  RETRIES,
  startMatrixBackend,
  type MatrixBackend,
} from './matrixBackend';
import {
  MATRIX_DEPENDENCIES,
  type Attempt,
  type MatrixDependency,
} from './matrixDependencies';
import { readAll, rowCounts, storedErrors, type Reads } from './matrixReads';

/**
 * PostgreSQL when the tests have one (CI does: POSTURE_REQUIRE_POSTGRES), else SQLite: the
 * matrix is about the dependencies, so one engine is enough, and production's is preferred.
 */
function matrixDatabase() {
  const databases = TestDatabases.create({
    ids: ['POSTGRES_15', 'SQLITE_3'],
    disableDocker: true,
  });
  if (
    process.env.POSTURE_REQUIRE_POSTGRES &&
    !databases.supports('POSTGRES_15')
  ) {
    throw new Error(
      'POSTURE_REQUIRE_POSTGRES is set but BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not',
    );
  }
  const engine = databases.supports('POSTGRES_15')
    ? ('POSTGRES_15' as const)
    : ('SQLITE_3' as const);
  return { engine, init: () => databases.init(engine) };
}

function expectEveryReadAnswered(reads: Reads) {
  // A read that needs nothing from a failed dependency never fails because of it.
  expect(reads.status).toEqual(
    Object.fromEntries(Object.keys(reads.status).map(name => [name, 200])),
  );
}

function auditOutcomes(m: MatrixBackend, eventId?: string) {
  if (!eventId) return [];
  return m.auditor.events
    .filter(e => e.eventId === eventId)
    .map(e => ({
      outcome: e.outcome,
      changed: (e.outcomeMeta as { changed?: string } | undefined)?.changed,
    }));
}

/** The waits between attempts on the same path, in ms. */
function retryWaits(attempts: Attempt[]): number[] {
  const last = new Map<string, number>();
  const waits: number[] = [];
  for (const { path, at } of attempts) {
    const before = last.get(path);
    if (before !== undefined) waits.push(at - before);
    last.set(path, at);
  }
  return waits;
}

/**
 * The fault matrix for one dependency: for each way it can fail (a row), a good run, the
 * faulty run and a recovered run, each followed by every read. What must hold:
 * - every read answers 200, whatever failed;
 * - the failed dependency's last good data is still served, marked stale with a reason that
 *   names the fault and no credential; every other dependency's data and status unchanged;
 * - the failure made a bounded number of requests (retries, Retry-After honoured) and wrote
 *   no row;
 * - once the fault is gone, the next scheduled run succeeds, clears the mark, and leaves the
 *   same rows and data as the good run: nothing duplicated, nothing rewritten.
 * Each test file names its block and rows (`it.each(FAULT_KINDS)('$title: ...', row)`).
 */
export function faultMatrix(dependency: MatrixDependency) {
  const database = matrixDatabase();
  const others = MATRIX_DEPENDENCIES.filter(d => d.id !== dependency.id);
  let m: MatrixBackend | undefined;

  return {
    async start(): Promise<void> {
      m = await startMatrixBackend({ knex: await database.init() });
      // Every section has data before anything fails.
      for (const each of MATRIX_DEPENDENCIES) await m.trigger(each.taskId);
    },

    async stop(): Promise<void> {
      await m?.stop();
    },

    async row({ kind }: { kind: FaultKind }): Promise<void> {
      const backend = m!;
      // A good run.
      await dependency.clear(backend);
      const beforeGood = dependency.attempts(backend).length;
      await backend.trigger(dependency.taskId);
      const goodAttempts = dependency.attempts(backend).length - beforeGood;
      const good = await readAll(backend);
      expectEveryReadAnswered(good);
      expect(dependency.status(good)).toEqual({ stale: false, error: null });
      // Every section has real data, so "unchanged" below means something.
      expect(
        MATRIX_DEPENDENCIES.filter(each => !each.served(good)).map(e => e.id),
      ).toEqual([]);
      const goodCounts = await rowCounts(backend.knex);
      const audits = auditOutcomes(backend, dependency.auditEventId).length;

      // The faulty run.
      await dependency.inject(backend, kind);
      const beforeFault = dependency.attempts(backend).length;
      await backend.trigger(dependency.taskId);
      const faultyAttempts = dependency.attempts(backend).slice(beforeFault);
      const faulty = await readAll(backend);

      expectEveryReadAnswered(faulty);
      expect(dependency.data(faulty)).toEqual(dependency.data(good));
      const status = dependency.status(faulty);
      expect(status.stale).toBe(true);
      expect(status.error).toMatch(dependency.reasons[kind]);
      for (const other of others) {
        expect(other.data(faulty)).toEqual(other.data(good));
        expect(other.status(faulty)).toEqual({ stale: false, error: null });
      }
      const haystack = `${faulty.text}\n${await storedErrors(backend.knex)}`;
      for (const credential of backend.credentials) {
        expect(haystack).not.toContain(credential);
      }
      expect(await rowCounts(backend.knex)).toEqual(goodCounts);
      // Asked (unless it was down), retried, but no more than the retries allow.
      expect(faultyAttempts.length > 0).toBe(kind !== 'down');
      expect(faultyAttempts.length).toBeLessThanOrEqual(
        (RETRIES + 1) * Math.max(goodAttempts, 1),
      );
      // A 429's Retry-After is waited out before the next attempt (log times are whole ms).
      const waits = retryWaits(faultyAttempts);
      expect(waits.length > 0 || kind !== 'rate-limited').toBe(true);
      expect(Math.min(Infinity, ...waits)).toBeGreaterThanOrEqual(
        kind === 'rate-limited' ? RETRY_AFTER_SECONDS * 1000 - 5 : 0,
      );
      // Feeds audit each load; the failed one says so.
      expect(
        auditOutcomes(backend, dependency.auditEventId).slice(audits),
      ).toEqual(
        dependency.auditEventId
          ? [{ outcome: 'fail', changed: undefined }]
          : [],
      );

      // The fault is gone: the next scheduled run recovers.
      await dependency.clear(backend);
      const beforeRecovery = dependency.attempts(backend).length;
      await backend.trigger(dependency.taskId);
      const recoveryAttempts =
        dependency.attempts(backend).length - beforeRecovery;
      const recovered = await readAll(backend);

      expectEveryReadAnswered(recovered);
      for (const each of MATRIX_DEPENDENCIES) {
        expect(each.data(recovered)).toEqual(each.data(good));
        expect(each.status(recovered)).toEqual({ stale: false, error: null });
      }
      expect(await rowCounts(backend.knex)).toEqual(goodCounts);
      // No retries when nothing fails (a health check may be redone after an outage).
      expect(recoveryAttempts).toBeLessThanOrEqual(goodAttempts + 1);
      // The same bytes again: checked, not rewritten.
      expect(
        auditOutcomes(backend, dependency.auditEventId).slice(audits + 1),
      ).toEqual(
        dependency.auditEventId
          ? [{ outcome: 'success', changed: 'false' }]
          : [],
      );
    },
  };
}
