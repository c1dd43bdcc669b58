/** The matrix's columns: the ways a dependency fails. */
export type FaultKind =
  | 'down'
  | 'slow'
  | 'rate-limited'
  | 'server-error'
  | 'unavailable'
  | 'malformed';

/** Whole seconds, so the wait shows plainly in the request log's times. */
export const RETRY_AFTER_SECONDS = 1;

export const FAULT_KINDS: ReadonlyArray<{ kind: FaultKind; title: string }> = [
  { kind: 'down', title: 'down (connection refused)' },
  { kind: 'slow', title: 'slow beyond the client timeout' },
  {
    kind: 'rate-limited',
    title: `answering 429 with Retry-After: ${RETRY_AFTER_SECONDS}`,
  },
  { kind: 'server-error', title: 'answering 500' },
  { kind: 'unavailable', title: 'answering 503' },
  { kind: 'malformed', title: 'answering 200 with a malformed body' },
];

/** A body cut off mid-way, as a proxy that dropped the connection leaves it. */
export const MALFORMED_BODY = '{"data": {"items": [{"id": "trunc';
