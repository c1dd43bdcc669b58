import type {
  EntityPosture,
  Grade,
  PostureReason,
  SbomSummary,
  SecretsSummary,
  SignatureSummary,
  VulnerabilitySummary,
} from '@posture/backstage-plugin-security-common';

/** The stored sections of an entity's posture, each null until a source reported it. */
export interface PostureSections {
  vulnerabilities: VulnerabilitySummary | null;
  sbom: SbomSummary | null;
  signature: SignatureSummary | null;
  secrets: SecretsSummary | null;
}

/** A summary row as written: sections plus the grade computed from them. */
export interface PostureSummaryWrite extends PostureSections {
  grade: Grade | null;
  score: number | null;
  reasons: PostureReason[];
}

/**
 * Persistence for Posture. Only `database/` talks to knex; everything else goes through this.
 */
export interface PostureStore {
  /** The entity's summary, or undefined when nothing was ever stored for it. */
  getPosture(entityRef: string): Promise<EntityPosture | undefined>;
  /** Replace the entity's summary row in one statement. */
  putPosture(entityRef: string, summary: PostureSummaryWrite): Promise<void>;
}
