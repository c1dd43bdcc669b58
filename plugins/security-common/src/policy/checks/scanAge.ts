import { DAY_MS, formatAgeDays } from '../formatAge';
import {
  UPLOAD_SCAN_FIX,
  type CheckContext,
  type CheckOutcome,
} from './outcome';

/** How old the newest scan may be when a policy names no `maxAgeDays`. @public */
export const DEFAULT_MAX_SCAN_AGE_DAYS = 30;

const days = (n: number | string) => `${n} day${String(n) === '1' ? '' : 's'}`;

/** The newest scan is at most `maxAgeDays` old at `now`: older ones no longer describe what runs. */
export function scanAge(context: CheckContext): CheckOutcome {
  const vulns = context.sections.vulnerabilities;
  if (!vulns) {
    return {
      status: 'missing',
      message: 'No vulnerability scan, so how recent it is is unknown',
      fix: UPLOAD_SCAN_FIX,
    };
  }
  const scannedAt = vulns.scannedAt ? Date.parse(vulns.scannedAt) : NaN;
  if (Number.isNaN(scannedAt)) {
    return {
      status: 'missing',
      message: 'The newest scan does not say when it ran',
      fix: 'Upload the report as Trivy writes it (its CreatedAt says when it ran), from CI on every build.',
    };
  }
  const maxAgeDays = context.settings.maxAgeDays ?? DEFAULT_MAX_SCAN_AGE_DAYS;
  // A CI clock running ahead makes a scan "from the future": it is as fresh as can be.
  const ageDays = Math.max(0, (context.now.getTime() - scannedAt) / DAY_MS);
  const age = formatAgeDays(ageDays);
  if (ageDays <= maxAgeDays) {
    return {
      status: 'pass',
      message: `The newest scan is ${days(age)} old, within ${days(
        maxAgeDays,
      )}`,
      fix: null,
    };
  }
  return {
    status: 'fail',
    message: `The newest scan is ${days(age)} old; scan at least every ${days(
      maxAgeDays,
    )}`,
    fix: `Scan in CI on every build (at least every ${days(
      maxAgeDays,
    )}) and upload the report: the newest scan is ${days(age)} old.`,
  };
}
