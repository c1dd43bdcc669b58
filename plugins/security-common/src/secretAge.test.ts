import { parseDurationDays, secretAgeDays, secretStatus } from './secretAge';

const now = new Date('2026-11-23T12:00:00Z');

describe('secretAgeDays', () => {
  it('counts whole days since the value was created', () => {
    expect(secretAgeDays('2026-11-20T12:00:01Z', now)).toBe(2);
    expect(secretAgeDays('2026-08-25T12:00:00Z', now)).toBe(90);
  });
  it('is null when the time is unknown or unreadable', () => {
    expect(secretAgeDays(null, now)).toBeNull();
    expect(secretAgeDays('yesterday', now)).toBeNull();
  });
});

describe('secretStatus', () => {
  const active = (createdTime: string | null, maxAgeDays: number | null) => ({
    state: 'active' as const,
    createdTime,
    maxAgeDays,
  });
  it.each([
    [
      'ok well before the maximum age',
      active('2026-11-01T00:00:00Z', 90),
      'ok',
    ],
    [
      'due soon within 14 days of it',
      active('2026-09-01T00:00:00Z', 90),
      'due-soon',
    ],
    [
      'due soon on its last day',
      active('2026-08-25T12:00:00Z', 90),
      'due-soon',
    ],
    ['overdue past it', active('2026-08-24T12:00:00Z', 90), 'overdue'],
    [
      'unknown without a maximum age',
      active('2026-01-01T00:00:00Z', null),
      'unknown',
    ],
    ['unknown without a creation time', active(null, 90), 'unknown'],
  ])('%s', (_, secret, status) => {
    expect(secretStatus(secret, now)).toBe(status);
  });
  it('reports deleted and destroyed current versions as deleted, whatever their age', () => {
    expect(
      secretStatus(
        {
          state: 'deleted',
          createdTime: '2020-01-01T00:00:00Z',
          maxAgeDays: 90,
        },
        now,
      ),
    ).toBe('deleted');
    expect(
      secretStatus(
        { state: 'destroyed', createdTime: null, maxAgeDays: null },
        now,
      ),
    ).toBe('deleted');
  });
  it('never calls an unreadable secret ok', () => {
    expect(
      secretStatus(
        { state: 'error', createdTime: '2026-11-22T00:00:00Z', maxAgeDays: 90 },
        now,
      ),
    ).toBe('unknown');
  });
});

describe('parseDurationDays', () => {
  it.each([
    ['90d', 90],
    ['2160h', 90],
    ['1w', 7],
    ['86400', 1],
    [86400, 1],
    ['30D', 30],
  ])('%s is %d days', (value, days) => {
    expect(parseDurationDays(value)).toBe(days);
  });
  it.each([['soon'], [''], [null], [undefined], ['-5d'], [0]])(
    '%s is unreadable',
    value => {
      expect(parseDurationDays(value as any)).toBeNull();
    },
  );
});
