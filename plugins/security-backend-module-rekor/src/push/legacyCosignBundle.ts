import { InputError } from '@backstage/errors';
import type { SerializedBundle } from '@sigstore/bundle';
import { bundleFromRekorEntry } from '../verify/rekorEntry';

const isObject = (value: unknown): value is Record<string, any> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * cosign's own `--bundle` output before the Sigstore bundle format (`{ base64Signature, cert,
 * rekorBundle }`), or just its `rekorBundle` (`{ SignedEntryTimestamp, Payload }`).
 */
export function isLegacyCosignBundle(value: unknown): boolean {
  return (
    isObject(value) &&
    (('rekorBundle' in value && 'base64Signature' in value) ||
      ('SignedEntryTimestamp' in value && isObject(value.Payload)))
  );
}

/**
 * A legacy cosign bundle as a Sigstore bundle v0.1: its `rekorBundle` is the log's entry
 * (body, time, index, log id) with the log's promise (SET), so the signature, certificate and
 * digest come from the logged body, which the SET covers. The copies cosign put beside it must
 * be the same, or the file was altered: that is a verdict, so it is returned, not thrown.
 */
export function bundleFromLegacyCosign(
  legacy: unknown,
): { bundle: SerializedBundle } | { mismatch: string } {
  const rekorBundle =
    isObject(legacy) && 'rekorBundle' in legacy ? legacy.rekorBundle : legacy;
  const payload = isObject(rekorBundle) ? rekorBundle.Payload : undefined;
  if (
    !isObject(payload) ||
    typeof rekorBundle.SignedEntryTimestamp !== 'string'
  ) {
    throw new InputError(
      "cosign's legacy bundle has no rekorBundle with a SignedEntryTimestamp and Payload",
    );
  }
  let body: { kind?: string; spec?: Record<string, any> };
  try {
    body = JSON.parse(
      Buffer.from(String(payload.body), 'base64').toString('utf8'),
    );
  } catch {
    throw new InputError(
      "cosign's legacy bundle has an unreadable Payload.body",
    );
  }
  if (body.kind !== 'hashedrekord') {
    throw new InputError(
      `cosign's legacy bundle logs a ${body.kind} entry, which @sigstore/verify cannot check (only hashedrekord, as cosign 2 writes); upload a Sigstore bundle instead`,
    );
  }
  const bundle = bundleFromRekorEntry({
    body: payload.body,
    integratedTime: payload.integratedTime,
    logIndex: payload.logIndex,
    logID: payload.logID,
    verification: { signedEntryTimestamp: rekorBundle.SignedEntryTimestamp },
  });
  if (isObject(legacy) && 'base64Signature' in legacy) {
    if (legacy.base64Signature !== body.spec?.signature?.content) {
      return {
        mismatch: "the bundle's signature is not the one the log recorded",
      };
    }
    if (legacy.cert !== body.spec?.signature?.publicKey?.content) {
      return {
        mismatch: "the bundle's certificate is not the one the log recorded",
      };
    }
  }
  return { bundle };
}
