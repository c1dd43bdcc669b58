import path from 'path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { TrustMaterial } from '@sigstore/verify';
import { compileIdentities } from '../verify/identity';
import { loadTrustMaterial } from '../verify/trustMaterial';
import type { AllowedIdentity } from '../verify/types';
import {
  invalidConfig,
  readStringArray,
} from '@posture/backstage-plugin-security-node';

/** The name that stands for the Sigstore public-good root shipped with this module. */
export const PUBLIC_GOOD = 'public-good';

/** `security.signing`, read and checked at start-up. @public */
export type SigningConfig = {
  /** Where each trusted root came from, for the start-up log. */
  trustedRootNames: string[];
  trust: TrustMaterial;
  /** Who may sign, unless an entity's `posture.dev/signing-identity` says otherwise. */
  identities: AllowedIdentity[];
};

function invalid(key: string, why: string): never {
  return invalidConfig(`security.signing.${key}`, why);
}

export function publicGoodRootPath(): string {
  return resolvePackagePath(
    '@posture/backstage-plugin-security-backend-module-rekor',
    'assets/trusted_root-public-good.json',
  );
}

/**
 * Fails fast: an unreadable root or a bad subject pattern would otherwise turn every
 * signature `invalid` or `unexpected-signer` at the first check, far from its cause.
 */
export function readSigningConfig(config: Config): SigningConfig {
  const signing = config.getOptionalConfig('security.signing');
  const names = readStringArray(
    config,
    'security.signing.trustedRoots',
    [PUBLIC_GOOD],
    'root (e.g. public-good)',
  );
  const files = names.map(name =>
    name === PUBLIC_GOOD ? publicGoodRootPath() : path.resolve(name),
  );
  let trust: TrustMaterial;
  try {
    trust = loadTrustMaterial(files);
  } catch (error) {
    return invalid('trustedRoots', (error as Error).message);
  }
  const identities = (signing?.getOptionalConfigArray('identities') ?? []).map(
    identity => ({
      issuer: identity.getString('issuer'),
      subjectPattern: identity.getString('subjectPattern'),
    }),
  );
  try {
    compileIdentities(identities);
  } catch (error) {
    invalid('identities', (error as Error).message);
  }
  return { trustedRootNames: names, trust, identities };
}
