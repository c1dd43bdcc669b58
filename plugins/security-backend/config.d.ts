import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

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
       * Counted across replicas (the last refresh of each entity is kept in the database): a
       * refresh on another replica within this time, or while one runs, is refused too. A
       * duration such as `{ seconds: 30 }` or `PT30S`; 0 disables it (then refreshes are
       * only shared within one replica).
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
    /**
     * Grading policies: which checks an entity is graded on, their weights, and which ones fail
     * the CI gate. An entity picks one with the `posture.dev/policy` annotation. Absent: the
     * built-in `standard` and `internet-facing` policies (docs/grading.md). A bad value stops
     * the backend with a message naming the key. (`secrets` is the Vault module's.)
     * @visibility backend
     */
    policy?: {
      /** The policy of an entity that names none. @default standard */
      default?: string;
      /** The longest exemption anyone may ask for, in days. @default 90 */
      maxExemptionDays?: number;
      /** Daily posture history older than this many days is deleted. @default 400 */
      historyRetentionDays?: number;
      /**
       * An open finding whose EPSS score is at least this (above 0, at most 1) counts as high
       * EPSS in the posture summary and the scorecards, and is the default `minEpss` of every
       * `exploit-likelihood` check. @default 0.5
       */
      highEpss?: number;
      /**
       * When the `security-regrade` task runs: it records catalog facts, regrades every entity
       * (scan and secret ages move with time), and snapshots the day's history. It also runs
       * at start-up when this policy changed since its last run.
       * @default { frequency: { hours: 24 }, timeout: { minutes: 30 }, initialDelay: { minutes: 1 } }
       */
      regradeSchedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * Named policies; when present they replace the built-in ones. A check a policy does not
       * name is not graded under it.
       */
      policies?: {
        [name: string]: {
          /** What people see; the name by default. */
          title?: string;
          checks: {
            /** No open finding in CISA's Known Exploited Vulnerabilities catalog. */
            'known-exploited'?: {
              /** Points the check is worth; the score is the share of points passed. */
              weight: number;
              /** Whether the CI gate fails when the check fails or lacks data. @default false */
              gate?: boolean;
              /** Count only KEV findings that have a fixed version. @default true */
              fixableOnly?: boolean;
            };
            /** No open finding with an EPSS score at or above `minEpss`. */
            'exploit-likelihood'?: {
              /** Points the check is worth; the score is the share of points passed. */
              weight: number;
              /** Whether the CI gate fails when the check fails or lacks data. @default false */
              gate?: boolean;
              /** Above 0, at most 1. @default security.policy.highEpss */
              minEpss?: number;
            };
            /** No open finding of `severities` that has a fixed version. */
            'fixable-vulnerabilities'?: {
              /** Points the check is worth; the score is the share of points passed. */
              weight: number;
              /** Whether the CI gate fails when the check fails or lacks data. @default false */
              gate?: boolean;
              /** @default ['critical', 'high'] */
              severities?: Array<
                'critical' | 'high' | 'medium' | 'low' | 'unknown'
              >;
            };
            /** The newest scan is at most `maxAgeDays` old. */
            'scan-age'?: {
              /** Points the check is worth; the score is the share of points passed. */
              weight: number;
              /** Whether the CI gate fails when the check fails or lacks data. @default false */
              gate?: boolean;
              /** @default 30 */
              maxAgeDays?: number;
            };
            /** An SBOM has been uploaded. */
            sbom?: {
              /** Points the check is worth; the score is the share of points passed. */
              weight: number;
              /** Whether the CI gate fails when the check fails or lacks data. @default false */
              gate?: boolean;
            };
            /** The current image's signature is verified (applies to entities with an image). */
            signature?: {
              /** Points the check is worth; the score is the share of points passed. */
              weight: number;
              /** Whether the CI gate fails when the check fails or lacks data. @default false */
              gate?: boolean;
            };
            /** No secret past its maximum age (applies to entities with Vault secrets). */
            'secret-age'?: {
              /** Points the check is worth; the score is the share of points passed. */
              weight: number;
              /** Whether the CI gate fails when the check fails or lacks data. @default false */
              gate?: boolean;
            };
          };
        };
      };
    };
    /** Exemptions of policy checks and findings (`/v1/exemptions`). */
    exemptions?: {
      /**
       * How often approved exemptions past their expiry are marked expired and their entities
       * regraded (reads and grading ignore them from the moment they expire anyway). A
       * duration such as `{ minutes: 5 }` or `PT5M`.
       * @default { minutes: 5 }
       */
      expiryFrequency?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
    };
    /**
     * Self-service secret requests (`/v1/secret-requests`). Provisioning needs a provisioner
     * module (the Vault module with `security.vault.provisioner`); without one, approvals
     * answer 503 and requests wait.
     */
    secretRequests?: {
      /**
       * How long a request may wait for a decision before it expires. A duration such as
       * `{ days: 7 }` or `P7D`.
       * @default { days: 7 }
       */
      pendingTtl?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /**
       * How often undecided requests past their expiry are marked expired (reads and
       * decisions treat them as expired from that moment anyway).
       * @default { minutes: 15 }
       */
      expiryFrequency?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /**
       * Entity refs (groups or users; a bare name is a group) told of every new request,
       * besides the service's owner. Who may approve is the permission policy's
       * `security.secret-request.approve`, not this list.
       */
      approvers?: string[];
      /**
       * How long one provisioning attempt may take (the provisioner's calls to Vault
       * included) before it is abandoned as failed, for an approver to retry.
       * @default { minutes: 2 }
       */
      provisionTimeout?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /**
       * An approved request whose provisioning attempt started longer ago than this and never
       * finished was cut short (its replica died or stopped): a scheduled pass on any replica
       * resumes it, and an approver may retry it. At least 10 seconds longer than
       * `provisionTimeout`, so an attempt still running is never started twice.
       * @default { minutes: 15 }
       */
      resumeAfter?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /**
       * How often a replica (one at a time) looks for abandoned provisioning to resume.
       * @default { minutes: 1 }
       */
      resumeFrequency?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
    };
    /** Campaigns (saved impact queries with a deadline). */
    campaigns?: {
      /**
       * The pass that recomputes every active campaign and sends due notices (one replica at
       * a time): a full task schedule (`frequency`, `timeout`, optional `initialDelay`).
       * Campaigns are also recomputed for an entity whenever its reports change.
       * @default { frequency: { hours: 24 }, timeout: { minutes: 30 }, initialDelay: { minutes: 2 } }
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Background work requests start without waiting for it (a new image's signature check, a
     * provisioned secret's check, campaign recomputation after an upload, notices), kept in
     * the database so that another replica finishes what a replica that died had started.
     */
    workQueue?: {
      /**
       * How often each replica looks for queued work nobody is running (queued by a replica
       * that died, or failed and due again).
       * @default { seconds: 10 }
       */
      sweepFrequency?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
      /**
       * How long a replica's claim on an item lasts without renewal; a running item is renewed
       * every third of this, and one whose replica died is taken over once it runs out. At
       * least 3 seconds.
       * @default { seconds: 60 }
       */
      lease?:
        | string
        | {
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          };
    };
    /** Settings for the demo only; never set them in production. */
    demo?: {
      /**
       * DEMO ONLY, SYNTHETIC DATA: after each regrade, entities with no history before today
       * get this many invented past days (an improving trajectory ending at today's grade), so
       * trend charts show movement on a fresh demo. 1 to 400.
       */
      backfillHistoryDays?: number;
      /**
       * DEMO ONLY: example exemptions written at start-up as if `requester` had asked (and
       * `approver`, when given, approved), skipping any already open, so the Security tab shows
       * a request to decide. No membership or finding checks are made.
       */
      exemptions?: Array<{
        entityRef: string;
        check:
          | 'fixable-vulnerabilities'
          | 'scan-age'
          | 'sbom'
          | 'signature'
          | 'secret-age';
        /** A vulnerability id, with check fixable-vulnerabilities only. */
        findingId?: string;
        justification: string;
        requester: string;
        approver?: string;
        /** Days from start-up until it expires. */
        expiresInDays: number;
      }>;
      /**
       * DEMO ONLY: example campaigns started at start-up by the plugin itself, checked and
       * announced to owners like one a platform user starts; a campaign whose title any
       * campaign already has is skipped, so restarts start nothing again.
       */
      campaigns?: Array<{
        /** 3 to 200 characters; what identifies the demo campaign across restarts. */
        title: string;
        note?: string;
        /** Days from the first start-up until the deadline, 1 to 3650; 30 by default. */
        deadlineInDays?: number;
        /** Exactly one of vulnerability, package (with ecosystem and version), purl or image. */
        query: {
          vulnerability?: string;
          package?: string;
          ecosystem?: string;
          version?: string;
          purl?: string;
          image?: string;
        };
      }>;
    };
  };
}
