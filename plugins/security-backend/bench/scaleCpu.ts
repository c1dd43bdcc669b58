/*
 * CPU time of a measured operation, beside its wall time: on a machine other jobs load (the
 * project's 2 shared cores often run at a load average of 5 to 10), wall times stretch with
 * the load while the CPU an operation needs does not. Counted: this Node process
 * (process.cpuUsage) and the PostgreSQL backends of the benchmark's own connections (utime +
 * stime of /proc/<pid>/stat, in clock ticks of 10 ms, which is why it is read around a whole
 * series of calls and divided). Not counted: parallel query workers, and time spent waiting
 * for the disk.
 */
import { readFileSync } from 'node:fs';

const TICK_MS = 10;

export class CpuMeter {
  private readonly pids = new Set<number>();
  /** Each backend's CPU at the last reading: a closed connection keeps what it had used. */
  private readonly lastMs = new Map<number, number>();

  /** A knex pool `afterCreate` that records each connection's backend pid, then runs `then`. */
  afterCreate(
    then?: (connection: PgConnection, done: (error?: Error) => void) => void,
  ) {
    return (
      connection: PgConnection,
      done: (error: Error | undefined, connection: unknown) => void,
    ) => {
      connection.query('SELECT pg_backend_pid() AS pid', (error, result) => {
        if (error) {
          done(error, connection);
          return;
        }
        this.pids.add(Number(result.rows[0].pid));
        if (then) then(connection, e => done(e, connection));
        else done(undefined, connection);
      });
    };
  }

  /** Milliseconds of CPU used so far by this process and the recorded backends. */
  now(): number {
    const own = process.cpuUsage();
    let backends = 0;
    for (const pid of this.pids) {
      try {
        // Fields after the command name (which may hold spaces): utime and stime are 14, 15.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        this.lastMs.set(
          pid,
          (Number(fields[11]) + Number(fields[12])) * TICK_MS,
        );
      } catch {
        // The pool closed the connection: what it used until the last reading still counts.
        this.pids.delete(pid);
      }
    }
    for (const value of this.lastMs.values()) backends += value;
    return (own.user + own.system) / 1000 + backends;
  }

  /** CPU milliseconds `work` used. */
  async measure<T>(work: () => Promise<T>): Promise<[T, number]> {
    const start = this.now();
    const result = await work();
    return [result, this.now() - start];
  }
}

export interface PgConnection {
  query(
    sql: string,
    callback: (error: Error | undefined, result: { rows: any[] }) => void,
  ): void;
}
