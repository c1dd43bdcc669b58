import { expiryDate } from '../exemptions';
import type { ActiveExemption } from '../types';
import type { CheckOutcome } from './outcome';

const sameId = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();

/**
 * Which of the counted findings finding exemptions cover (by vulnerability id, any case), and
 * the cover that ends first: when every finding is covered, the check is exempt until then.
 */
export function findingCover<T extends { id: string }>(
  counted: readonly T[],
  findingExemptions: readonly ActiveExemption[],
): { open: T[]; firstExpiring: ActiveExemption | undefined } {
  const coverOf = (finding: T) =>
    findingExemptions.find(e => sameId(e.findingId ?? '', finding.id));
  const open = counted.filter(finding => !coverOf(finding));
  const covers = counted
    .map(coverOf)
    .filter((e): e is ActiveExemption => e !== undefined);
  const firstExpiring = covers.reduce<ActiveExemption | undefined>(
    (first, e) =>
      !first || Date.parse(e.expiresAt) < Date.parse(first.expiresAt)
        ? e
        : first,
    undefined,
  );
  return { open, firstExpiring };
}

/**
 * The verdict of a check that counts findings, once it counted some: exempt while finding
 * exemptions cover every one (until the first cover ends), else failing on the uncovered ones.
 */
export function countedFindingsOutcome<T extends { id: string }>(options: {
  counted: readonly T[];
  findingExemptions: readonly ActiveExemption[];
  /** Where the tab lists exactly the counted rows. */
  where: Pick<CheckOutcome, 'target' | 'filter'>;
  /** "3 critical or high vulnerabilities have a fix", for the given findings. */
  describe: (findings: readonly T[]) => string;
  /** What to do first about the given findings. */
  fixFor: (findings: readonly T[]) => string;
}): CheckOutcome {
  const { counted, where, describe, fixFor } = options;
  const { open, firstExpiring } = findingCover(
    counted,
    options.findingExemptions,
  );
  if (!open.length && firstExpiring) {
    return {
      status: 'exempt',
      message: `${describe(counted)}, ${
        counted.length === 1 ? 'exempted' : 'all exempted'
      } until ${expiryDate(firstExpiring)}`,
      fix: fixFor(counted),
      ...where,
      exemption: { id: firstExpiring.id, expiresAt: firstExpiring.expiresAt },
    };
  }
  const exempted = counted.length - open.length;
  return {
    status: 'fail',
    message: `${describe(open)}${
      exempted ? `; ${exempted} more exempted` : ''
    }`,
    fix: fixFor(open),
    ...where,
  };
}
