import knexFactory from 'knex';
import { ScorecardReader } from '../../src/database/scorecardQueries';
import { ReadableEntitiesResolver } from '../../src/service/scorecards/readableEntities';
import { parseScorecardQuery } from '../../src/service/scorecards/scorecardQuery';
import { ScorecardsService } from '../../src/service/scorecards/ScorecardsService';
import { TWENTY_TEAMS } from '../fleetImpactQueries';
import { allowAll, ownersOnly, quietLogger, userCredentials } from '../scaleStandIns';

async function main() {
  const db = process.argv[2];
  const knex = knexFactory({ client: 'pg', connection: `postgresql://postgres@127.0.0.1:5432/${db}`, pool: { min: 1, max: 1 } });
  const queries: Array<{ sql: string; bindings: any[] }> = [];
  knex.on('query', (q: any) => queries.push({ sql: q.sql, bindings: q.bindings }));
  const caller = process.argv[3] === 'restricted' ? ownersOnly((TWENTY_TEAMS as any).values) : allowAll;
  const s = new ScorecardsService({ reader: new ScorecardReader(knex), readable: new ReadableEntitiesResolver({ permissions: caller, logger: quietLogger }), now: () => new Date() } as any);
  await s.getPage(parseScorecardQuery({ groupBy: process.argv[4] ?? 'owner' }), userCredentials);
  const captured = [...queries];
  knex.removeAllListeners('query');
  const conn: any = await (knex.client as any).acquireConnection();
  for (const q of captured) {
    if (!/^(select|with)/i.test(q.sql.trim())) continue;
    const { rows } = await conn.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${q.sql}`, q.bindings);
    const plan = rows[0]['QUERY PLAN'][0];
    if (process.env.SHOW && q.sql.includes(process.env.SHOW)) {
      const text = await conn.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.bindings);
      console.log(q.sql);
      console.log(text.rows.map((r: any) => r['QUERY PLAN']).join('\n'));
    }
    console.log(`exec ${plan['Execution Time'].toFixed(1)} ms plan ${plan['Planning Time'].toFixed(1)} ms :: ${q.sql.slice(0, 110).replace(/\s+/g, ' ')}`);
  }
  await (knex.client as any).releaseConnection(conn);
  await knex.destroy();
}
main();
