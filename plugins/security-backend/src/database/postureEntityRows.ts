/**
 * A row of posture_entities: what the catalog said about a graded entity at the last regrade
 * (see EntityFacts), written by the regrade and read by grading and the scorecards.
 */
export interface PostureEntityRow {
  entity_ref: string;
  kind: string;
  namespace: string;
  name: string;
  title: string;
  owner_ref: string | null;
  system_ref: string | null;
  domain_ref: string | null;
  lifecycle: string | null;
  /** The `posture.dev/policy` annotation's value, if any. */
  policy: string | null;
  /** The applicable posture sources, comma-separated. */
  sources: string;
  /** Written as an ISO string; PostgreSQL reads it back as a Date. */
  seen_at: Date | string;
}
