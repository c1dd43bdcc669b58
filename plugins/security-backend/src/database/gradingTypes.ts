import type {
  ActiveExemption,
  ExploitSignal,
  FixableFinding,
  PostureSource,
} from '@posture/backstage-plugin-security-common';

// The shapes grading reads, apart from the code that loads them (gradingInputs.ts), so the
// store's interface (PostureStore.ts) names them without importing that code, which itself
// needs the store's section types.

/** What the catalog said about an entity at the last regrade. */
export interface EntityFacts {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title: string;
  ownerRef: string | null;
  systemRef: string | null;
  domainRef: string | null;
  lifecycle: string | null;
  /** The `posture.dev/policy` annotation's value, if any. */
  policy: string | null;
  /** The sources the entity's annotations make applicable. */
  sources: PostureSource[];
  tags: string[];
}

/** Everything besides its summary sections that an entity's grade depends on. */
export interface GradingInputs {
  /** Null until the first regrade recorded the entity from the catalog. */
  facts: EntityFacts | null;
  fixableFindings: FixableFinding[];
  exemptions: ActiveExemption[];
  /** Open findings that are known exploited or at least `epssFloor` likely to be. */
  exploitSignals: ExploitSignal[];
}
