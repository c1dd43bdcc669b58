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
       * A directory of report files to ingest as if uploaded by CI: `<dir>/<component>/*.json`
       * belongs to `component:default/<component>`. Checked every 15 seconds for new files.
       * Relative paths are resolved from the backend's working directory.
       */
      seedDirectory?: string;
    };
  };
}
