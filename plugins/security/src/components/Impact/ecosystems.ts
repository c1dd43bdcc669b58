/**
 * The purl types a package search offers, with the names people know them by. The backend
 * takes any purl type; these are the ones the example reports and common scanners produce.
 */
export const ECOSYSTEMS: ReadonlyArray<readonly [string, string]> = [
  ['', 'Any ecosystem'],
  ['npm', 'npm'],
  ['pypi', 'PyPI'],
  ['golang', 'Go'],
  ['cargo', 'Cargo'],
  ['maven', 'Maven'],
  ['nuget', 'NuGet'],
  ['gem', 'RubyGems'],
  ['composer', 'Composer'],
  ['deb', 'Debian (deb)'],
  ['rpm', 'RPM'],
  ['apk', 'Alpine (apk)'],
];

/** The offered ecosystems, plus one from a shared link that the list does not have. */
export function ecosystemOptions(
  current: string,
): ReadonlyArray<readonly [string, string]> {
  if (ECOSYSTEMS.some(([value]) => value === current)) {
    return ECOSYSTEMS;
  }
  return [...ECOSYSTEMS, [current, current]];
}
