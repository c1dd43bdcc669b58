import type { ActiveExemption } from '../types';

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
