import type { AllowedIdentity } from '../verify/types';

/** A pattern that matches exactly this subject (regex metacharacters escaped). */
export const exactly = (subject: string) =>
  subject.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export type VerifiableFixture = {
  file: string;
  digest: string;
  identity: AllowedIdentity;
  subject: string;
  kind: 'signature' | 'attestation';
  predicateType: string | null;
  logIndex: number;
  integratedTime: string;
};

const GITHUB_ACTIONS = 'https://token.actions.githubusercontent.com';
const A_TXT =
  'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';

const fixture = (
  f: Omit<VerifiableFixture, 'identity'> & { issuer: string },
): VerifiableFixture => ({
  ...f,
  identity: { issuer: f.issuer, subjectPattern: exactly(f.subject) },
});

/**
 * Bundle fixtures that verify offline against the public-good root with no extra input.
 * Digests are the in-toto subjects; the npm provenance bundles carry sha512 only.
 */
export const VERIFIABLE_FIXTURES: VerifiableFixture[] = [
  fixture({
    file: 'bundles/cosign-oci-image-attestation-dsse.sigstore.json',
    digest:
      'sha256:732112270d7e59418a8c080b134b24cabd67d250d0d0147a97ed95ba5c280aa4',
    issuer: 'https://github.com/login/oauth',
    subject: 'cody@soyland.com',
    kind: 'attestation',
    predicateType: 'https://cosign.sigstore.dev/attestation/v1',
    logIndex: 175508996,
    integratedTime: '2025-02-28T19:18:11.000Z',
  }),
  fixture({
    file: 'bundles/dsse-slsa-provenance-v0.3.sigstore.json',
    digest: A_TXT,
    issuer: GITHUB_ACTIONS,
    subject:
      'https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main',
    kind: 'attestation',
    predicateType: 'https://slsa.dev/provenance/v1',
    logIndex: 150322684,
    integratedTime: '2024-11-20T20:43:45.000Z',
  }),
  fixture({
    file: 'bundles/intoto-slsa-v1-provenance-v0.1.sigstore.json',
    digest:
      'sha512:46d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c',
    issuer: GITHUB_ACTIONS,
    subject:
      'https://github.com/sigstore/sigstore-js/.github/workflows/release.yml@refs/heads/main',
    kind: 'attestation',
    predicateType: 'https://slsa.dev/provenance/v1',
    logIndex: 31821305,
    integratedTime: '2023-08-18T16:05:35.000Z',
  }),
  fixture({
    file: 'bundles/intoto-v0.1-no-inclusion-proof.sigstore.json',
    digest:
      'sha512:bbfd372fc9beeb777fe35d05bb10c0c70a9733d366a75fed7dd18866c7391de3ee7e88ba74dd47abf3e15c845e547fcf0e5c3da80854c751554224d3a6d4e55f',
    issuer: 'https://github.com/login/oauth',
    subject: 'brian@dehamer.com',
    kind: 'attestation',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    logIndex: 6800908,
    integratedTime: '2022-11-09T23:00:36.000Z',
  }),
  fixture({
    file: 'bundles/rekor-v2-dsse-with-tsa.sigstore.json',
    digest: A_TXT,
    issuer: 'https://accounts.google.com',
    subject: 'untrusted-sa@sigstore-conformance.iam.gserviceaccount.com',
    kind: 'attestation',
    predicateType: 'https://slsa.dev/provenance/v1',
    logIndex: 4855114,
    integratedTime: '2026-06-03T19:23:26.000Z',
  }),
];
