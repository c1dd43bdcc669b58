import { readVaultFixture } from '../__testUtils__/fixtures';
import { declaredMaxAgeDays, kvSecretObservation } from './kvSecretObservation';

const fixture = readVaultFixture('kv2-read-secret-metadata.json').data;
const now = Date.parse('2025-01-01T00:00:00Z');

describe('kvSecretObservation', () => {
  it('maps the documented metadata response', () => {
    expect(
      kvSecretObservation({
        engine: 'secret',
        path: 'payments/db',
        metadata: fixture,
        defaultMaxAgeDays: 90,
        now,
      }),
    ).toEqual({
      path: 'payments/db',
      engine: 'secret',
      kind: 'kv',
      currentVersion: 3,
      // The current version's creation, not the secret's (version 1 is older).
      createdTime: '2018-03-22T02:36:43.986212308Z',
      updatedTime: '2018-03-22T02:36:43.986212308Z',
      // custom_metadata names no max_age: the policy default.
      maxAgeDays: 90,
      state: 'active',
      error: null,
    });
  });

  it('reads max_age, then rotation_period, from custom metadata', () => {
    const withMaxAge = {
      ...fixture,
      custom_metadata: {
        ...fixture.custom_metadata,
        max_age: '30d',
        rotation_period: '720h',
      },
    };
    expect(
      kvSecretObservation({
        engine: 'secret',
        path: 'x',
        metadata: withMaxAge,
        defaultMaxAgeDays: 90,
        now,
      }).maxAgeDays,
    ).toBe(30);
    expect(declaredMaxAgeDays({ rotation_period: '720h' })).toBe(30);
    expect(declaredMaxAgeDays({ rotation_period: '2w' })).toBe(14);
    expect(declaredMaxAgeDays({ max_age: 'soon', rotation_period: '7d' })).toBe(
      7,
    );
    expect(declaredMaxAgeDays({ max_age: 'soon' })).toBeNull();
    expect(declaredMaxAgeDays(null)).toBeNull();
  });

  it('reports a deleted current version', () => {
    const deleted = structuredClone(fixture);
    deleted.versions['3'].deletion_time = '2018-03-23T00:00:00Z';
    expect(
      kvSecretObservation({
        engine: 'secret',
        path: 'x',
        metadata: deleted,
        defaultMaxAgeDays: 90,
        now,
      }).state,
    ).toBe('deleted');
  });

  it('does not count a scheduled deletion (delete_version_after) as deleted yet', () => {
    const scheduled = structuredClone(fixture);
    scheduled.versions['3'].deletion_time = '2025-01-02T00:00:00Z';
    expect(
      kvSecretObservation({
        engine: 'secret',
        path: 'x',
        metadata: scheduled,
        defaultMaxAgeDays: 90,
        now,
      }).state,
    ).toBe('active');
  });

  it('reports a destroyed current version, even one also deleted', () => {
    const destroyed = structuredClone(fixture);
    destroyed.versions['3'].destroyed = true;
    destroyed.versions['3'].deletion_time = '2018-03-23T00:00:00Z';
    expect(
      kvSecretObservation({
        engine: 'secret',
        path: 'x',
        metadata: destroyed,
        defaultMaxAgeDays: 90,
        now,
      }).state,
    ).toBe('destroyed');
  });

  it('only looks at the current version', () => {
    const oldDeleted = structuredClone(fixture);
    oldDeleted.versions['1'].destroyed = true;
    oldDeleted.versions['2'].deletion_time = '2018-03-23T00:00:00Z';
    expect(
      kvSecretObservation({
        engine: 'secret',
        path: 'x',
        metadata: oldDeleted,
        defaultMaxAgeDays: 90,
        now,
      }).state,
    ).toBe('active');
  });

  it('leaves the age unknown when the current version is missing', () => {
    const observation = kvSecretObservation({
      engine: 'secret',
      path: 'x',
      metadata: { ...fixture, current_version: 0, versions: {} },
      defaultMaxAgeDays: 90,
      now,
    });
    expect(observation.currentVersion).toBeNull();
    expect(observation.createdTime).toBeNull();
  });
});
