import { secretItem } from '../../testing/fixtures';
import { sortSecrets } from './sortSecrets';

describe('sortSecrets', () => {
  it('puts overdue first, then due soon, unknown, deleted and ok, oldest first within each', () => {
    const items = [
      secretItem({ path: 'ok', status: 'ok', ageDays: 5 }),
      secretItem({ path: 'deleted', status: 'deleted', ageDays: 300 }),
      secretItem({ path: 'unknown', status: 'unknown', ageDays: null }),
      secretItem({ path: 'overdue-young', status: 'overdue', ageDays: 95 }),
      secretItem({ path: 'due-soon', status: 'due-soon', ageDays: 80 }),
      secretItem({ path: 'overdue-old', status: 'overdue', ageDays: 400 }),
    ];

    expect(sortSecrets(items).map(i => i.path)).toEqual([
      'overdue-old',
      'overdue-young',
      'due-soon',
      'unknown',
      'deleted',
      'ok',
    ]);
  });

  it('keeps the given order of equal rows and does not change its input', () => {
    const items = [
      secretItem({ path: 'b', ageDays: null }),
      secretItem({ path: 'a', ageDays: null }),
    ];

    expect(sortSecrets(items).map(i => i.path)).toEqual(['b', 'a']);
    expect(items.map(i => i.path)).toEqual(['b', 'a']);
  });
});
