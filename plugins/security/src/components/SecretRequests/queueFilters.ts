import type { SecretRequestStatus } from '@posture/backstage-plugin-security-common';
import type { SecretRequestQuery } from '../../api/types';

/** The queue's filters as the URL keeps them; `status` 'all' lists every state. */
export interface QueueFilters {
  status: SecretRequestStatus | 'all';
  service: string | null;
  owner: string | null;
  requester: string | null;
}

const STATUSES: ReadonlyArray<SecretRequestStatus> = [
  'pending',
  'approved',
  'provisioned',
  'failed',
  'rejected',
  'expired',
];

/** The queue opens on what waits for a decision. */
export const DEFAULT_STATUS: SecretRequestStatus = 'pending';

/** Filters from the URL's query; an unknown status falls back to the default. */
export function readQueueFilters(params: URLSearchParams): QueueFilters {
  const status = params.get('status');
  return {
    status:
      status === 'all' || STATUSES.includes(status as SecretRequestStatus)
        ? (status as QueueFilters['status'])
        : DEFAULT_STATUS,
    service: params.get('service') || null,
    owner: params.get('owner') || null,
    requester: params.get('requester') || null,
  };
}

/** The URL query for filters, leaving out what is at its default. */
export function writeQueueFilters(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== DEFAULT_STATUS) {
    params.set('status', filters.status);
  }
  for (const key of ['service', 'owner', 'requester'] as const) {
    const value = filters[key];
    if (value) {
      params.set(key, value);
    }
  }
  return params;
}

/** What to ask the backend for. */
export function queueQuery(filters: QueueFilters): SecretRequestQuery {
  return {
    status: filters.status === 'all' ? undefined : filters.status,
    entityRef: filters.service ?? undefined,
    owner: filters.owner ?? undefined,
    requester: filters.requester ?? undefined,
  };
}

export function hasNarrowingFilters(filters: QueueFilters): boolean {
  return Boolean(filters.service || filters.owner || filters.requester);
}

export const STATUS_OPTIONS: ReadonlyArray<
  readonly [QueueFilters['status'], string]
> = [
  ['pending', 'Waiting for approval'],
  ['failed', 'Provisioning failed'],
  ['approved', 'Approved, provisioning'],
  ['provisioned', 'Provisioned'],
  ['rejected', 'Rejected'],
  ['expired', 'Expired undecided'],
  ['all', 'Any state'],
];
