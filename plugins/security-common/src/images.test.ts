import { digestOf, normalizeImageRepository } from './images';

describe('normalizeImageRepository', () => {
  it.each([
    ['ghcr.io/acme/api:1.2.3', 'ghcr.io/acme/api'],
    ['ghcr.io/acme/api@sha256:0123abcd', 'ghcr.io/acme/api'],
    ['ghcr.io/acme/api:1.2@sha256:0123abcd', 'ghcr.io/acme/api'],
    ['GHCR.io/Acme/API', 'ghcr.io/acme/api'],
    ['alpine:3.9', 'docker.io/library/alpine'],
    ['library/alpine', 'docker.io/library/alpine'],
    ['docker.io/alpine', 'docker.io/library/alpine'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis'],
    ['localhost:5000/team/app:dev', 'localhost:5000/team/app'],
    ['registry.example.com:8443/app', 'registry.example.com:8443/app'],
  ])('%s is repository %s', (reference, repository) => {
    expect(normalizeImageRepository(reference)).toBe(repository);
  });

  it('keeps a registry port apart from a tag', () => {
    expect(normalizeImageRepository('localhost:5000/app')).toBe(
      'localhost:5000/app',
    );
  });
});

describe('digestOf', () => {
  it('reads the digest of a repo digest', () => {
    expect(digestOf('ghcr.io/acme/api@sha256:ABCDEF0123')).toBe(
      'sha256:abcdef0123',
    );
  });
  it('answers null for a tag', () => {
    expect(digestOf('ghcr.io/acme/api:1.2')).toBeNull();
  });
});
