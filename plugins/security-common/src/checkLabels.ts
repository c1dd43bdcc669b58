/**
 * What people call each check; the ids are for machines (scorecards, exemptions, the gate).
 * @public
 */
export const CHECK_LABELS: Readonly<Record<string, string>> = {
  // The policy's checks (POLICY_CHECKS).
  'known-exploited': 'Known exploited',
  'exploit-likelihood': 'Exploit likelihood',
  'fixable-vulnerabilities': 'Fixable vulnerabilities',
  'scan-age': 'Recent scan',
  sbom: 'SBOM',
  signature: 'Signed image',
  'secret-age': 'Secret age',
  // Said beside them.
  'signature-stale': 'Transparency log unreadable',
  'secrets-stale': 'Vault unreadable',
  'policy-unknown': 'Unknown policy',
  // Reasons of summaries graded before policies, until the scheduled regrade replaces them.
  'critical-vulnerabilities': 'Critical vulnerabilities',
  'high-vulnerabilities': 'High vulnerabilities',
  'medium-vulnerabilities': 'Medium vulnerabilities',
  'scan-missing': 'No vulnerability scan',
  'signature-invalid': 'Invalid signature',
  'signature-signer': 'Unexpected signer',
  'signature-missing': 'Unsigned image',
  'signature-unknown': 'Signature not checked',
  'secret-rotation': 'Secret rotation',
};

/**
 * The label of a check; an id this version does not know (from a newer backend or a custom
 * grader) reads as words rather than as a kebab-case id.
 * @public
 */
export function checkLabel(check: string): string {
  const known = CHECK_LABELS[check];
  if (known) return known;
  const words = check
    .split(/[-_\s]+/)
    .filter(Boolean)
    .join(' ');
  return words ? words[0].toUpperCase() + words.slice(1) : check;
}
