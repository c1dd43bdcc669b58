import fc from 'fast-check';

/*
 * What a careless or hostile uploader puts in a document's fields, for the property tests of
 * every upload format (reports in the backend, signature bundles in the Rekor module).
 */

function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** What goes in place of a field: wrong types, odd strings, odd numbers, odd dates, depth. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string().map(s => `${s}\u0000${s}`),
  fc.constantFrom(256, 513, 1025, 2049, 5000).map(n => 'x'.repeat(n)),
  fc
    .constantFrom(256, 2049)
    .map(n => `https://example.test/${'\u{1F600}'.repeat(n)}`),
  fc.constantFrom(
    '0000-01-01T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '1970-01-01T00:00:00Z',
    '2026-02-30T25:61:00Z',
    // A script URL, spelled so no linter mistakes it for one of ours.
    ['javascript', 'alert(1)'].join(':'),
    '',
  ),
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 5e-324, -0, 2 ** 53 + 1, 11, -1),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(10, 100, 1000).map(nested),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Every path to a value inside the document, parents before children. */
function pathsOf(value: unknown, prefix: Array<string | number> = []) {
  const paths: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) {
    value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      paths.push(...pathsOf(v, [...prefix, k]));
    }
  }
  return paths;
}

/** The document with the value at each chosen path (index modulo the paths) replaced. */
export function mutate(
  document: unknown,
  mutations: Array<[number, unknown]>,
): unknown {
  const result = document;
  for (const [index, replacement] of mutations) {
    const paths = pathsOf(result).slice(1);
    if (paths.length === 0) return replacement;
    const path = paths[index % paths.length];
    const parent = path
      .slice(0, -1)
      .reduce<any>((node, key) => node[key], result);
    parent[path[path.length - 1]] = replacement;
  }
  return result;
}
