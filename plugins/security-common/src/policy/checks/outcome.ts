import type { CheckResult, PostureReason, PolicyCheckId } from '../../types';
import type {
  ActiveExemption,
  CheckPolicy,
  ExploitSignal,
  FixableFinding,
  GradingSections,
} from '../types';

/** What one check reads: its own settings, the sections, and what may exempt single findings. */
export interface CheckContext {
  settings: CheckPolicy;
  sections: GradingSections;
  fixableFindings: FixableFinding[];
  /** Open findings that are known exploited or have an EPSS score. */
  exploitSignals: ExploitSignal[];
  /** Unexpired exemptions of single findings under this check. */
  findingExemptions: ActiveExemption[];
  now: Date;
}

/** A check's verdict before check exemptions, weights and the gate are applied. */
export interface CheckOutcome {
  status: 'pass' | 'fail' | 'missing' | 'exempt';
  message: string;
  fix: string | null;
  target?: CheckResult['target'];
  /** For `target: findings`: the findings filter that lists exactly the rows counted. */
  filter?: CheckResult['filter'];
  /** For `exempt` from finding exemptions: the one whose expiry ends the cover first. */
  exemption?: CheckResult['exemption'];
  /** Said beside the verdict whatever it is: data that is the last known state. */
  notes?: PostureReason[];
}

export type CheckEvaluator = (context: CheckContext) => CheckOutcome;

/** Which checks' data comes from sources that apply only to some entities. */
export const CHECK_SOURCE: Partial<
  Record<PolicyCheckId, 'signature' | 'secrets'>
> = {
  signature: 'signature',
  'secret-age': 'secrets',
};

/** Said when there is no scan, by every check that reads one. */
export const UPLOAD_SCAN_FIX =
  'Upload a Trivy report from CI: run `trivy image --format json` on every build and POST it to /api/security/v1/reports.';
