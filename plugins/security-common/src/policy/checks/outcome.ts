import type {
  CheckResult,
  PostureReason,
  Severity,
  PolicyCheckId,
} from '../../types';
import type {
  ActiveExemption,
  CheckPolicy,
  FixableFinding,
  GradingSections,
} from '../types';

/** What one check reads: its own settings, the sections, and what may exempt single findings. */
export interface CheckContext {
  settings: CheckPolicy;
  sections: GradingSections;
  fixableFindings: FixableFinding[];
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
  filter?: { severity?: Severity[]; fixable?: boolean };
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
