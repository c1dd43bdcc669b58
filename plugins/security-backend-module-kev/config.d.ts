export interface Config {
  security?: {
    /**
     * CISA's Known Exploited Vulnerabilities catalog (KEV): findings whose CVE it lists get
     * the known-exploited mark. Set exactly one of `url` and `file`. Without this section the
     * module loads nothing.
     */
    kev?: {
      /**
       * The catalog's address, e.g.
       * `https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json`.
       */
      url?: string;
      /**
       * A local copy of the catalog, for air-gapped installs and the demo; read again at each
       * run, so replacing the file is enough. A relative path resolves against the backend's
       * working directory. The file must exist at start-up.
       */
      file?: string;
      /**
       * How long one HTTP attempt may take, body included, in milliseconds.
       * @default 30000
       */
      timeoutMs?: number;
      /**
       * Further HTTP attempts after a 429, 5xx, timeout or network error.
       * @default 3
       */
      retries?: number;
      /**
       * How often the catalog is loaded: a duration such as `{ hours: 12 }`, or a full task
       * schedule (`frequency`, `timeout`, `initialDelay`).
       * @default { frequency: { hours: 24 }, timeout: { minutes: 30 }, initialDelay: { seconds: 15 } }
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
    };
  };
}
