import fs from 'fs';
import path from 'path';
import { InputError } from '@backstage/errors';
// Demo-data generator, never reached from src/index.ts: signedMaterial pulls in
// @sigstore/mock, a devDependency, which is fine for a script run from the repo checkout.
import {
  createTestSigstore,
  type LoggedEntry,
  type TestSigstore,
} from '../testing/signedMaterial';
import {
  DEMO_SCENARIOS,
  EXPECTED_STATUS,
  type DemoExpectedStatus,
  type DemoManifest,
  type DemoPlan,
  type DemoScenario,
  type DemoSummary,
} from './types';

export type {
  DemoExpectedStatus,
  DemoManifest,
  DemoManifestService,
  DemoPlan,
  DemoScenario,
  DemoSummary,
} from './types';
export { DEMO_SCENARIOS, EXPECTED_STATUS } from './types';

/** The identity the demo's policy allows: each service's release workflow on main. */
export const DEMO_ISSUER = 'https://token.actions.githubusercontent.com';
export const demoWorkflowIdentity = (service: string) =>
  `https://github.com/acme/${service}/.github/workflows/release.yml@refs/heads/main`;
/** Matches demoWorkflowIdentity for any service, as the demo's allowed identity. */
export const DEMO_SUBJECT_PATTERN =
  'https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main';

/** Someone signing from a laptop with a personal account: valid, but not allowed. */
export const UNEXPECTED_SIGNER = {
  issuer: 'https://accounts.google.com',
  subject: 'dev.laptop@gmail.example',
};

const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
const SERVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const REPO_DIGEST = /^(.+)@(sha256:[0-9a-f]{64})$/;

/** A plan read from JSON: `{ "<service>": "<scenario>" }`. */
export function parseDemoPlan(json: unknown): DemoPlan {
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new InputError('demo plan must be an object of service → scenario');
  }
  const plan: DemoPlan = {};
  for (const [service, scenario] of Object.entries(json)) {
    if (!SERVICE_NAME.test(service)) {
      throw new InputError(
        `demo plan: "${service}" is not a service name (it names a file)`,
      );
    }
    if (!DEMO_SCENARIOS.includes(scenario as DemoScenario)) {
      throw new InputError(
        `demo plan: ${service} has scenario ${JSON.stringify(
          scenario,
        )}, expected one of ${DEMO_SCENARIOS.join(', ')}`,
      );
    }
    plan[service] = scenario as DemoScenario;
  }
  return plan;
}

/** The image (`repo`, `sha256:<hex>`) of a service, from its Trivy report. */
export function readImageDigest(
  reportsDir: string,
  service: string,
): { repo: string; digest: string } {
  const file = path.join(reportsDir, service, 'trivy.json');
  let report: any;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`cannot read ${file}`, error);
  }
  const repoDigest = report?.Metadata?.RepoDigests?.[0];
  const match =
    typeof repoDigest === 'string' ? REPO_DIGEST.exec(repoDigest) : null;
  if (!match) {
    throw new InputError(
      `${file}: Metadata.RepoDigests[0] is ${JSON.stringify(
        repoDigest,
      )}, expected <repo>@sha256:<64 hex>`,
    );
  }
  return { repo: match[1], digest: match[2] };
}

/**
 * Alters the statement Rekor's attestation storage returns, leaving the signed body alone:
 * the statement no longer hashes to the body's payloadHash (nor matches the signature).
 */
function tamper(logged: LoggedEntry): LoggedEntry {
  const data = logged.entry.attestation?.data;
  if (!data) {
    throw new Error('attestation entry without its statement');
  }
  const statement = JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  statement.predicate = {
    ...statement.predicate,
    buildDefinition: {
      buildType: 'https://attacker.example/hand-built@v1',
      externalParameters: { note: 'rebuilt outside CI after signing' },
    },
  };
  return {
    uuid: logged.uuid,
    entry: {
      ...logged.entry,
      attestation: {
        data: Buffer.from(JSON.stringify(statement)).toString('base64'),
      },
    },
  };
}

const writeJson = (file: string, value: unknown) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/**
 * Writes signature material for the demo: a throwaway trusted root and Rekor key, one
 * Rekor v1 entry file per signed service (for the Rekor stand-in) and a manifest of the
 * status each service is expected to get. Each call makes new keys.
 */
export async function generateDemoSignatures(options: {
  reportsDir: string;
  plan: DemoPlan;
  outDir: string;
}): Promise<DemoSummary> {
  const plan = parseDemoPlan(options.plan);
  const outDir = path.resolve(options.outDir);
  // Read every digest first, so a bad report fails before anything is written.
  const images = Object.fromEntries(
    Object.keys(plan).map(service => [
      service,
      readImageDigest(options.reportsDir, service),
    ]),
  );

  const trusted = await createTestSigstore();
  // Only its entries are written, never its root: the demo does not trust it.
  let rogue: TestSigstore | undefined;
  const rogueSigstore = async () => (rogue ??= await createTestSigstore());

  const entriesDir = path.join(outDir, 'entries');
  fs.rmSync(entriesDir, { recursive: true, force: true });
  fs.mkdirSync(entriesDir, { recursive: true });

  const manifest: DemoManifest = {
    generatedAt: new Date().toISOString(),
    services: {},
  };
  const counts: Record<DemoExpectedStatus, number> = {
    verified: 0,
    'unexpected-signer': 0,
    invalid: 0,
    unsigned: 0,
  };
  const entryFiles: string[] = [];

  for (const [service, scenario] of Object.entries(plan)) {
    const { repo, digest } = images[service];
    const allowed = {
      issuer: DEMO_ISSUER,
      subject: demoWorkflowIdentity(service),
    };
    const attest = async (sigstore: TestSigstore, signer = allowed) =>
      (
        await sigstore.attestWithEntry({
          subjectDigest: digest,
          signer,
          predicateType: SLSA_PROVENANCE_V1,
          subjectName: repo,
        })
      ).logged;

    let logged: LoggedEntry | undefined;
    switch (scenario) {
      case 'verified':
        logged = await attest(trusted);
        break;
      case 'unexpected-signer':
        logged = await attest(trusted, UNEXPECTED_SIGNER);
        break;
      case 'invalid-untrusted':
        logged = await attest(await rogueSigstore());
        break;
      case 'invalid-tampered':
        logged = tamper(await attest(trusted));
        break;
      case 'unsigned':
        logged = undefined;
        break;
      default: {
        const unknown: never = scenario;
        throw new InputError(`unknown scenario ${unknown}`);
      }
    }

    if (logged) {
      const file = path.join(entriesDir, `${service}.json`);
      writeJson(file, {
        uuid: logged.uuid,
        entry: logged.entry,
        subjectDigests: [digest],
      });
      entryFiles.push(file);
    }
    const expectedStatus = EXPECTED_STATUS[scenario];
    manifest.services[service] = { digest, scenario, expectedStatus };
    counts[expectedStatus] += 1;
  }

  const trustedRootPath = path.join(outDir, 'trusted_root.json');
  const publicKeyPath = path.join(outDir, 'rekor.pub.pem');
  const manifestPath = path.join(outDir, 'manifest.json');
  writeJson(trustedRootPath, trusted.trustedRoot);
  fs.writeFileSync(publicKeyPath, trusted.logPublicKeyPem);
  writeJson(manifestPath, manifest);

  return {
    outDir,
    trustedRootPath,
    publicKeyPath,
    entriesDir,
    manifestPath,
    manifest,
    counts,
    entryFiles,
  };
}
