import { flattenComponents, licensesOf } from './components';

describe('flattenComponents', () => {
  it('lists nested components depth-first in document order', () => {
    const flat = flattenComponents([
      {
        name: 'a',
        components: [
          { name: 'a1', components: [{ name: 'a1x' }] },
          { name: 'a2' },
        ],
      },
      { name: 'b' },
    ]);
    expect(flat.map(c => c.name)).toEqual(['a', 'a1', 'a1x', 'a2', 'b']);
  });

  it('survives nesting deeper than the call stack would', () => {
    let deepest: { name: string; components?: unknown[] } = { name: 'leaf' };
    for (let i = 0; i < 20_000; i++) {
      deepest = { name: `n${i}`, components: [deepest] };
    }
    expect(flattenComponents([deepest as never])).toHaveLength(20_001);
  });
});

describe('licensesOf', () => {
  it('reads ids, names and expressions once each', () => {
    expect(
      licensesOf([
        { license: { id: 'MIT' } },
        { license: { name: 'Custom' } },
        { expression: 'Apache-2.0 OR MIT' },
        { license: { id: 'MIT' } },
        {},
      ]),
    ).toEqual(['MIT', 'Custom', 'Apache-2.0 OR MIT']);
  });
});
