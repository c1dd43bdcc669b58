export interface Config {
  techInsights?: {
    /**
     * Options of the Posture fact retriever (`posture-security-facts`). Its schedule is
     * Tech Insights' own: `techInsights.factRetrievers.posture-security-facts.cadence`.
     */
    posture?: {
      /**
       * Entity kinds to read Posture's grade for. Defaults to `security.reports.entityKinds`
       * (the kinds reports are uploaded to, `['Component']` unless configured).
       */
      kinds?: string[];
      /**
       * How many entities' postures are read from the security backend at once.
       * @default 5
       */
      concurrency?: number;
    };
  };
}
