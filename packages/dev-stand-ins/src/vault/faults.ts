import {
  FaultRegistry as PathFaultRegistry,
  type BaseFault,
} from '../shared/faultRegistry';

/**
 * A failure to inject for requests under a path prefix. With only `delayMs` the request is
 * answered normally after the delay (long enough to make a client time out); with `status`
 * the stand-in answers that status instead (with `headers`), and with `rawBody` exactly that
 * body, after the delay if one is given.
 */
export interface Fault extends BaseFault {
  /** Error strings for the body; by default, the text Vault sends for that status. */
  errors?: string[];
}

/** Accepts '/v1/secret/metadata', 'v1/secret/metadata' or 'secret/metadata'. */
function normalisePrefix(prefix: string): string {
  return prefix.replace(/^\/+/, '').replace(/^v1(\/|$)/, '');
}

/** Per-path fault injection, longest matching prefix first. */
export class FaultRegistry extends PathFaultRegistry<Fault> {
  constructor() {
    super(normalisePrefix);
  }
}
