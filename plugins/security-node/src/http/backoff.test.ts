import { backoffDelayMs, parseRetryAfter } from './backoff';

describe('backoffDelayMs', () => {
  const options = { baseMs: 100, maxMs: 1000 };

  it('doubles per attempt up to the cap, with jitter between half and all of it', () => {
    expect(
      [0, 1, 2, 3, 4, 5].map(a =>
        backoffDelayMs(a, { ...options, random: () => 1 }),
      ),
    ).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(
      [0, 1, 2, 3].map(a => backoffDelayMs(a, { ...options, random: () => 0 })),
    ).toEqual([50, 100, 200, 400]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
