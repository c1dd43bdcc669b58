import { InputError } from '@backstage/errors';
import { makeSbom, makeScan } from '../__testUtils__/parsedReports';
import { ReportClock } from './ReportClock';

const now = new Date('2026-11-23T12:00:00Z');
const clock = new ReportClock({ now: () => now });

describe('ReportClock', () => {
  it('accepts reports generated in the past, now, or within the clock skew', () => {
    for (const generatedAt of [
      '1970-01-01T00:00:00Z',
      '2026-11-23T12:00:00Z',
      '2026-11-23T12:04:59Z',
      null,
      'not a date',
    ]) {
      expect(() => clock.check(makeScan(0, { generatedAt }))).not.toThrow();
    }
  });

  it('refuses a report from beyond the clock skew, naming the format’s field and the value', () => {
    expect(() =>
      clock.check(makeScan(0, { generatedAt: '9999-12-31T23:59:59Z' })),
    ).toThrow(
      new InputError(
        'CreatedAt "9999-12-31T23:59:59Z" is in the future (allowed clock skew: 300 s): a report cannot be generated after it is uploaded; nothing was stored',
      ),
    );
    expect(() =>
      clock.check(makeSbom(0, { generatedAt: '2026-11-23T12:05:01Z' })),
    ).toThrow(/^metadata\.timestamp "2026-11-23T12:05:01Z" is in the future/);
    expect(() =>
      clock.check(
        makeSbom(0, { format: 'spdx', generatedAt: '2027-01-01T00:00:00Z' }),
      ),
    ).toThrow(/^creationInfo\.created "2027-01-01T00:00:00Z" is in the future/);
  });

  it('takes the skew it is configured with', () => {
    const strict = new ReportClock({ maxSkewMs: 0, now: () => now });
    expect(() =>
      strict.check(makeScan(0, { generatedAt: '2026-11-23T12:00:01Z' })),
    ).toThrow(InputError);
  });

  it('refuses times outside the years 1 to 9999, which PostgreSQL cannot store', () => {
    for (const generatedAt of [
      '0000-01-01T00:00:00Z',
      '-000001-01-01T00:00:00Z',
    ]) {
      expect(() => clock.check(makeScan(0, { generatedAt }))).toThrow(
        `CreatedAt "${generatedAt}" is outside the years 1 to 9999`,
      );
    }
  });
});
