import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL 15, as CI installs it; POSTURE_PG_BIN names another directory. */
const BIN_DIR = process.env.POSTURE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const FIRST_PORT = 55432;
const LAST_PORT = 55531;

/**
 * A PostgreSQL cluster of a test's own, in a temporary directory, listening on 127.0.0.1 only
 * with trust authentication: a test may restart it without disturbing anyone else's tests on
 * the machine's shared server.
 */
export interface PrivatePostgres {
  host: string;
  port: number;
  /** Fast shutdown: open sessions are ended, new connections refused. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>;
  /** Stops the cluster (immediately) and removes its directory; safe to call twice. */
  destroy(): Promise<void>;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * initdb refuses to run as root: as root, the cluster belongs to the `postgres` account and
 * every command runs as it.
 */
async function commandRunner(dir: string) {
  if (process.getuid?.() !== 0) {
    return (bin: string, args: string[]) => run(path.join(BIN_DIR, bin), args);
  }
  const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
    throw new Error(
      'running as root, the private PostgreSQL cluster needs the postgres account (Debian’s postgresql package makes it)',
    );
  });
  const uid = Number(stdout.trim());
  const { stdout: gidText } = await run('id', ['-g', 'postgres']);
  fs.chownSync(dir, uid, Number(gidText.trim()));
  return (bin: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', path.join(BIN_DIR, bin), ...args]);
}

/**
 * initdb and start a cluster on the first free port from 55432. Fails, naming what is
 * missing, when the PostgreSQL binaries are not installed: CI has them, and a fault test that
 * silently skipped would prove nothing.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  for (const bin of ['initdb', 'pg_ctl']) {
    if (!fs.existsSync(path.join(BIN_DIR, bin))) {
      throw new Error(
        `${path.join(
          BIN_DIR,
          bin,
        )} is missing: the database restart test needs PostgreSQL 15's server binaries (apt-get install postgresql-15, or set POSTURE_PG_BIN)`,
      );
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-faults-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'postgres.log');
  let started = false;
  try {
    const pg = await commandRunner(dir);
    await pg('initdb', [
      '-D',
      data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    let port = 0;
    let options = '';
    for (let candidate = FIRST_PORT; candidate <= LAST_PORT; candidate++) {
      if (!(await portIsFree(candidate))) continue;
      options = [
        `-p ${candidate}`,
        `-k ${dir}`,
        "-c listen_addresses='127.0.0.1'",
        // A throwaway cluster: durability costs time and proves nothing here.
        '-c fsync=off',
        '-c full_page_writes=off',
        '-c synchronous_commit=off',
      ].join(' ');
      try {
        await pg('pg_ctl', [
          '-D',
          data,
          '-l',
          log,
          '-o',
          options,
          '-w',
          'start',
        ]);
        port = candidate;
        break;
      } catch {
        // Taken between the probe and the start (another test's cluster): try the next one.
      }
    }
    if (!port) {
      throw new Error(
        `no free port for a private PostgreSQL in ${FIRST_PORT}-${LAST_PORT}; see ${log}`,
      );
    }
    started = true;
    const ctl = (...args: string[]) => pg('pg_ctl', ['-D', data, ...args]);
    let destroyed = false;
    // Should the test process end without afterAll (a killed run), the cluster goes with it.
    const onExit = () => {
      if (destroyed) return;
      try {
        const stop = [
          path.join(BIN_DIR, 'pg_ctl'),
          '-D',
          data,
          '-m',
          'immediate',
          'stop',
        ];
        if (process.getuid?.() === 0) {
          execFileSync('runuser', ['-u', 'postgres', '--', ...stop], {
            stdio: 'ignore',
          });
        } else {
          execFileSync(stop[0], stop.slice(1), { stdio: 'ignore' });
        }
      } catch {
        // Already stopped.
      }
      fs.rmSync(dir, { recursive: true, force: true });
    };
    process.once('exit', onExit);
    return {
      host: '127.0.0.1',
      port,
      stop: async () => {
        await ctl('-m', 'fast', '-w', 'stop');
      },
      start: async () => {
        await ctl('-l', log, '-o', options, '-w', 'start');
      },
      restart: async () => {
        // Restart reuses the options of the running server (postmaster.opts).
        await ctl('-l', log, '-m', 'fast', '-w', 'restart');
      },
      destroy: async () => {
        if (destroyed) return;
        destroyed = true;
        process.off('exit', onExit);
        await ctl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (!started) fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
