export interface Config {
  /** Posture security plugin. */
  security?: {
    /** Report uploads (`POST /api/security/v1/reports`). */
    reports?: {
      /**
       * Largest accepted report body, as a byte count or a size such as `50mb`. Larger uploads
       * are answered 413 and nothing is stored.
       * @default 50mb
       */
      maxBodySize?: string | number;
      /**
       * How far in the future a report's own generation time (Trivy `CreatedAt`, CycloneDX
       * `metadata.timestamp`, SPDX `creationInfo.created`) may be, for CI clocks running
       * ahead. Later times are refused with 400: a report dated ahead would otherwise keep
       * every genuine report of its slot out. A duration such as `{ minutes: 5 }` or `PT5M`.
       * @default { minutes: 5 }
       */
      maxClockSkew?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /**
       * Uploads read, parsed and stored at once. Each holds its report in memory (a 50 MB
       * report peaks near 870 MB of resident memory), so this bounds the memory uploads take.
       * @default 2
       */
      maxConcurrentIngestions?: number;
      /**
       * Uploads that wait for an ingestion slot, before their body is read; once these are
       * taken too, an upload is answered 503 with a Retry-After header. 0: never wait.
       * @default 20
       */
      maxQueuedIngestions?: number;
      /**
       * A directory of report files to ingest as if uploaded by CI: `<dir>/<component>/*.json`
       * belongs to `component:default/<component>`. Checked every 15 seconds for new files.
       * Relative paths are resolved from the backend's working directory.
       */
      seedDirectory?: string;
      /**
       * Entity kinds reports may be uploaded to; an upload naming (or whose image resolves
       * to) another kind is answered 400. Users and groups have no image to scan.
       * @default ['Component']
       */
      entityKinds?: string[];
      /**
       * Limits service tokens (CI) to entities. Absent: any service may upload to any entity
       * that does not name its own `posture.dev/upload-subjects`. Present: a service may
       * upload only where one of its rules, or the entity's annotation, names it; others get
       * 403. `subject` is the credential's subject as Backstage gives it (a static external
       * access token's `subject` as written; JWKS tokens `external:<sub>`).
       */
      serviceAccess?: Array<{
        subject: string;
        /** Entities owned by these (e.g. `group:default/payments`). */
        owners?: string[];
        /** These entities (e.g. `component:default/checkout`). Neither: every entity. */
        entities?: string[];
      }>;
    };
    /** On-demand refresh (`POST .../refresh`, the Security tab's "Check now"). */
    refresh?: {
      /**
       * After a refresh of an entity, further ones within this time are answered 429 with
       * Retry-After instead of re-asking Vault and Rekor; refreshes while one runs share it.
       * Per backend instance. A duration such as `{ seconds: 30 }` or `PT30S`; 0 disables it.
       * @default { seconds: 30 }
       */
      minInterval?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
    };
  };
}
