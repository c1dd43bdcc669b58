import type { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  SignatureItem,
  SignatureSummary,
} from '@posture/backstage-plugin-security-common';
import { screen, within } from '@testing-library/react';
import { DateTime } from 'luxon';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import {
  componentEntity,
  signatureItem,
  signatureSummary,
} from '../../testing/fixtures';
import { SignatureCard } from './SignatureCard';

const payments = componentEntity('payments');
const digest =
  'sha256:4b825dc642cb6eb9a060e54bf8d69288fbee4904e2f4a5b3c1d0e9f8a7b6c5d4';
const signedAt = DateTime.now().minus({ days: 3 }).toISO()!;
const checkedAt = DateTime.now().minus({ hours: 1 }).toISO()!;

function listOf(...items: SignatureItem[]) {
  return async () => ({ items, totalCount: items.length });
}

function renderCard(
  options: {
    entity?: Entity;
    summary?: SignatureSummary | null;
    scannedDigest?: string | null;
    api?: Partial<SecurityApi>;
  } = {},
) {
  const summary =
    options.summary === undefined
      ? signatureSummary({ integratedTime: signedAt, checkedAt })
      : options.summary;
  return renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, fakeSecurityApi(options.api)]]}>
      <SignatureCard
        entity={options.entity ?? payments}
        summary={summary}
        scannedDigest={options.scannedDigest ?? null}
        onReload={async () => {}}
      />
    </TestApiProvider>,
  );
}

function card(): HTMLElement {
  return screen.getByTestId('signature-card');
}

/** The text of the labelled line, e.g. "Signed by: …". */
function line(label: string): string | null {
  return screen.getByText(`${label}:`).parentElement!.textContent;
}

describe('SignatureCard', () => {
  it('shows who signed the verified image, when, and where the log proves it', async () => {
    await renderCard();

    expect(card()).toHaveAttribute('data-status', 'verified');
    expect(within(card()).getByText('Signature')).toBeInTheDocument();
    expect(screen.getByText('Verified')).toBeInTheDocument();
    expect(card()).toHaveTextContent('Checked 1 hour ago');
    expect(line('Signed by')).toBe(
      'Signed by: https://github.com/acme/payments/.github/workflows/release.yml@refs/heads/main',
    );
    expect(line('Issuer')).toBe(
      'Issuer: https://token.actions.githubusercontent.com',
    );
    const date = DateTime.fromISO(signedAt).toLocaleString(DateTime.DATE_MED);
    expect(line('Signed')).toBe(`Signed: ${date} (3 days ago)`);
    expect(screen.getByText('sha256:4b82…c5d4')).toHaveAttribute(
      'title',
      digest,
    );
    const log = screen.getByRole('link', { name: /123456789/ });
    expect(log).toHaveAttribute(
      'href',
      'https://search.sigstore.dev/?logIndex=123456789',
    );
    expect(log).toHaveAttribute('target', '_blank');
    expect(screen.queryByTestId('signature-advice')).toBeNull();
    expect(screen.queryByTestId('signing-instructions')).toBeNull();
  });

  it('shows the log index as text when the source has no link for it', async () => {
    await renderCard({
      summary: signatureSummary({ logIndex: 42, logUrl: null }),
    });

    expect(line('Log index')).toBe('Log index: 42');
    expect(screen.queryByRole('link', { name: /42/ })).toBeNull();
  });

  it('shows how to sign an unsigned image, pinned to its digest', async () => {
    await renderCard({
      summary: signatureSummary({
        status: 'unsigned',
        reason: 'No signature or attestation for the digest in Rekor',
        signer: null,
        logIndex: null,
        logUrl: null,
        integratedTime: null,
      }),
    });

    expect(card()).toHaveAttribute('data-status', 'unsigned');
    expect(screen.getByText('Unsigned')).toBeInTheDocument();
    expect(screen.getByTestId('signature-reason')).toHaveTextContent(
      'No signature or attestation for the digest in Rekor',
    );
    const instructions = screen.getByTestId('signing-instructions');
    expect(instructions).toHaveTextContent(
      `cosign attest --yes --type slsaprovenance1 --predicate provenance.json ghcr.io/acme/payments@${digest}`,
    );
    expect(instructions).toHaveTextContent(
      `uses: actions/attest-build-provenance@v2`,
    );
    expect(instructions).toHaveTextContent(
      `subject-name: ghcr.io/acme/payments subject-digest: ${digest}`,
    );
    expect(instructions).toHaveTextContent(
      `curl -X POST "$BACKSTAGE_URL/api/security/v1/reports?entityRef=component:default/payments&digest=${digest}"`,
    );
    expect(instructions).toHaveTextContent(
      '--data-binary @"${{ steps.attest.outputs.bundle-path }}"',
    );
    expect(
      within(instructions).getAllByRole('button', { name: /copy/i }),
    ).toHaveLength(2);
  });

  it('uses placeholders for an unsigned verdict without digest or image', async () => {
    await renderCard({
      entity: componentEntity('ledger', { 'vault.io/secrets-path': 'ledger/' }),
      summary: signatureSummary({ status: 'unsigned', digest: null }),
    });

    expect(screen.getByTestId('signing-instructions')).toHaveTextContent(
      'cosign attest --yes --type slsaprovenance1 --predicate provenance.json IMAGE@sha256:DIGEST',
    );
  });

  it('says not to trust an image whose signature is invalid, and why it is', async () => {
    await renderCard({
      summary: signatureSummary({
        status: 'invalid',
        reason: 'The signature does not match the image digest',
        signer: null,
      }),
    });

    expect(card()).toHaveAttribute('data-status', 'invalid');
    expect(screen.getByText('Invalid signature')).toBeInTheDocument();
    expect(
      screen.getByText('The signature does not match the image digest'),
    ).toBeInTheDocument();
    const advice = screen.getByTestId('signature-advice');
    expect(advice).toHaveTextContent('treat this image as untrusted');
    expect(advice).toHaveTextContent('sign it again');
    expect(advice).toHaveTextContent('trusted roots');
    expect(screen.queryByTestId('signing-instructions')).toBeNull();
  });

  it('names the unexpected signer and where to allow it', async () => {
    const subject =
      'https://github.com/someone-else/fork/.github/workflows/release.yml';
    await renderCard({
      summary: signatureSummary({
        status: 'unexpected-signer',
        reason: 'The signer is not one of the allowed identities',
        signer: {
          issuer: 'https://token.actions.githubusercontent.com',
          subject,
        },
      }),
    });

    expect(card()).toHaveAttribute('data-status', 'unexpected-signer');
    expect(
      screen.getByText('Signed by an unexpected identity'),
    ).toBeInTheDocument();
    expect(line('Signed by')).toBe(`Signed by: ${subject}`);
    expect(
      screen.getByText('The signer is not one of the allowed identities'),
    ).toBeInTheDocument();
    const advice = screen.getByTestId('signature-advice');
    expect(advice).toHaveTextContent(
      'sign the image from the release workflow',
    );
    expect(advice).toHaveTextContent('security.signing.identities');
    expect(advice).toHaveTextContent('posture.dev/signing-identity');
  });

  it('says the signature could not be checked yet, and why, when the status is unknown', async () => {
    await renderCard({
      summary: signatureSummary({
        status: 'unknown',
        reason: 'rekor.sigstore.dev answered 503',
        signer: null,
        logIndex: null,
        logUrl: null,
        integratedTime: null,
      }),
    });

    expect(card()).toHaveAttribute('data-status', 'unknown');
    expect(screen.getByText('Unknown')).toBeInTheDocument();
    expect(screen.getByTestId('signature-advice')).toHaveTextContent(
      'The signature could not be checked yet: rekor.sigstore.dev answered 503. Posture checks again on its next run (and whenever a report brings a new image digest); check now to try sooner.',
    );
    expect(screen.queryByTestId('signing-instructions')).toBeNull();
  });

  it('keeps showing the last verdict when it is stale, with the error of the failed check', async () => {
    const staleAt = '2026-11-13T12:00:00Z';
    await renderCard({
      summary: signatureSummary({ stale: true, checkedAt: staleAt }),
      api: {
        listSignatures: listOf(
          signatureItem({
            stale: true,
            error: 'connect ETIMEDOUT rekor.sigstore.dev.',
          }),
          signatureItem({
            digest: 'sha256:0123456789abcdef',
            stale: true,
            error: 'an older image, not the one on the card',
          }),
        ),
      },
    });

    const when = DateTime.fromISO(staleAt).toLocaleString(
      DateTime.DATETIME_MED,
    );
    expect(
      await screen.findByText(
        `The transparency log could not be reached at the last check: connect ETIMEDOUT rekor.sigstore.dev. Showing the last known verdict from ${when}.`,
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Verified')).toBeInTheDocument();
    expect(card()).not.toHaveTextContent('an older image');
  });

  describe('before any verdict', () => {
    it('explains what is checked and how to sign the scanned digest', async () => {
      const listSignatures = jest.fn(listOf());
      await renderCard({
        summary: null,
        scannedDigest: digest,
        api: { listSignatures },
      });

      expect(card()).toHaveAttribute('data-status', 'not-reported');
      expect(screen.getByText('Not reported yet')).toBeInTheDocument();
      expect(card()).toHaveTextContent(
        'image digest in the latest Trivy report',
      );
      expect(screen.getByTestId('signing-instructions')).toHaveTextContent(
        `ghcr.io/acme/payments@${digest}`,
      );
      expect(
        screen.getByRole('button', { name: 'Check now' }),
      ).toBeInTheDocument();
      // Nothing to list until a source has reported.
      expect(listSignatures).not.toHaveBeenCalled();
    });

    it('uses a placeholder digest before the image has been scanned', async () => {
      await renderCard({ summary: null });

      expect(screen.getByTestId('signing-instructions')).toHaveTextContent(
        'ghcr.io/acme/payments@sha256:DIGEST',
      );
    });

    it('points to the image annotation for an entity without images', async () => {
      await renderCard({
        summary: null,
        entity: componentEntity('ledger', {
          'vault.io/secrets-path': 'ledger/',
        }),
      });

      expect(card()).toHaveTextContent('posture.dev/image annotation');
      expect(screen.queryByTestId('signing-instructions')).toBeNull();
      expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
    });
  });
});
