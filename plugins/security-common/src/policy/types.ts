import type {
  CheckResult,
  Grade,
  PolicyCheckId,
  PostureReason,
  PostureSource,
  SbomSummary,
  SecretsSummary,
  Severity,
  SignatureSummary,
  VulnerabilitySummary,
} from '../types';

/**
 * How one check counts under a policy: its weight in the score, whether the CI gate fails on
 * it, and its parameters (`severities` for `fixable-vulnerabilities`, `maxAgeDays` for
 * `scan-age`).
 * @public
 */
export interface CheckPolicy {
  weight: number;
  gate: boolean;
  severities?: Severity[];
  maxAgeDays?: number;
  /**
   * `known-exploited`: when true (the default), only KEV findings that have a fix fail the
   * check; when false, every open KEV finding does.
   */
  fixableOnly?: boolean;
  /** `exploit-likelihood`: an open finding with an EPSS score at or above this fails (0..1). */
  minEpss?: number;
}

/** A named set of checks; a check it does not name is not graded. @public */
export interface Policy {
  name: string;
  title: string;
  checks: Partial<Record<PolicyCheckId, CheckPolicy>>;
}

/** `security.policy`, read and checked. @public */
export interface PolicySet {
  /** The policy of an entity that names none. */
  defaultPolicy: string;
  policies: Record<string, Policy>;
  /** The longest exemption anyone may ask for. */
  maxExemptionDays: number;
  /** Daily history snapshots older than this are deleted. */
  historyRetentionDays: number;
  /**
   * The EPSS score (0..1) at or above which a finding counts as high EPSS in summaries and
   * scorecards, and the default `minEpss` of the `exploit-likelihood` check. Default 0.5.
   */
  highEpss: number;
}

/**
 * An open finding (no VEX statement clears it) that is known exploited or has an EPSS score:
 * what the `known-exploited` and `exploit-likelihood` checks read.
 * @public
 */
export interface ExploitSignal {
  /** The vulnerability id as reported, e.g. CVE-2021-44228: what a finding exemption names. */
  id: string;
  severity: Severity;
  packageName: string;
  installedVersion: string | null;
  /** Null when no fix exists. */
  fixedVersion: string | null;
  /** In CISA's KEV catalog. */
  kev: boolean;
  /** EPSS probability 0..1, null when the CVE has no score. */
  epss: number | null;
  /** The CVE KEV and EPSS matched (the id, or the CVE alias of a GHSA or distro advisory). */
  cveId?: string | null;
  /** YYYY-MM-DD the CVE was added to the KEV catalog, when `kev`. */
  kevDateAdded?: string | null;
}

/** An open finding of the entity that has a fixed version. @public */
export interface FixableFinding {
  /** The vulnerability id, e.g. CVE-2024-1234: what a finding exemption names. */
  id: string;
  severity: Severity;
  packageName: string;
  fixedVersion: string;
}

/** An approved exemption of one check, or (with `findingId`) of one finding. @public */
export interface ActiveExemption {
  id: string;
  check: PolicyCheckId;
  findingId: string | null;
  expiresAt: string;
}

/** The summary sections a grade is computed from, each null until its source reported. @public */
export interface GradingSections {
  vulnerabilities: VulnerabilitySummary | null;
  sbom: SbomSummary | null;
  signature: SignatureSummary | null;
  secrets: SecretsSummary | null;
}

/** Everything {@link gradeWithPolicy} needs; nothing else is read. @public */
export interface PolicyGradingInput {
  policy: Policy;
  sections: GradingSections;
  /** From `applicableSources()`: scan and SBOM always apply. */
  applicable: PostureSource[];
  /** The entity's open findings that have a fixed version, of every severity. */
  fixableFindings: FixableFinding[];
  /** Approved exemptions; the grader ignores those expired at `now`. */
  exemptions: ActiveExemption[];
  /**
   * The entity's open findings that are known exploited or have an EPSS score, for the
   * `known-exploited` and `exploit-likelihood` checks; absent means none.
   */
  exploitSignals?: ExploitSignal[];
  now: Date;
  /**
   * The policy name the entity asked for when it names none that exists (`policyFor`'s
   * `unknownName`); the grade then says it used `policy` instead.
   */
  unknownName?: string | null;
}

/** An entity's grade under its policy. @public */
export interface PolicyGrade {
  grade: Grade | null;
  score: number | null;
  /**
   * One per check that fails or lacks data (with its fix, and where the tab shows it), plus
   * informational ones: a stale signature or secret state, an unknown policy name.
   */
  reasons: PostureReason[];
  /** The policy's checks that apply to the entity, in `POLICY_CHECKS` order. */
  checks: CheckResult[];
  /** The name of the policy graded with. */
  policy: string;
  /** The gate checks that fail or lack data; the gate passes with none. */
  gate: { pass: boolean; violations: CheckResult[] };
}
