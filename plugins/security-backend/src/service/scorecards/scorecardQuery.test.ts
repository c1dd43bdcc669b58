import { InputError } from '@backstage/errors';
import { parseScorecardQuery } from './scorecardQuery';

describe('parseScorecardQuery', () => {
  it('defaults to owners, the whole fleet, 90 days, nothing filtered', () => {
    expect(parseScorecardQuery({})).toEqual({
      groupBy: 'owner',
      group: undefined,
      filters: {
        kind: undefined,
        lifecycle: undefined,
        tag: undefined,
        grade: undefined,
        check: undefined,
      },
      days: 90,
      format: undefined,
    });
  });

  it('reads every parameter and writes the group as a canonical ref', () => {
    expect(
      parseScorecardQuery({
        groupBy: 'owner',
        group: 'Group:Default/Team-Payments',
        kind: 'Component',
        lifecycle: 'production',
        tag: 'pci',
        grade: 'none',
        check: 'secret-age',
        days: '30',
        format: 'csv',
      }),
    ).toEqual({
      groupBy: 'owner',
      group: 'group:default/team-payments',
      filters: {
        kind: 'Component',
        lifecycle: 'production',
        tag: 'pci',
        grade: 'none',
        check: 'secret-age',
      },
      days: 30,
      format: 'csv',
    });
  });

  it.each([
    [{ group: 'team-a' }, 'group:default/team-a'],
    [{ group: 'user:alice' }, 'user:default/alice'],
    [{ groupBy: 'system', group: 'checkout' }, 'system:default/checkout'],
    [
      { groupBy: 'domain', group: 'domain:acme/commerce' },
      'domain:acme/commerce',
    ],
  ])('group %j is %s', (query, ref) => {
    expect(parseScorecardQuery(query).group).toBe(ref);
  });

  it.each([
    [{ groupBy: 'team' }, 'groupBy'],
    [{ group: 'system:default/checkout' }, 'group'],
    [{ groupBy: 'domain', group: 'group:default/a' }, 'group'],
    [{ group: 'group:default/' }, 'group'],
    [{ grade: 'E' }, 'grade'],
    [{ grade: 'a' }, 'grade'],
    [{ check: 'scan' }, 'check'],
    [{ days: '0' }, 'days'],
    [{ days: '401' }, 'days'],
    [{ days: '1.5' }, 'days'],
    [{ days: 'week' }, 'days'],
    [{ format: 'xml' }, 'format'],
    [{ kind: ['a', 'b'] }, 'kind'],
    [{ tag: 'x'.repeat(256) }, 'tag'],
  ])('%j is a 400 naming %s', (query, parameter) => {
    expect(() => parseScorecardQuery(query)).toThrow(InputError);
    expect(() => parseScorecardQuery(query)).toThrow(
      new RegExp(`^Invalid query parameter ${parameter}:`),
    );
  });
});
