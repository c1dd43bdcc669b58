/**
 * The verifier's error codes in the words the Security tab uses: what kind of problem, before
 * the technical detail. Only a category is added; the code and message stay in the reason.
 */
export function failureCategory(code: string, message: string): string {
  switch (code) {
    case 'CERTIFICATE_ERROR':
      return /expired|not valid .*date/i.test(message)
        ? 'expired certificate'
        : 'untrusted certificate';
    case 'TLOG_ERROR':
    case 'TLOG_INCLUSION_PROOF_ERROR':
    case 'TLOG_INCLUSION_PROMISE_ERROR':
    case 'TLOG_MISSING_INCLUSION_ERROR':
      return 'bad log proof';
    case 'TLOG_BODY_ERROR':
      return 'log entry does not match the signed content';
    case 'SIGNATURE_ERROR':
    case 'PUBLIC_KEY_ERROR':
      return 'bad signature';
    case 'TIMESTAMP_ERROR':
      return 'bad timestamp';
    case 'UNTRUSTED_SIGNER_ERROR':
      return 'unexpected signer';
    default:
      return 'cannot be verified';
  }
}
