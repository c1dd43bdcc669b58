import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { formatIssuePath, parseWithSchema } from './zodError';

describe('formatIssuePath', () => {
  it('writes paths the way they read in the document', () => {
    expect(
      formatIssuePath(['Results', 0, 'Vulnerabilities', 3, 'Severity']),
    ).toBe('Results[0].Vulnerabilities[3].Severity');
    expect(formatIssuePath([])).toBe('');
  });
});

describe('parseWithSchema', () => {
  const schema = z.object({ a: z.array(z.object({ b: z.string() })) });

  it('returns the validated value', () => {
    expect(parseWithSchema(schema, { a: [{ b: 'x' }] }, 'Thing')).toEqual({
      a: [{ b: 'x' }],
    });
  });

  it('throws an InputError naming the format, the first path and the count of the rest', () => {
    expect(() =>
      parseWithSchema(schema, { a: [{ b: 1 }, { b: 2 }] }, 'Thing'),
    ).toThrow(InputError);
    expect(() =>
      parseWithSchema(schema, { a: [{ b: 1 }, { b: 2 }] }, 'Thing'),
    ).toThrow(
      'Invalid Thing: a[0].b: Expected string, received number (and 1 more problem)',
    );
    expect(() => parseWithSchema(schema, 'x', 'Thing')).toThrow(
      'Invalid Thing: Expected object, received string',
    );
  });
});
