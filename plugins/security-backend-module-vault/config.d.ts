export interface Config {
  security?: {
    /**
     * HashiCorp Vault, read for secret metadata only (never values). Without `baseUrl` the
     * vault module registers nothing.
     */
    vault?: {
      /** Vault's API address, e.g. `https://vault.example.com:8200` (without `/v1`). */
      baseUrl: string;
      /**
       * Vault's UI address, for links from the Security tab; defaults to `baseUrl`.
       * @visibility frontend
       */
      publicUrl?: string;
      /**
       * Vault Enterprise / HCP namespace, sent as `X-Vault-Namespace`; the Security tab adds it
       * to its Vault UI links.
       * @visibility frontend
       */
      namespace?: string;
      /** How Posture authenticates to Vault. */
      auth:
        | {
            method: 'token';
            /**
             * A periodic or long-lived token; looked up at start-up and renewed when renewable.
             * @visibility secret
             */
            token: string;
          }
        | {
            method: 'kubernetes';
            /** The Vault role bound to the backend's service account. */
            role: string;
            /** @default kubernetes */
            mountPath?: string;
            /** @default /var/run/secrets/kubernetes.io/serviceaccount/token */
            tokenPath?: string;
          }
        | {
            method: 'approle';
            roleId: string;
            /** @visibility secret */
            secretId: string;
            /** @default approle */
            mountPath?: string;
          };
      /**
       * KV v2 mount read when an entity has no `vault.io/secrets-engine` annotation.
       * @default secret
       */
      kvMount?: string;
      /**
       * Database secrets engine mount holding the `posture.dev/vault-static-roles` roles.
       * @default database
       */
      databaseMount?: string;
      /**
       * Requests in flight at once, across all entities.
       * @default 4
       */
      concurrency?: number;
      /**
       * Requests started per second, across all entities.
       * @default 20
       */
      requestsPerSecond?: number;
      /**
       * How long one request may take, in milliseconds.
       * @default 10000
       */
      timeoutMs?: number;
      /**
       * Further attempts after a 412, 429, 5xx, timeout or network error.
       * @default 3
       */
      retries?: number;
      /** Path of a PEM file of CA certificates that Vault's TLS certificate chains to. */
      tlsCa?: string;
      /**
       * How often every annotated entity is re-read: a duration such as `{ minutes: 30 }`, or
       * a full task schedule (`frequency`, `timeout`, `initialDelay`).
       * @default { minutes: 30 }
       */
      schedule?:
        | {
            years?: number;
            months?: number;
            weeks?: number;
            days?: number;
            hours?: number;
            minutes?: number;
            seconds?: number;
            milliseconds?: number;
          }
        | {
            frequency: { [unit: string]: number } | { cron: string } | string;
            timeout?: { [unit: string]: number } | string;
            initialDelay?: { [unit: string]: number } | string;
          };
      /**
       * Creates the secrets of approved secret requests, with a Vault identity of its own
       * (never the metadata reader's). Without it, approved requests cannot be provisioned.
       */
      provisioner?: {
        /** Same shapes as `security.vault.auth`; must be a different identity. */
        auth:
          | {
              method: 'token';
              /** @visibility secret */
              token: string;
            }
          | {
              method: 'kubernetes';
              role: string;
              /** @default kubernetes */
              mountPath?: string;
              /** @default /var/run/secrets/kubernetes.io/serviceaccount/token */
              tokenPath?: string;
            }
          | {
              method: 'approle';
              roleId: string;
              /** @visibility secret */
              secretId: string;
              /** @default approle */
              mountPath?: string;
            };
        /** The only mounts it writes to: the KV v2 mount and, for database roles, the database mount. */
        mounts: string[];
        /** KV folders (within `kvMount`) secrets may be created under, e.g. `default/`. */
        pathPrefixes: string[];
        /**
         * KV v2 mount of new secrets; one of `mounts`.
         * @default security.vault.kvMount
         */
        kvMount?: string;
        /**
         * Database secrets engine mount of new static roles.
         * @default security.vault.databaseMount
         */
        databaseMount?: string;
        /** The database connection (`db_name`) of new static roles; without it database roles are refused. */
        databaseName?: string;
        /**
         * Prefix of the read policies it writes; grant it `sys/policies/acl/<prefix>*` only.
         * @default posture-secret-
         */
        policyPrefix?: string;
        /**
         * `max_versions` of each new KV secret.
         * @default 10
         */
        maxVersions?: number;
      };
    };
    /** Posture grading policy. */
    policy?: {
      secrets?: {
        /**
         * Days a secret value may live when its metadata names no `max_age` or
         * `rotation_period`.
         * @default 90
         */
        maxAgeDays?: number;
      };
    };
  };
}
