/**
 * What the demo wants a service's image signature to look like on the Security tab:
 *
 * - `verified`: an SLSA provenance attestation by the allowed CI identity.
 * - `unexpected-signer`: the same attestation, signed by an identity the policy does not allow.
 * - `invalid-untrusted`: signed by the allowed identity, but by a Sigstore (CA and log) the
 *   demo does not trust.
 * - `invalid-tampered`: a verified attestation whose statement was altered after logging.
 * - `unsigned`: no log entry at all.
 */
export type DemoScenario =
  | 'verified'
  | 'unexpected-signer'
  | 'invalid-untrusted'
  | 'invalid-tampered'
  | 'unsigned';

/** Service name (the catalog component's name) → scenario. */
export type DemoPlan = Record<string, DemoScenario>;

/** The status the backend is expected to show for a scenario. */
export type DemoExpectedStatus =
  | 'verified'
  | 'unexpected-signer'
  | 'invalid'
  | 'unsigned';

export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  'verified',
  'unexpected-signer',
  'invalid-untrusted',
  'invalid-tampered',
  'unsigned',
];

export const EXPECTED_STATUS: Record<DemoScenario, DemoExpectedStatus> = {
  verified: 'verified',
  'unexpected-signer': 'unexpected-signer',
  'invalid-untrusted': 'invalid',
  'invalid-tampered': 'invalid',
  unsigned: 'unsigned',
};

/** One service of `manifest.json`. */
export type DemoManifestService = {
  /** The image digest, `sha256:<hex>`, from the service's trivy.json. */
  digest: string;
  scenario: DemoScenario;
  expectedStatus: DemoExpectedStatus;
};

/** `<outDir>/manifest.json`. */
export type DemoManifest = {
  generatedAt: string;
  services: Record<string, DemoManifestService>;
};

export type DemoSummary = {
  /** Absolute output folder. */
  outDir: string;
  trustedRootPath: string;
  publicKeyPath: string;
  entriesDir: string;
  manifestPath: string;
  manifest: DemoManifest;
  /** Services per expected status (every status present, 0 when none). */
  counts: Record<DemoExpectedStatus, number>;
  /** Entry files written, one per service that is not `unsigned`. */
  entryFiles: string[];
};
