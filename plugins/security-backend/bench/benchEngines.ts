import knexFactory, { type Knex } from 'knex';

/** Where the benchmarks find PostgreSQL; each creates and drops a database of its own there. */
export const PG_URL =
  process.env.POSTURE_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432';

export interface Engine {
  name: string;
  open(): Promise<Knex>;
  close(knex: Knex): Promise<void>;
}

const sqlite: Engine = {
  name: 'SQLite (in memory)',
  open: async () =>
    knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    }),
  close: async knex => knex.destroy(),
};

function postgres(database: string): Engine {
  const recreate = async (create: boolean) => {
    const admin = knexFactory({ client: 'pg', connection: PG_URL });
    await admin.raw(`DROP DATABASE IF EXISTS ${database}`);
    if (create) await admin.raw(`CREATE DATABASE ${database}`);
    await admin.destroy();
  };
  return {
    name: 'PostgreSQL 127.0.0.1',
    async open() {
      await recreate(true);
      return knexFactory({ client: 'pg', connection: `${PG_URL}/${database}` });
    },
    async close(knex) {
      await knex.destroy();
      await recreate(false);
    },
  };
}

async function postgresAvailable(): Promise<boolean> {
  const admin = knexFactory({
    client: 'pg',
    connection: PG_URL,
    pool: { min: 0, max: 1 },
  });
  try {
    await admin.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await admin.destroy();
  }
}

/** SQLite, and PostgreSQL (in `database`, made fresh per run) when it answers at PG_URL. */
export async function benchEngines(database: string): Promise<Engine[]> {
  if (await postgresAvailable()) {
    return [sqlite, postgres(database)];
  }
  console.log(`PostgreSQL not reachable at ${PG_URL}: SQLite only`);
  return [sqlite];
}

/** Samples the process's resident memory every 5 ms until stopped; answers the peak. */
export function trackPeakRss(): { stop(): number } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}
