import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { SignatureStatus } from '@posture/backstage-plugin-security-common';
import { SignatureStatusLabel } from './SignatureStatusLabel';

describe('SignatureStatusLabel', () => {
  it.each<[SignatureStatus, string]>([
    ['verified', 'Verified'],
    ['unsigned', 'Unsigned'],
    ['invalid', 'Invalid signature'],
    ['unexpected-signer', 'Signed by an unexpected identity'],
    ['unknown', 'Unknown'],
  ])(
    'says %s in words screen readers read, not by colour alone',
    async (status, words) => {
      await renderInTestApp(<SignatureStatusLabel status={status} />);
      // Backstage's status labels hide their words from the accessibility tree.
      expect(
        screen.getByText(words).closest('[aria-hidden="true"]'),
      ).toBeNull();
    },
  );
});
