import { DateTime } from 'luxon';
import { activeFirst, deadlineState } from './campaignDeadline';

// Late in the evening, so a count by hours would already be a day short.
const now = DateTime.fromISO('2027-01-19T23:30:00', { zone: 'Europe/Berlin' });

describe('deadlineState', () => {
  it.each([
    ['2027-01-31', 'in 12 days', false],
    ['2027-01-20', 'tomorrow', false],
    ['2027-01-19', 'due today', false],
    ['2027-01-18', 'overdue by 1 day', true],
    ['2027-01-01', 'overdue by 18 days', true],
  ])('reads %s as %p', (deadline, label, overdue) => {
    expect(deadlineState({ deadline, status: 'active' }, now)).toEqual({
      label,
      overdue,
    });
  });

  it('has nothing to say of a closed campaign', () => {
    expect(
      deadlineState({ deadline: '2027-01-01', status: 'closed' }, now),
    ).toEqual({ label: '', overdue: false });
  });
});

describe('activeFirst', () => {
  it('lists the active campaigns before the closed ones, each in the order given', () => {
    const campaigns = [
      { id: 'a', status: 'closed' as const },
      { id: 'b', status: 'active' as const },
      { id: 'c', status: 'closed' as const },
      { id: 'd', status: 'active' as const },
    ];

    expect(activeFirst(campaigns).map(c => c.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});
