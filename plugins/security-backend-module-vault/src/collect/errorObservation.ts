import type { SecretObservation } from '@posture/backstage-plugin-security-node';

/** A secret that could not be read: where it is, and why; every fact unknown. */
export function errorObservation(args: {
  engine: string;
  path: string;
  kind: SecretObservation['kind'];
  error: string;
}): SecretObservation {
  return {
    path: args.path,
    engine: args.engine,
    kind: args.kind,
    currentVersion: null,
    createdTime: null,
    updatedTime: null,
    maxAgeDays: null,
    state: 'error',
    error: args.error,
  };
}
