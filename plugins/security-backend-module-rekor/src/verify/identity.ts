import { InputError } from '@backstage/errors';
import type { SignerIdentity } from '@posture/backstage-plugin-security-common';
import type { AllowedIdentity } from './types';

/**
 * The whole subject must match. @sigstore/verify (and cosign's
 * --certificate-identity-regexp) search unanchored, so "soyland" would accept
 * "cody@soyland.com" and ".../release.yml" would accept a fork's ".../release.yml@evil".
 * A leading `^` or trailing `$` the author already wrote is dropped before wrapping, so
 * `^a|b$` keeps meaning "exactly a or exactly b" rather than changing precedence.
 */
export function anchoredSubjectPattern(pattern: string): RegExp {
  let body = pattern;
  if (body.startsWith('^')) {
    body = body.slice(1);
  }
  if (body.endsWith('$') && !/(^|[^\\])(\\\\)*\\\$$/.test(body)) {
    body = body.slice(0, -1);
  }
  try {
    // Compiling the body alone rejects `a)|(b`, which would escape the group below.
    new RegExp(body); // eslint-disable-line no-new
    return new RegExp(`^(?:${body})$`);
  } catch (error) {
    throw new InputError(
      `invalid subject pattern ${JSON.stringify(pattern)}`,
      error,
    );
  }
}

/** Compiled once per call so a bad pattern fails before any bundle is judged. */
export function compileIdentities(
  identities: AllowedIdentity[],
): Array<{ issuer: string; subject: RegExp }> {
  return identities.map(identity => ({
    issuer: identity.issuer,
    subject: anchoredSubjectPattern(identity.subjectPattern),
  }));
}

export function isAllowedSigner(
  signer: SignerIdentity,
  allowed: Array<{ issuer: string; subject: RegExp }>,
): boolean {
  return allowed.some(
    a => a.issuer === signer.issuer && a.subject.test(signer.subject),
  );
}
