import crypto from 'crypto';
import {
  bundleToJSON,
  toDSSEBundle,
  toMessageSignatureBundle,
} from '@sigstore/bundle';
import type { SerializedBundle } from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
// Test and demo-data helper, never reached from src/index.ts: @sigstore/mock (and the nock
// it brings) stays a devDependency so production installs do not carry it.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { initializeCA, initializeCTLog, initializeTLog } from '@sigstore/mock';
import type { SignerIdentity } from '@posture/backstage-plugin-security-common';
import {
  leafHash,
  rekorEntryToTlogEntry,
  type RekorV1LogEntry,
} from '../verify/rekorEntry';

/**
 * Offline Sigstore for tests and demo data: @sigstore/mock's CA, CT log and Rekor used as
 * plain objects (no HTTP, so no nock/msw clash), signing with a local ephemeral key.
 * Bundles stay valid indefinitely: verification time is the log's integratedTime.
 */

const REKOR_URL = 'https://rekor.posture.test';
const CT_URL = 'https://ctfe.posture.test';
const IN_TOTO = 'application/vnd.in-toto+json';
const OID_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';

const newKey = () => crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });
const spki = (key: crypto.KeyObject) =>
  key.export({ type: 'spki', format: 'der' });
const bytes = (view: ArrayBufferView) =>
  Buffer.from(view.buffer, view.byteOffset, view.byteLength);
const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64');
const sha256 = (data: Buffer) =>
  crypto.createHash('sha256').update(data).digest();

/** A log entry as `GET /api/v1/log/entries/{uuid}` serves it. @public */
export type LoggedEntry = { uuid: string; entry: RekorV1LogEntry };

/** cosign's legacy `--bundle` output. @public */
export type LegacyCosignBundle = {
  base64Signature: string;
  cert: string;
  rekorBundle: {
    SignedEntryTimestamp?: string;
    Payload: {
      body: string;
      integratedTime: number;
      logIndex: number;
      logID: string;
    };
  };
};

/** @public */
export type AttestOptions = {
  subjectDigest: string;
  signer: SignerIdentity;
  predicateType?: string;
  subjectName?: string;
};

/** @public */
export type TestSigstore = {
  /** A trusted_root.json document trusting only this instance. */
  trustedRoot: object;
  /** The log's public key (PEM), as `GET /api/v1/log/publicKey` serves it. */
  logPublicKeyPem: string;
  /** A DSSE bundle over an in-toto statement whose one subject has `subjectDigest`. */
  attest(options: AttestOptions): Promise<SerializedBundle>;
  /** The same, with the log entry Rekor keeps for it (statement in its attestation storage). */
  attestWithEntry(
    options: AttestOptions,
  ): Promise<{ bundle: SerializedBundle; logged: LoggedEntry }>;
  /**
   * A cosign image signature: the bundle, the simple-signing payload it signs, and the same
   * signature in cosign's legacy `--bundle` format.
   */
  signImage(options: {
    imageDigest: string;
    signer: SignerIdentity;
    dockerReference?: string;
  }): Promise<{
    bundle: SerializedBundle;
    payload: Buffer;
    legacyBundle: LegacyCosignBundle;
  }>;
};

/**
 * The UUID real Rekor gives an entry: the tree ID (16 hex, from the checkpoint's origin) and
 * the RFC 6962 leaf hash of the body. The mock's UUIDs are random, which
 * parseRekorEntriesResponse rightly rejects.
 */
function rekorEntryUuid(entry: RekorV1LogEntry): string {
  const origin =
    entry.verification?.inclusionProof?.checkpoint.split('\n')[0] ?? '';
  const treeId = / - (\d+)$/.exec(origin)?.[1];
  const prefix = treeId
    ? BigInt(treeId).toString(16).padStart(16, '0').slice(-16)
    : '';
  return prefix + leafHash(entry.body);
}

/** @public */
export async function createTestSigstore(): Promise<TestSigstore> {
  const [caKeys, ctKeys, tlogKeys] = [newKey(), newKey(), newKey()];
  const ctlog = await initializeCTLog(ctKeys);
  // No clock: the mock root certificate always starts "now", so an earlier clock would
  // date the leaf before its root ("certificate is not valid or expired").
  const ca = await initializeCA(caKeys, ctlog);
  const tlog = await initializeTLog(REKOR_URL, tlogKeys);

  const start = new Date(Date.now() - 60 * 60 * 1000).toISOString();
  const key = (k: crypto.KeyObject) => ({
    rawBytes: b64(spki(k)),
    keyDetails: 'PKIX_ECDSA_P256_SHA_256',
    validFor: { start },
  });
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        // Must contain the checkpoint origin host, or the checkpoint is not matched to the log.
        baseUrl: REKOR_URL,
        hashAlgorithm: 'SHA2_256',
        publicKey: key(tlogKeys.publicKey),
        logId: { keyId: b64(sha256(spki(tlogKeys.publicKey))) },
      },
    ],
    certificateAuthorities: [
      {
        certChain: {
          certificates: [{ rawBytes: b64(bytes(ca.rootCertificate)) }],
        },
        validFor: { start },
      },
    ],
    ctlogs: [
      {
        baseUrl: CT_URL,
        hashAlgorithm: 'SHA2_256',
        publicKey: key(ctKeys.publicKey),
        logId: { keyId: b64(bytes(ctlog.logID)) },
      },
    ],
    timestampAuthorities: [],
  };

  async function certificateFor(signer: SignerIdentity) {
    const leaf = newKey();
    const der = bytes(
      await ca.issueCertificate({
        publicKey: spki(leaf.publicKey),
        subjectAltName: signer.subject,
        extensions: [
          { oid: OID_ISSUER_V1, value: signer.issuer, legacy: true },
          { oid: OID_ISSUER_V2, value: signer.issuer },
        ],
      }),
    );
    const pem = `-----BEGIN CERTIFICATE-----\n${der.toString(
      'base64',
    )}\n-----END CERTIFICATE-----\n`;
    return { leaf, der, pem };
  }

  const hex = (digest: string) => {
    const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
    if (!match) {
      throw new TypeError(`expected sha256:<64 hex>, got ${digest}`);
    }
    return match[1];
  };

  const attestWithEntry: TestSigstore['attestWithEntry'] = async ({
    subjectDigest,
    signer,
    predicateType,
    subjectName,
  }) => {
    const statement = Buffer.from(
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v1',
        subject: [
          {
            name: subjectName ?? 'posture.test/app',
            digest: { sha256: hex(subjectDigest) },
          },
        ],
        predicateType: predicateType ?? 'https://slsa.dev/provenance/v1',
        predicate: {},
      }),
    );
    const { leaf, der, pem } = await certificateFor(signer);
    const signature = crypto.sign(
      'sha256',
      dsse.preAuthEncoding(IN_TOTO, statement),
      leaf.privateKey,
    );
    // Logged as intoto 0.0.2: the mock stores a proposed dsse entry verbatim, which
    // the verifier rejects ("signature count mismatch") as real Rekor would not.
    const entry = await tlog.log({
      apiVersion: '0.0.2',
      kind: 'intoto',
      spec: {
        content: {
          envelope: {
            payloadType: IN_TOTO,
            signatures: [
              { sig: b64(signature.toString('base64')), publicKey: b64(pem) },
            ],
          },
          payloadHash: {
            algorithm: 'sha256',
            value: sha256(statement).toString('hex'),
          },
        },
      },
    });
    const bundle = bundleToJSON(
      toDSSEBundle({
        artifact: statement,
        artifactType: IN_TOTO,
        signature,
        certificate: der,
      }),
    );
    const [logEntry] = Object.values(entry) as RekorV1LogEntry[];
    const uuid = rekorEntryUuid(logEntry);
    bundle.verificationMaterial.tlogEntries = [
      rekorEntryToTlogEntry(logEntry) as never,
    ];
    return {
      bundle,
      logged: {
        uuid,
        entry: {
          ...(logEntry as RekorV1LogEntry),
          attestation: { data: statement.toString('base64') },
        },
      },
    };
  };

  return {
    trustedRoot,
    logPublicKeyPem: tlogKeys.publicKey
      .export({ type: 'spki', format: 'pem' })
      .toString(),
    attestWithEntry,
    attest: async options => (await attestWithEntry(options)).bundle,

    async signImage({ imageDigest, signer, dockerReference }) {
      const payload = Buffer.from(
        JSON.stringify({
          critical: {
            identity: {
              'docker-reference': dockerReference ?? 'posture.test/app',
            },
            image: { 'docker-manifest-digest': `sha256:${hex(imageDigest)}` },
            type: 'cosign container image signature',
          },
          optional: null,
        }),
      );
      const { leaf, der, pem } = await certificateFor(signer);
      const digest = sha256(payload);
      const signature = crypto.sign('sha256', payload, leaf.privateKey);
      const entry = await tlog.log({
        apiVersion: '0.0.1',
        kind: 'hashedrekord',
        spec: {
          data: {
            hash: { algorithm: 'sha256', value: digest.toString('hex') },
          },
          signature: {
            content: signature.toString('base64'),
            publicKey: { content: b64(pem) },
          },
        },
      });
      const bundle = bundleToJSON(
        toMessageSignatureBundle({ digest, signature, certificate: der }),
      );
      const [logEntry] = Object.values(entry) as RekorV1LogEntry[];
      bundle.verificationMaterial.tlogEntries = [
        rekorEntryToTlogEntry(logEntry) as never,
      ];
      // What `cosign sign --bundle` writes (cosign's own format, before Sigstore bundles).
      const legacyBundle = {
        base64Signature: signature.toString('base64'),
        cert: b64(pem),
        rekorBundle: {
          SignedEntryTimestamp: logEntry.verification?.signedEntryTimestamp,
          Payload: {
            body: logEntry.body,
            integratedTime: logEntry.integratedTime,
            logIndex: logEntry.logIndex,
            logID: logEntry.logID,
          },
        },
      };
      return { bundle, payload, legacyBundle };
    },
  };
}
