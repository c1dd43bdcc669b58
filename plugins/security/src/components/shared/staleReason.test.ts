import { secretItem } from '../../testing/fixtures';
import { staleReason } from './staleReason';

describe('staleReason', () => {
  it('says each distinct error of the stale secrets once, without a final full stop', () => {
    expect(
      staleReason([
        secretItem({ stale: true, error: 'connect ECONNREFUSED.' }),
        secretItem({ stale: true, error: 'connect ECONNREFUSED' }),
        secretItem({ stale: false, error: 'permission denied' }),
      ]),
    ).toBe('connect ECONNREFUSED');
  });

  it('falls back to any error, and shortens a long list', () => {
    const errors = ['a', 'b', 'c', 'd', 'e'];

    expect(
      staleReason(errors.map(error => secretItem({ stale: false, error }))),
    ).toBe('a; b; c (and 2 more)');
  });

  it('is null when no secret carries an error', () => {
    expect(staleReason([secretItem()])).toBeNull();
    expect(staleReason([])).toBeNull();
  });
});
