import { createTestDatabases } from '../__testUtils__/testDatabases';
import { ROWS_PER_TURN, insertInTurns } from './insertInTurns';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('insertInTurns on %s', id => {
  it('inserts every row, a slice per turn of the event loop', async () => {
    const knex = await databases.init(id);
    await knex.schema.createTable('turn_rows', table => {
      table.integer('n').notNullable();
      table.text('label').notNullable();
    });
    const items = Array.from({ length: 2 * ROWS_PER_TURN + 1 }, (_, n) => n);
    let turns = 0;
    let running = true;
    const tick = () => {
      if (running) {
        turns++;
        setImmediate(tick);
      }
    };
    setImmediate(tick);

    await knex.transaction(trx =>
      insertInTurns(trx, 'turn_rows', items, n => ({ n, label: `row ${n}` }), {
        n: 'integer',
        label: 'text',
      }),
    );
    running = false;

    // At least one turn between each two slices.
    expect(turns).toBeGreaterThanOrEqual(2);
    const rows = await knex('turn_rows').orderBy('n');
    expect(rows).toHaveLength(items.length);
    expect(rows.map(r => [r.n, r.label])).toEqual(
      items.map(n => [n, `row ${n}`]),
    );
  });
});
