import knexFactory, { type Knex } from 'knex';
import {
  startMatrixBackend,
  type MatrixBackend,
} from './__testUtils__/matrixBackend';
import { MATRIX_DEPENDENCIES } from './__testUtils__/matrixDependencies';
import { ENTITY_PATH } from './__testUtils__/matrixFixtures';
import { readAll } from './__testUtils__/matrixReads';
import {
  startPrivatePostgres,
  type PrivatePostgres,
} from './__testUtils__/privatePostgres';
import {
  LOAD_FINDINGS,
  loadEntities,
  loadRef,
  loadScan,
  startLoad,
  type LoadAnswer,
} from './__testUtils__/restartLoad';

/*
 * The fault matrix's database row: PostgreSQL restarted under load. The cluster is the test's
 * own (the machine's shared one serves other tests), on 127.0.0.1 and a port from 55432.
 */

const DATABASE = 'posture_faults_restart';
const UNAVAILABLE =
  /^Posture's database is unavailable( \([0-9A-Z]+\))?; try again in a few seconds$/;
/** knex's pool logs every refused connection while the server is down; expected here. */
const quiet = { warn() {}, error() {}, debug() {}, deprecate() {} };

function expectClear503(answer: LoadAnswer) {
  expect(answer).toMatchObject({
    status: 503,
    retryAfter: '5',
    message: expect.stringMatching(UNAVAILABLE),
  });
}

describe('fault matrix: PostgreSQL restarted under load', () => {
  let pg: PrivatePostgres | undefined;
  let admin: Knex | undefined;
  let knex: Knex | undefined;
  let m: MatrixBackend | undefined;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const connection = { host: pg.host, port: pg.port, user: 'postgres' };
    admin = knexFactory({
      client: 'pg',
      connection: { ...connection, database: 'postgres' },
      pool: { min: 0, max: 1 },
      log: quiet,
    });
    await admin.raw(`CREATE DATABASE ${DATABASE}`);
    knex = knexFactory({
      client: 'pg',
      connection: { ...connection, database: DATABASE },
      pool: { min: 0, max: 10 },
      log: quiet,
    });
    m = await startMatrixBackend({ knex, entities: loadEntities() });
    for (const each of MATRIX_DEPENDENCIES) await m.trigger(each.taskId);
  }, 60_000);

  afterAll(async () => {
    // Each step even if one before it failed: the cluster must not outlive the test.
    await m?.stop().catch(() => undefined);
    await knex?.destroy().catch(() => undefined);
    await admin?.destroy().catch(() => undefined);
    await pg?.destroy();
  });

  it('answers 503 during the outage, stores no partial report, answers 200 after it without a backend restart, stores retried uploads once and runs its jobs again', async () => {
    const backend = m!;
    const db = knex!;
    const load = startLoad(backend, { uploaders: 3, readers: 2 });
    await load.uploaded(4);

    // The outage: a fast shutdown ends the sessions of writes under way.
    await pg!.stop();
    const duringOutage = [
      await backend.get(`${ENTITY_PATH}/posture`),
      await backend.get(`${ENTITY_PATH}/secrets`),
      await backend.upload(loadRef('load-59'), loadScan('load-59')),
    ];
    for (const res of duringOutage) {
      expectClear503({
        kind: 'read',
        status: res.status,
        retryAfter: res.headers['retry-after'],
        message: res.body?.error?.message,
      });
    }
    // A scheduled job whose database is gone fails quietly; it runs again below.
    await backend.trigger('security-feed-kev');
    await backend.trigger('security-source-vault');

    await pg!.start();
    // The same backend, without a restart: its pool reconnects on the next request.
    expect((await backend.get(`${ENTITY_PATH}/posture`)).status).toBe(200);
    await load.uploaded(4);
    await load.stop();
    await backend.tasks.whenIdle();

    const answers = load.answers;
    // Nothing but success or a clear 503: never a 500.
    expect(answers.filter(a => ![200, 201, 503].includes(a.status))).toEqual(
      [],
    );
    answers.filter(a => a.status === 503).forEach(expectClear503);

    // CI retries what failed (or never went): each is stored once.
    const stored = new Set(
      answers.filter(a => a.status === 201).map(a => a.service!),
    );
    const retried = [
      ...answers
        .filter(a => a.kind === 'upload' && a.status !== 201)
        .map(a => a.service!),
      'load-59',
    ];
    for (const service of retried) {
      const res = await backend.upload(loadRef(service), loadScan(service));
      // 200 "unchanged" when the first attempt was committed before its answer was lost.
      expect([200, 201]).toContain(res.status);
      stored.add(service);
    }
    for (const service of stored) {
      const again = await backend.upload(loadRef(service), loadScan(service));
      expect(again.status).toBe(200);
      expect(again.body.unchanged).toBe(true);
    }

    // Every stored report is whole: its counts are its rows, one report per service.
    const reports = await db('reports')
      .whereIn('entity_ref', [...stored].map(loadRef))
      .select('id', 'entity_ref', 'finding_count', 'component_count');
    expect(reports.map(r => r.entity_ref).sort()).toEqual(
      [...stored].map(loadRef).sort(),
    );
    for (const report of reports) {
      const [{ findings }] = await db('vulnerabilities')
        .where({ report_id: report.id })
        .count({ findings: '*' });
      const [{ components }] = await db('components')
        .where({ report_id: report.id })
        .count({ components: '*' });
      expect({
        service: report.entity_ref,
        findings: Number(findings),
        components: Number(components),
      }).toEqual({
        service: report.entity_ref,
        findings: report.finding_count,
        components: report.component_count,
      });
      expect(report.finding_count).toBe(LOAD_FINDINGS);
    }

    // The scheduled jobs run again and leave every source and feed fresh.
    for (const each of MATRIX_DEPENDENCIES) await backend.trigger(each.taskId);
    const reads = await readAll(backend);
    expect(Object.values(reads.status).every(s => s === 200)).toBe(true);
    for (const each of MATRIX_DEPENDENCIES) {
      expect(each.status(reads)).toEqual({ stale: false, error: null });
    }
  }, 60_000);
});
