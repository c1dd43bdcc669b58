import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  security?: {
    /** How image signatures are verified, for uploaded bundles and the Rekor log alike. */
    signing?: {
      /**
       * Trusted roots (Sigstore `trusted_root.json` documents) that signatures must chain to:
       * `public-good` (the Sigstore public-good root shipped with the module) and/or file paths,
       * relative to the backend's working directory, for private Sigstore deployments.
       * @default ["public-good"]
       */
      trustedRoots?: string[];
      /**
       * Who may sign: the OIDC issuer (compared exactly) and a regular expression the whole
       * certificate subject must match. An entity's `posture.dev/signing-identity` annotation
       * (`<issuer>|<subject pattern>`) replaces this list for that entity.
       */
      identities?: Array<{
        issuer: string;
        subjectPattern: string;
      }>;
    };
    /** A Rekor v1 transparency log polled for attestations of each entity's image digest. */
    rekor?: {
      /** The log's API address, e.g. `https://rekor.sigstore.dev`. Without it the log is not polled. */
      baseUrl: string;
      /**
       * Link to an entry in the log's search UI; `{logIndex}` is replaced.
       * @default https://search.sigstore.dev/?logIndex={logIndex}
       */
      searchUrl?: string;
      /** @default 5 */
      requestsPerSecond?: number;
      /** Per request. @default 10000 */
      timeoutMs?: number;
      /** Retries after the first attempt, on 429, 5xx and network errors. @default 3 */
      retries?: number;
      /** Log entries judged per image digest. @default 10 */
      maxEntriesPerDigest?: number;
      /** Image digests checked per entity (its newest reports' digests). @default 2 */
      maxDigestsPerEntity?: number;
      /** @default { frequency: { hours: 1 }, timeout: { hours: 1 } } */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
