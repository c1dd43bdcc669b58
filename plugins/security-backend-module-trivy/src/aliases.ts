/**
 * The other ids a report gives a vulnerability (Trivy's `VendorIDs`, CycloneDX
 * `references[].id`), for the impact query and the KEV/EPSS join: strings only, trimmed,
 * each once (case-insensitively), without the finding's own id. Anything else in the list is
 * skipped: an alias is extra knowledge, never a reason to refuse a report.
 * @internal
 */
export function aliasesOf(
  id: string,
  candidates: readonly unknown[],
): string[] {
  const seen = new Set([id.trim().toUpperCase()]);
  const aliases: string[] = [];
  for (const candidate of candidates) {
    if (typeof candidate !== 'string') continue;
    const alias = candidate.trim();
    const key = alias.toUpperCase();
    if (alias && !seen.has(key)) {
      seen.add(key);
      aliases.push(alias);
    }
  }
  return aliases;
}

/** `{ aliases }` when there are any, else nothing: findings without aliases keep their shape. */
export function withAliases(
  id: string,
  candidates: readonly unknown[] | null | undefined,
): { aliases?: string[] } {
  const aliases = aliasesOf(id, candidates ?? []);
  return aliases.length > 0 ? { aliases } : {};
}
