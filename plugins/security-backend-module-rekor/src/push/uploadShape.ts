import { InputError } from '@backstage/errors';

const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isBundle = (value: unknown) =>
  isObject(value) &&
  typeof value.mediaType === 'string' &&
  value.mediaType.startsWith(BUNDLE_MEDIA_TYPE);

/**
 * cosign's own `--bundle` output before the Sigstore bundle format (`{ base64Signature, cert,
 * rekorBundle }`), or just its `rekorBundle` (`{ SignedEntryTimestamp, Payload }`).
 */
const isLegacyCosignBundle = (value: unknown) =>
  isObject(value) &&
  (('rekorBundle' in value && 'base64Signature' in value) ||
    ('SignedEntryTimestamp' in value && isObject(value.Payload)));

/**
 * What may be uploaded: a Sigstore bundle, or `{ bundle, payload }` where `payload` is the
 * base64 of what a message signature signed (cosign's simple-signing JSON, which is not in
 * the bundle). cosign's legacy bundle is recognised only to explain why it is refused.
 */
export type BundleUpload = { bundle: unknown; payload?: Buffer };

export function detectUpload(document: unknown): boolean {
  return (
    isBundle(document) ||
    (isObject(document) && isBundle(document.bundle)) ||
    isLegacyCosignBundle(document)
  );
}

export function readUpload(document: unknown): BundleUpload {
  if (isLegacyCosignBundle(document)) {
    throw new InputError(
      "This is cosign's legacy bundle (base64Signature, cert, rekorBundle): it does not carry what Posture must verify. Upload a Sigstore bundle instead (cosign attest --new-bundle-format --bundle FILE), or let Posture find the attestation in Rekor",
    );
  }
  if (isBundle(document)) {
    return { bundle: document };
  }
  const wrapper = document as { bundle: unknown; payload?: unknown };
  if (wrapper.payload !== undefined && typeof wrapper.payload !== 'string') {
    throw new InputError(
      '"payload" must be the base64 of the signed payload (cosign simple-signing JSON)',
    );
  }
  return {
    bundle: wrapper.bundle,
    payload:
      typeof wrapper.payload === 'string'
        ? Buffer.from(wrapper.payload, 'base64')
        : undefined,
  };
}

function statementSubjectNames(bundle: Record<string, any>): string[] {
  try {
    const statement = JSON.parse(
      Buffer.from(String(bundle.dsseEnvelope?.payload), 'base64').toString(
        'utf8',
      ),
    );
    return (statement?.subject ?? [])
      .map((s: { name?: unknown }) => s?.name)
      .filter((n: unknown): n is string => typeof n === 'string' && n !== '');
  } catch {
    return [];
  }
}

function dockerReference(payload: Buffer | undefined): string[] {
  try {
    const reference = JSON.parse(payload?.toString('utf8') ?? '')?.critical
      ?.identity?.['docker-reference'];
    return typeof reference === 'string' && reference ? [reference] : [];
  } catch {
    return [];
  }
}

/**
 * Image names the upload claims, only to find its entity when no entityRef is given; the
 * verdict never trusts them (the signed digest is checked after verification).
 */
export function uploadReferences(document: unknown): string[] {
  if (!detectUpload(document) || isLegacyCosignBundle(document)) {
    return [];
  }
  const { bundle, payload } = readUpload(document);
  return [
    ...statementSubjectNames(bundle as Record<string, any>),
    ...dockerReference(payload),
  ];
}
