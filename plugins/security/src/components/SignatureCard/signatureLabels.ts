import type { SignatureItem } from '@posture/backstage-plugin-security-common';

/** Known sources by name; others (future pull sources) by their id. */
const SOURCE_LABELS: Record<string, string> = {
  upload: 'Uploaded bundle',
  rekor: 'Rekor',
};

export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}

/** "Attestation (https://slsa.dev/provenance/v1)", "Signature", or null when unknown. */
export function kindLabel(
  item: Pick<SignatureItem, 'kind' | 'predicateType'>,
): string | null {
  if (item.kind === 'attestation') {
    return item.predicateType
      ? `Attestation (${item.predicateType})`
      : 'Attestation';
  }
  return item.kind === 'signature' ? 'Signature' : null;
}
