export interface Config {
  security?: {
    /**
     * FIRST's Exploit Prediction Scoring System (EPSS): the daily file of scores, one per
     * CVE, that findings show as their exploit likelihood. Set exactly one of `url` and
     * `file`. Without this section the module loads nothing.
     */
    epss?: {
      /**
       * The daily file's address (gzipped CSV), e.g.
       * `https://epss.empiricalsecurity.com/epss_scores-current.csv.gz`.
       */
      url?: string;
      /**
       * A local copy of the daily file (`.csv.gz` or plain `.csv`), for air-gapped installs and
       * the demo; read again at each run, so replacing the file is enough. A relative path
       * resolves against the backend's working directory. The file must exist at start-up.
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
       * How often the scores are loaded: a duration such as `{ hours: 12 }`, or a full task
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
