import { groupAncestry } from './groupAncestry';

const rows = (parents: Record<string, string | null>) =>
  groupAncestry(new Map(Object.entries(parents)))
    .map(r => `${r.groupRef} ${r.ancestorRef} ${r.depth}`)
    .sort();

describe('groupAncestry', () => {
  it('gives each group itself at depth 0 and every ancestor above it', () => {
    expect(
      rows({
        'group:default/platform': null,
        'group:default/payments': 'group:default/platform',
        'group:default/payments-api': 'group:default/payments',
      }),
    ).toEqual([
      'group:default/payments group:default/payments 0',
      'group:default/payments group:default/platform 1',
      'group:default/payments-api group:default/payments 1',
      'group:default/payments-api group:default/payments-api 0',
      'group:default/payments-api group:default/platform 2',
      'group:default/platform group:default/platform 0',
    ]);
  });

  it('gives a parent the catalog does not list a row of its own', () => {
    expect(rows({ 'group:default/a': 'group:default/ghost' })).toEqual([
      'group:default/a group:default/a 0',
      'group:default/a group:default/ghost 1',
      'group:default/ghost group:default/ghost 0',
    ]);
  });

  it('ends on a cycle, each group of it an ancestor of the others', () => {
    expect(
      rows({
        'group:default/a': 'group:default/b',
        'group:default/b': 'group:default/c',
        'group:default/c': 'group:default/a',
        'group:default/self': 'group:default/self',
      }),
    ).toEqual([
      'group:default/a group:default/a 0',
      'group:default/a group:default/b 1',
      'group:default/a group:default/c 2',
      'group:default/b group:default/a 2',
      'group:default/b group:default/b 0',
      'group:default/b group:default/c 1',
      'group:default/c group:default/a 1',
      'group:default/c group:default/b 2',
      'group:default/c group:default/c 0',
      'group:default/self group:default/self 0',
    ]);
  });
});
