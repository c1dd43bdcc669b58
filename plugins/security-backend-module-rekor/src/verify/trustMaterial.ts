import fs from 'fs';
import { InputError } from '@backstage/errors';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';

/**
 * A trusted-root document (`trusted_root.json`, media type
 * `application/vnd.dev.sigstore.trustedroot+json`): a file path or the parsed JSON.
 * @public
 */
export type TrustedRootSource = string | object;

const TRUSTED_ROOT_MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json';

function readRootJson(source: TrustedRootSource, label: string): object {
  if (typeof source !== 'string') {
    return source;
  }
  let text: string;
  try {
    text = fs.readFileSync(source, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read trusted root ${source}`, error);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`trusted root ${label} is not JSON`, error);
  }
}

/**
 * TrustedRoot.fromJSON accepts anything and yields empty lists, so a wrong file would
 * silently trust nothing; checking the media type turns that into a configuration error.
 */
function parseRoot(json: object, label: string): TrustedRoot {
  const mediaType = (json as { mediaType?: unknown }).mediaType;
  if (
    typeof mediaType !== 'string' ||
    !mediaType.startsWith(TRUSTED_ROOT_MEDIA_TYPE)
  ) {
    throw new InputError(
      `trusted root ${label} has media type ${JSON.stringify(
        mediaType,
      )}, expected ${TRUSTED_ROOT_MEDIA_TYPE}`,
    );
  }
  return TrustedRoot.fromJSON(json);
}

/** Same authority listed by two roots (e.g. public-good loaded twice) counts once. */
function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter(item => {
    const k = key(item);
    if (seen.has(k)) {
      return false;
    }
    seen.add(k);
    return true;
  });
}

const jsonKey =
  <T>(toJSON: (item: T) => unknown) =>
  (item: T) =>
    JSON.stringify(toJSON(item));

/**
 * One root holding the logs and authorities of all given roots. The verifier picks
 * tlogs and CAs by key id and validity period, so a plain union trusts each
 * authority only for what its own root said.
 * @public
 */
export function mergeTrustedRoots(roots: TrustedRoot[]): TrustedRoot {
  if (roots.length === 0) {
    throw new InputError('at least one trusted root is required');
  }
  const all = <K extends keyof TrustedRoot>(field: K) =>
    roots.flatMap(root => root[field] as unknown[]);
  const json = TrustedRoot.toJSON({
    mediaType: roots[0].mediaType,
    tlogs: all('tlogs'),
    certificateAuthorities: all('certificateAuthorities'),
    ctlogs: all('ctlogs'),
    timestampAuthorities: all('timestampAuthorities'),
  } as TrustedRoot) as Record<string, unknown[] | string>;
  for (const field of [
    'tlogs',
    'certificateAuthorities',
    'ctlogs',
    'timestampAuthorities',
  ]) {
    json[field] = uniqueBy(
      (json[field] as unknown[] | undefined) ?? [],
      jsonKey(x => x),
    );
  }
  return TrustedRoot.fromJSON(json);
}

/**
 * Trust material for `verifyBundle` from one or more trusted-root documents, e.g. the
 * public-good root plus a private Sigstore instance's root. Throws `InputError` for a
 * missing, unreadable or non-trusted-root document: that is configuration, not a bad
 * signature.
 * @public
 */
export function loadTrustMaterial(sources: TrustedRootSource[]): TrustMaterial {
  const roots = sources.map((source, i) => {
    const label = typeof source === 'string' ? source : `#${i}`;
    return parseRoot(readRootJson(source, label), label);
  });
  return toTrustMaterial(mergeTrustedRoots(roots));
}
