import fc from 'fast-check';
import { readVexFixture } from './__testUtils__/fixtures';
import { parseCycloneDxVex } from './cyclonedx';
import { parseOpenVex } from './openvex';

/**
 * Whatever JSON arrives, parsing answers statements or an InputError (the API's 400), never
 * another error (a 500): also for documents that look almost right.
 */
function parsesOrRefuses(parse: (document: unknown) => unknown) {
  return (document: unknown) => {
    try {
      parse(document);
    } catch (error) {
      expect((error as Error).name).toBe('InputError');
    }
  };
}

/** A fixture with one value somewhere replaced by arbitrary JSON. */
function mutated(fixture: any): fc.Arbitrary<unknown> {
  const paths: Array<Array<string | number>> = [];
  const walk = (value: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
      }
    }
  };
  walk(fixture, []);
  return fc
    .tuple(fc.constantFrom(...paths.slice(1)), fc.jsonValue())
    .map(([path, replacement]) => {
      const copy = structuredClone(fixture);
      let parent = copy;
      for (const segment of path.slice(0, -1)) parent = parent[segment];
      parent[path[path.length - 1]] = replacement;
      return copy;
    });
}

describe('VEX parsing of arbitrary JSON', () => {
  const openVex = readVexFixture('openvex/acme-api-image.openvex.json');
  const cycloneDx = readVexFixture('cyclonedx/acme-api-image-1.5.cdx.json');

  it('OpenVEX: statements or an InputError, for any JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), parsesOrRefuses(parseOpenVex)), {
      numRuns: 500,
    });
  });

  it('OpenVEX: statements or an InputError, for a document with one value changed', () => {
    fc.assert(fc.property(mutated(openVex), parsesOrRefuses(parseOpenVex)), {
      numRuns: 1000,
    });
  });

  it('CycloneDX VEX: statements or an InputError, for any JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), parsesOrRefuses(parseCycloneDxVex)), {
      numRuns: 500,
    });
  });

  it('CycloneDX VEX: statements or an InputError, for a document with one value changed', () => {
    fc.assert(
      fc.property(mutated(cycloneDx), parsesOrRefuses(parseCycloneDxVex)),
      { numRuns: 1000 },
    );
  });
});
