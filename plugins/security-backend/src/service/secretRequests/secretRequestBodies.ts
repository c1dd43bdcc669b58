import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  validateSecretRequestInput,
  type SecretRequestInput,
  type SecretRequestStatus,
} from '@posture/backstage-plugin-security-common';

/*
 * What people send besides the request itself (validated by security-common's schema, the
 * one the form uses), pure, each check naming the field it refuses.
 */

export const COMMENT_MAX = 2000;
export const REASON_MAX = 2000;

const STATUSES: readonly SecretRequestStatus[] = [
  'pending',
  'approved',
  'provisioned',
  'rejected',
  'expired',
  'failed',
];

/** The request body through the shared schema; a refusal names every bad field. */
export function parseSecretRequestInput(body: unknown): SecretRequestInput {
  const result = validateSecretRequestInput(body);
  if (!result.success) {
    throw new InputError(
      result.problems
        .map(p =>
          p.field && !p.message.startsWith(p.field)
            ? `${p.field}: ${p.message}`
            : p.message,
        )
        .join('; '),
    );
  }
  return result.data;
}

function text(
  field: string,
  value: unknown,
  { min, max }: { min: number; max: number },
): string {
  if (typeof value !== 'string') {
    throw new InputError(`${field} must be text`);
  }
  if (value.includes('\u0000')) {
    throw new InputError(`${field} must not contain NUL characters`);
  }
  const trimmed = value.trim();
  if (trimmed.length < min || trimmed.length > max) {
    throw new InputError(
      `${field} must be ${min} to ${max} characters (not counting surrounding spaces); it has ${trimmed.length}`,
    );
  }
  return trimmed;
}

/** An approval's optional comment; empty is none. */
export function parseComment(value: unknown): string | null {
  if (value === undefined || value === null) {
    return null;
  }
  const comment = text('comment', value, { min: 0, max: COMMENT_MAX });
  return comment === '' ? null : comment;
}

/** A rejection's reason, required so the requester learns why. */
export function parseReason(value: unknown): string {
  if (value === undefined || value === null) {
    throw new InputError('reason is required: tell the requester why');
  }
  return text('reason', value, { min: 1, max: REASON_MAX });
}

export interface SecretRequestListQuery {
  status?: SecretRequestStatus;
  entityRef?: string;
  ownerRef?: string;
  requester?: string;
  mine: boolean;
}

function refParam(
  field: string,
  value: unknown,
  defaultKind: string,
): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string' || value.includes('\u0000')) {
    throw new InputError(`${field} must be one entity ref`);
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), {
        defaultKind,
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `${field} "${value.slice(
        0,
        300,
      )}" is not an entity ref such as ${defaultKind}:default/example`,
    );
  }
}

/** `GET /v1/secret-requests` filters; refs compare in lower case, as the catalog's do. */
export function parseListQuery(query: {
  status?: unknown;
  entityRef?: unknown;
  owner?: unknown;
  requester?: unknown;
  mine?: unknown;
}): SecretRequestListQuery {
  let status: SecretRequestStatus | undefined;
  if (query.status !== undefined && query.status !== '') {
    status = STATUSES.find(s => s === query.status);
    if (!status) {
      throw new InputError(`status must be one of ${STATUSES.join(', ')}`);
    }
  }
  const mine = query.mine;
  if (
    mine !== undefined &&
    mine !== true &&
    mine !== false &&
    mine !== 'true' &&
    mine !== 'false'
  ) {
    throw new InputError('mine must be true or false');
  }
  return {
    status,
    entityRef: refParam('entityRef', query.entityRef, 'component'),
    ownerRef: refParam('owner', query.owner, 'group'),
    requester: refParam('requester', query.requester, 'user'),
    mine: mine === true || mine === 'true',
  };
}
