import { failureCategory } from './failureCategory';

describe('failureCategory', () => {
  it.each([
    [
      'CERTIFICATE_ERROR',
      'certificate is not valid or expired at the specified date',
      'expired certificate',
    ],
    [
      'CERTIFICATE_ERROR',
      'Failed to verify certificate chain (no valid certificate path found)',
      'untrusted certificate',
    ],
    ['CERTIFICATE_ERROR', 'SCT verification failed', 'untrusted certificate'],
    [
      'TLOG_INCLUSION_PROOF_ERROR',
      'calculated root hash does not match inclusion proof',
      'bad log proof',
    ],
    [
      'TLOG_INCLUSION_PROMISE_ERROR',
      'inclusion promise could not be verified',
      'bad log proof',
    ],
    [
      'TLOG_BODY_ERROR',
      'DSSE payload hash mismatch',
      'log entry does not match the signed content',
    ],
    ['SIGNATURE_ERROR', 'signature verification failed', 'bad signature'],
    ['TIMESTAMP_ERROR', 'timestamp could not be verified', 'bad timestamp'],
    ['SOMETHING_NEW', 'future code', 'cannot be verified'],
  ])('names %s (%s) as %s', (code, message, category) => {
    expect(failureCategory(code, message)).toBe(category);
  });
});
