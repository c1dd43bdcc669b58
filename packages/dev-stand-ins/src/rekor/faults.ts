import {
  FaultRegistry as PathFaultRegistry,
  type BaseFault,
} from '../shared/faultRegistry';

/**
 * A failure to inject for requests under a path prefix. With only `delayMs` the request is
 * answered normally after the delay; with `status` the stand-in answers
 * `{ code: status, message }` instead (with `headers`), and with `rawBody` exactly that body,
 * after the delay if one is given.
 */
export interface RekorFault extends BaseFault {
  /** The body's message; by default Go's status text, as Rekor sends it. */
  message?: string;
}

/** Accepts '/api/v1/log/entries', 'api/v1/log/entries' or 'log/entries'. */
function normalisePrefix(prefix: string): string {
  return prefix.replace(/^\/+/, '').replace(/^api\/v1(\/|$)/, '');
}

/** Per-path fault injection, longest matching prefix first. */
export class RekorFaultRegistry extends PathFaultRegistry<RekorFault> {
  constructor() {
    super(normalisePrefix);
  }
}

/** Go's http.StatusText for the codes a test is likely to inject. */
export function statusText(status: number): string {
  const texts: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    422: 'Unprocessable Entity',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return texts[status] ?? '';
}
