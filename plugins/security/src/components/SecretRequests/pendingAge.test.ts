import { DateTime } from 'luxon';
import { pendingAge } from './pendingAge';

const now = DateTime.fromISO('2027-01-05T12:00:00.000Z');

describe('pendingAge', () => {
  it.each([
    ['2027-01-02T09:00:00.000Z', '3 days'],
    ['2027-01-04T11:00:00.000Z', '1 day'],
    ['2027-01-05T07:30:00.000Z', '4 hours'],
    ['2027-01-05T11:00:00.000Z', '1 hour'],
    ['2027-01-05T11:58:00.000Z', '2 minutes'],
    ['2027-01-05T11:59:30.000Z', 'under a minute'],
    // A clock a little ahead of ours is not a negative wait.
    ['2027-01-05T12:00:05.000Z', 'under a minute'],
  ])('a request made at %s has waited %s', (createdAt, age) => {
    expect(pendingAge(createdAt, now)).toBe(age);
  });

  it('answers null for a time it cannot read', () => {
    expect(pendingAge('yesterday', now)).toBeNull();
  });
});
