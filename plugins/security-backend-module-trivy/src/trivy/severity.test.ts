import { trivySeverity } from './severity';

describe('trivySeverity', () => {
  it.each([
    ['CRITICAL', 'critical'],
    ['HIGH', 'high'],
    ['MEDIUM', 'medium'],
    ['LOW', 'low'],
    ['UNKNOWN', 'unknown'],
    ['NEGLIGIBLE', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('%s -> %s', (input, expected) => {
    expect(trivySeverity(input)).toBe(expected);
  });
});
