import { isDatabaseUnavailable } from './databaseUnavailable';

const withCode = (code: string, message = 'failed') =>
  Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['an unknown host', withCode('ENOTFOUND')],
    [
      'a fast shutdown or restart ending the session (57P01)',
      withCode(
        '57P01',
        'select 1 - terminating connection due to administrator command',
      ),
    ],
    ['a server still starting (57P03)', withCode('57P03')],
    ['too many connections (53300)', withCode('53300')],
    ['a connection exception (08006)', withCode('08006')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['an ended connection', new Error('Connection ended unexpectedly')],
    [
      'a transaction whose connection broke, as knex reports its rollback',
      new Error('ROLLBACK - Connection terminated unexpectedly'),
    ],
    [
      'a query on a connection that broke',
      new Error(
        'ROLLBACK - Client has encountered a connection error and is not queryable',
      ),
    ],
    [
      "knex's pool timing out",
      Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
        name: 'KnexTimeoutError',
      }),
    ],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', withCode('23505')],
    ['a syntax error (42601)', withCode('42601')],
    ['a serialization failure (40001)', withCode('40001')],
    ['an error without a code', new Error('boom')],
    [
      // The catalog's HTTP client: the refused connection is only the cause.
      'a fetch that failed because its server refused',
      Object.assign(new TypeError('fetch failed'), {
        cause: withCode('ECONNREFUSED'),
      }),
    ],
    ['nothing', undefined],
    ['a string', 'ECONNREFUSED'],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
