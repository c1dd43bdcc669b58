import { InputError } from '@backstage/errors';
import { isLegacyCosignBundle } from './legacyCosignBundle';

const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle';

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const isBundle = (value: unknown) =>
  isObject(value) &&
  typeof value.mediaType === 'string' &&
  value.mediaType.startsWith(BUNDLE_MEDIA_TYPE);

/**
 * What may be uploaded: a Sigstore bundle or cosign's legacy `--bundle` output, bare or as
 * `{ bundle, payload }` where `payload` is the base64 of what a message signature signed
 * (cosign's simple-signing JSON, which neither bundle carries).
 */
export type BundleUpload = {
  bundle: unknown;
  payload?: Buffer;
  legacy: boolean;
};

const isAnyBundle = (value: unknown) =>
  isBundle(value) || isLegacyCosignBundle(value);

export function detectUpload(document: unknown): boolean {
  return (
    isAnyBundle(document) ||
    (isObject(document) && isAnyBundle(document.bundle))
  );
}

export function readUpload(document: unknown): BundleUpload {
  if (isAnyBundle(document)) {
    return { bundle: document, legacy: isLegacyCosignBundle(document) };
  }
  const wrapper = document as { bundle: unknown; payload?: unknown };
  if (wrapper.payload !== undefined && typeof wrapper.payload !== 'string') {
    throw new InputError(
      '"payload" must be the base64 of the signed payload (cosign simple-signing JSON)',
    );
  }
  return {
    bundle: wrapper.bundle,
    legacy: isLegacyCosignBundle(wrapper.bundle),
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
  if (!detectUpload(document)) {
    return [];
  }
  const { bundle, payload } = readUpload(document);
  return [
    ...statementSubjectNames(bundle as Record<string, any>),
    ...dockerReference(payload),
  ];
}
