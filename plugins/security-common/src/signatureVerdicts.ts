import type { SignatureItem, SignatureStatus, SignatureSummary } from './types';

/**
 * A source's verdict for one image digest, over every log entry or bundle it judged:
 * `verified` when at least one verified. `unknown` means the digest could not be checked
 * this time (the backend then keeps an earlier verdict, marked stale). The stored item adds
 * when it was checked, whether it is stale, and which source reached it.
 * @public
 */
export type SignatureObservation = Omit<
  SignatureItem,
  'checkedAt' | 'stale' | 'error' | 'source'
>;

/** A verdict with no signature material behind it: nothing signed, or nothing known. @public */
export function verdictWithoutSignature(
  digest: string,
  status: 'unsigned' | 'unknown',
  reason: string,
  entries = 0,
): SignatureObservation {
  return {
    digest,
    status,
    reason,
    signer: null,
    logIndex: null,
    logUrl: null,
    integratedTime: null,
    kind: null,
    predicateType: null,
    entries,
  };
}

/**
 * Best first: one verified signature is enough, whatever else was found beside it; then the
 * most telling failure.
 * @public
 */
export const SIGNATURE_STATUS_RANK: readonly SignatureStatus[] = [
  'verified',
  'unexpected-signer',
  'invalid',
  'unsigned',
  'unknown',
];

/** Negative when `a` is the better verdict. @public */
export function compareSignatureStatus(
  a: SignatureStatus,
  b: SignatureStatus,
): number {
  return SIGNATURE_STATUS_RANK.indexOf(a) - SIGNATURE_STATUS_RANK.indexOf(b);
}

/**
 * Whether an uploaded verdict replaces the one already kept for its digest: only when it is at
 * least as good, so a broken or foreign bundle uploaded later cannot demote a verified image.
 * @public
 */
export function uploadedVerdictWins(
  uploaded: SignatureObservation,
  kept: SignatureItem | undefined,
): boolean {
  return !kept || compareSignatureStatus(uploaded.status, kept.status) <= 0;
}

/** A fresh stored verdict from a source's observation. @public */
export function verdictFromObservation(
  observation: SignatureObservation,
  source: string,
  checkedAt: string,
): SignatureItem {
  return {
    ...observation,
    source,
    checkedAt,
    stale: false,
    error: null,
  };
}

/**
 * A source's pass over an entity: its verdicts replace its earlier ones. A digest it could not
 * check this time (`unknown`) keeps an earlier real verdict, marked stale with the reason.
 * @public
 */
export function nextSourceVerdicts(options: {
  previous: readonly SignatureItem[];
  observations: readonly SignatureObservation[];
  source: string;
  at: string;
}): SignatureItem[] {
  const known = new Map(options.previous.map(v => [v.digest, v]));
  const next = new Map<string, SignatureItem>();
  for (const observation of options.observations) {
    const earlier = known.get(observation.digest);
    next.set(
      observation.digest,
      observation.status === 'unknown' &&
        earlier &&
        earlier.status !== 'unknown'
        ? { ...earlier, stale: true, error: observation.reason }
        : verdictFromObservation(observation, options.source, options.at),
    );
  }
  return [...next.values()];
}

/**
 * The source could not be read for the entity: its verdicts stay, marked stale with the
 * error, and the current digest, if it never judged it, gets an `unknown` verdict so the tab
 * says why nothing is known.
 * @public
 */
export function staleSourceVerdicts(options: {
  previous: readonly SignatureItem[];
  currentDigest: string | undefined;
  source: string;
  error: string;
  at: string;
}): SignatureItem[] {
  const { previous, currentDigest, source, error, at } = options;
  const stale = previous.map(v => ({ ...v, stale: true, error }));
  if (currentDigest && !previous.some(v => v.digest === currentDigest)) {
    stale.push({
      ...verdictFromObservation(
        verdictWithoutSignature(currentDigest, 'unknown', error),
        source,
        at,
      ),
      error,
    });
  }
  return stale;
}

/** The `source` of verdicts reached from uploaded bundles. @public */
export const UPLOADED_VERDICT_SOURCE = 'upload';

/**
 * The verdict for the image the entity runs now: its newest report's digest, the best verdict
 * any source reached for it. A new digest nobody checked yet is `unknown`, not the old image's
 * verdict. An uploaded verdict for a digest no current report names (a bundle sent with any
 * `?digest=`) stays stored as evidence but is ignored here: whoever can upload a bundle must
 * not pick the image the entity is graded on. Pull sources only judge digests reports named,
 * so theirs still say that an earlier image was checked. Without a report naming a digest,
 * there is no signature summary.
 * @param allVerdicts - every stored verdict of the entity, newest check first
 * @param reportDigests - digests of the entity's current reports, newest first
 * @public
 */
export function summarizeSignatureVerdicts(
  allVerdicts: readonly SignatureItem[],
  reportDigests: readonly string[],
): SignatureSummary | null {
  const current = reportDigests[0];
  const verdicts = allVerdicts.filter(
    v =>
      v.source !== UPLOADED_VERDICT_SOURCE || reportDigests.includes(v.digest),
  );
  if (!verdicts.length || !current) {
    return null;
  }
  const forDigest = verdicts.filter(v => v.digest === current);
  if (!forDigest.length) {
    return {
      status: 'unknown',
      signer: null,
      checkedAt: null,
      stale: false,
      digest: current,
      reason: 'this image digest has not been checked yet',
      logIndex: null,
      logUrl: null,
      integratedTime: null,
    };
  }
  const best = forDigest.reduce((a, b) =>
    compareSignatureStatus(b.status, a.status) < 0 ? b : a,
  );
  return {
    status: best.status,
    signer: best.signer,
    checkedAt: forDigest[0].checkedAt,
    stale: best.stale,
    digest: current,
    reason: best.reason ?? (best.stale ? best.error : null),
    logIndex: best.logIndex,
    logUrl: best.logUrl,
    integratedTime: best.integratedTime,
  };
}
