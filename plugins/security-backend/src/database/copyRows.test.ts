import { createTestDatabases } from '../__testUtils__/testDatabases';
import { copyField, copyLine, copyRows } from './copyRows';
import { reserveRowIds } from './reserveRowIds';

/*
 * COPY FROM STDIN (PostgreSQL's path for report rows): values arrive exactly as given, a
 * failure rolls the transaction back and leaves the connection usable.
 */

const databases = createTestDatabases();

describe('COPY text format', () => {
  it('escapes what its text format gives a meaning to, and writes NULL as \\N', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyField(undefined)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N');
    expect(copyField('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyField(7.5)).toBe('7.5');
    expect(copyField(true)).toBe('t');
    expect(copyLine(['x', null, 3])).toBe('x\t\\N\t3\n');
  });
});

const HOSTILE = [
  'plain',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\.',
  '',
  ' spaced ',
  '"quoted", \'single\'',
  'ünïcödé ✓ 😀',
  '\\\\\t\n',
  'a'.repeat(100_000),
];

describe.each(
  databases.eachSupportedId().filter(([id]) => id === 'POSTGRES_15'),
)('copyRows on %s', id => {
  async function table() {
    const knex = await databases.init(id);
    await knex.schema.createTable('copy_rows', t => {
      t.bigIncrements('row_id').primary();
      t.text('label').nullable();
      t.float('score').nullable();
      t.integer('n').notNullable();
    });
    return knex;
  }

  it('stores every value as given, over several slices', async () => {
    const knex = await table();
    const labelOf = (n: number) => {
      if (n < HOSTILE.length) return HOSTILE[n];
      return n % 2 ? null : `row ${n}`;
    };
    const items = Array.from({ length: 25 }, (_, n) => ({
      label: labelOf(n),
      score: n % 3 ? n / 4 : null,
      n,
    }));

    await knex.transaction(trx =>
      copyRows(
        trx,
        'copy_rows',
        ['label', 'score', 'n'],
        items,
        item => [item.label, item.score, item.n],
        4,
      ),
    );

    const rows = await knex('copy_rows')
      .orderBy('n')
      .select('label', 'score', 'n');
    expect(rows).toEqual(items);
  });

  it('rejects a bad value, rolls back, and the connection keeps working', async () => {
    const knex = await table();
    await knex('copy_rows').insert({ label: 'before', n: 0 });

    await expect(
      knex.transaction(async trx => {
        await trx('copy_rows').insert({
          label: 'in the same transaction',
          n: 1,
        });
        await copyRows(
          trx,
          'copy_rows',
          ['label', 'n'],
          [
            { label: 'fine', n: 2 },
            { label: 'not a number', n: Number.NaN },
          ],
          item => [item.label, item.n],
        );
      }),
    ).rejects.toThrow(/integer/);

    expect(await knex('copy_rows').pluck('label')).toEqual(['before']);
    await knex.transaction(trx =>
      copyRows(
        trx,
        'copy_rows',
        ['label', 'n'],
        [{ label: 'after', n: 3 }],
        i => [i.label, i.n],
      ),
    );
    expect(await knex('copy_rows').orderBy('n').pluck('label')).toEqual([
      'before',
      'after',
    ]);
  });

  it('reserves row ids of the sequence, ascending, never given to another writer', async () => {
    const knex = await table();
    const reserved = await knex.transaction(async trx => {
      const ids = await reserveRowIds(trx, 'copy_rows', 5);
      // Another writer meanwhile takes the next value of the sequence.
      await knex('copy_rows').insert({ label: 'other writer', n: 99 });
      await copyRows(
        trx,
        'copy_rows',
        ['row_id', 'label', 'n'],
        ids,
        (rowId, i) => [rowId, `reserved ${i}`, i],
      );
      return ids;
    });

    expect(reserved).toEqual([...reserved].sort((a, b) => a - b));
    expect(new Set(reserved).size).toBe(5);
    const rows = await knex('copy_rows')
      .orderBy('row_id')
      .select('row_id', 'label');
    expect(rows).toHaveLength(6);
    expect(
      rows
        .filter(r => r.label.startsWith('reserved'))
        .map(r => Number(r.row_id)),
    ).toEqual(reserved);
  });
});
