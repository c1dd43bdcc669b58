import type { VulnerabilityItem } from '@posture/backstage-plugin-security-common';

/**
 * "Upgrade openssl to 3.0.15, musl to 1.1.20-r5 and 2 more packages." One entry per package,
 * at the highest fixed version any of its findings needs (versions compared as text, which
 * is only a tie-break between the findings' own answers).
 */
export function packagesToUpgrade(
  findings: VulnerabilityItem[],
  named: number,
  moreExist: boolean,
): string | undefined {
  const targets = new Map<string, string>();
  for (const finding of findings) {
    if (!finding.fixedVersion) {
      continue;
    }
    const known = targets.get(finding.packageName);
    if (
      known === undefined ||
      known.localeCompare(finding.fixedVersion, undefined, { numeric: true }) <
        0
    ) {
      targets.set(finding.packageName, finding.fixedVersion);
    }
  }
  if (targets.size === 0) {
    return undefined;
  }
  const all = [...targets].map(([name, version]) => `${name} to ${version}`);
  const shown = all.slice(0, named);
  const rest = all.length - shown.length;
  let more = '';
  if (moreExist) {
    more = ' and more';
  } else if (rest > 0) {
    more = ` and ${rest} more package${rest === 1 ? '' : 's'}`;
  }
  const list =
    shown.length > 1 && !more
      ? `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`
      : shown.join(', ');
  return `Upgrade ${list}${more}.`;
}
