import { InputError } from '@backstage/errors';
import {
  normalizeImageRepository,
  normalizePurl,
  type ImpactQuery,
} from '@posture/backstage-plugin-security-common';
import type { ResolvedImpactQuery } from '../../database/impact/ImpactStore';
import { versionMatcher } from './versionRanges';

/** The longest value any impact parameter may have. */
export const MAX_IMPACT_VALUE_LENGTH = 400;

const KINDS = ['vulnerability', 'package', 'purl', 'image'] as const;
type Kind = (typeof KINDS)[number];

/** Vulnerability ids and aliases: CVE-…, GHSA-…, DSA-…, RHSA-2023:1234, GO-2023-2102, …. */
const VULNERABILITY_ID = /^[A-Za-z0-9][A-Za-z0-9._:+\-/]*$/;
/** A purl type, as the purl spec allows it. */
const ECOSYSTEM = /^[a-z][a-z0-9.+-]*$/;

function stringParam(
  params: Record<string, unknown>,
  key: keyof ImpactQuery,
): string | undefined {
  const value = params[key];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new InputError(`Give ${key} once, as a single value`);
  }
  const trimmed = value.trim();
  // PostgreSQL text cannot hold NUL, and no package, id or image has control characters.
  if ([...trimmed].some(c => c.charCodeAt(0) < 0x20 || c === '\u007f')) {
    throw new InputError(`${key} contains a control character`);
  }
  if (trimmed.length > MAX_IMPACT_VALUE_LENGTH) {
    throw new InputError(
      `${key} is longer than ${MAX_IMPACT_VALUE_LENGTH} characters`,
    );
  }
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Validates an impact query (the `GET /v1/impact` parameters, or a campaign's stored query)
 * and resolves it for the store: the echo of what is matched (`query`: ids upper case, the
 * image as its repository) and the resolved form. Throws InputError naming the problem.
 */
export function parseImpactRequest(params: Record<string, unknown>): {
  query: ImpactQuery;
  resolved: ResolvedImpactQuery;
} {
  const given = Object.fromEntries(
    KINDS.map(kind => [kind, stringParam(params, kind)]),
  ) as Record<Kind, string | undefined>;
  const kinds = KINDS.filter(kind => given[kind] !== undefined);
  if (kinds.length !== 1) {
    throw new InputError(
      kinds.length === 0
        ? 'Give one of vulnerability, package, purl or image'
        : `Give only one of vulnerability, package, purl or image (got ${kinds.join(
            ', ',
          )})`,
    );
  }
  const kind = kinds[0];
  const value = given[kind]!;
  const ecosystem = stringParam(params, 'ecosystem')?.toLowerCase();
  const version = stringParam(params, 'version');
  if (
    kind !== 'package' &&
    (ecosystem !== undefined || version !== undefined)
  ) {
    throw new InputError(
      `ecosystem and version go with package, not with ${kind}${
        kind === 'purl' ? ' (a purl carries its own type and version)' : ''
      }`,
    );
  }

  switch (kind) {
    case 'vulnerability': {
      if (!VULNERABILITY_ID.test(value)) {
        throw new InputError(
          `vulnerability "${value}" is not a vulnerability id (e.g. CVE-2021-44228 or GHSA-jfh8-c2jp-5v3q)`,
        );
      }
      const id = value.toUpperCase();
      return { query: { vulnerability: id }, resolved: { kind, id } };
    }
    case 'package': {
      if (ecosystem !== undefined && !ECOSYSTEM.test(ecosystem)) {
        throw new InputError(
          `ecosystem "${ecosystem}" is not a package URL type (e.g. npm, maven, pypi, golang, deb)`,
        );
      }
      return {
        query: {
          package: value,
          ...(ecosystem !== undefined ? { ecosystem } : {}),
          ...(version !== undefined ? { version } : {}),
        },
        resolved: {
          kind,
          name: value.toLowerCase(),
          ecosystem: ecosystem ?? null,
          versionMatches:
            version === undefined
              ? null
              : versionMatcher(ecosystem ?? null, version),
        },
      };
    }
    case 'purl': {
      const purl = normalizePurl(value);
      if (!purl) {
        throw new InputError(
          `purl is not a valid package URL: ${value} (e.g. pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1)`,
        );
      }
      return {
        query: { purl: value },
        resolved: {
          kind,
          type: purl.type,
          namespace: purl.namespace,
          name: purl.name,
          version: purl.version,
        },
      };
    }
    default: {
      if (/\s/.test(value)) {
        throw new InputError(
          `image "${value}" is not an image repository (e.g. ghcr.io/acme/api)`,
        );
      }
      const repository = normalizeImageRepository(value);
      return { query: { image: repository }, resolved: { kind, repository } };
    }
  }
}

/** {@link parseImpactRequest}, for callers that need only the resolved query (campaigns). */
export function parseImpactQuery(
  params: Record<string, unknown>,
): ResolvedImpactQuery {
  return parseImpactRequest(params).resolved;
}
