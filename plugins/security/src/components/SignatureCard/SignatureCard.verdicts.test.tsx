import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  ListResponse,
  SignatureItem,
  SignatureSummary,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import {
  componentEntity,
  signatureItem,
  signatureSummary,
} from '../../testing/fixtures';
import { SignatureCard } from './SignatureCard';

const rekorVerdict = signatureItem();
const uploadedVerdict = signatureItem({
  digest: 'sha256:0123456789abcdef0123456789abcdef',
  source: 'upload',
  kind: 'signature',
  predicateType: null,
  status: 'invalid',
  reason: 'The bundle does not verify against the trusted roots',
  signer: null,
  logIndex: null,
  logUrl: null,
  integratedTime: null,
  entries: 2,
});

function page(...items: SignatureItem[]): ListResponse<SignatureItem> {
  return { items, totalCount: items.length };
}

function renderCard(
  api: Partial<SecurityApi>,
  options: {
    summary?: SignatureSummary | null;
    onReload?: () => Promise<void>;
  } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, fakeSecurityApi(api)]]}>
      <SignatureCard
        entity={componentEntity('payments')}
        summary={
          options.summary === undefined ? signatureSummary() : options.summary
        }
        scannedDigest={null}
        onReload={options.onReload ?? (async () => {})}
      />
    </TestApiProvider>,
  );
}

async function expand() {
  await userEvent.click(screen.getByRole('button', { name: /All verdicts/ }));
}

/** A promise the test settles, to look at the card while a request is running. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('SignatureCard verdicts', () => {
  it('loads every verdict once and lists them when expanded', async () => {
    const answer = deferred<ListResponse<SignatureItem>>();
    const listSignatures = jest.fn(() => answer.promise);
    await renderCard({ listSignatures });

    expect(screen.queryByRole('list', { name: 'Signature verdicts' })).toBe(
      null,
    );
    await expand();
    expect(
      screen.getByRole('progressbar', { name: 'Loading signatures' }),
    ).toBeInTheDocument();

    answer.resolve(page(rekorVerdict, uploadedVerdict));

    const list = await screen.findByRole('list', {
      name: 'Signature verdicts',
    });
    const [rekor, upload] = within(list).getAllByRole('listitem');
    expect(rekor).toHaveTextContent(
      'Rekor · Attestation (https://slsa.dev/provenance/v1) · 1 entry',
    );
    expect(rekor).toHaveTextContent('Verified');
    expect(rekor).toHaveTextContent(
      'Signed by https://github.com/acme/payments/.github/workflows/release.yml@refs/heads/main (https://token.actions.githubusercontent.com)',
    );
    expect(
      within(rekor).getByRole('link', { name: /123456789/ }),
    ).toHaveAttribute(
      'href',
      'https://search.sigstore.dev/?logIndex=123456789',
    );
    expect(within(rekor).getByText('sha256:4b82…c5d4')).toBeInTheDocument();
    expect(upload).toHaveTextContent('Uploaded bundle · Signature · 2 entries');
    expect(upload).toHaveTextContent('Invalid signature');
    expect(upload).toHaveTextContent(
      'The bundle does not verify against the trusted roots',
    );
    expect(within(upload).queryByRole('link')).toBeNull();
    expect(
      screen.getByRole('button', { name: 'All verdicts (2)' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('progressbar', { name: 'Loading signatures' }),
    ).toBeNull();
    expect(listSignatures).toHaveBeenCalledTimes(1);
    expect(listSignatures).toHaveBeenCalledWith('component:default/payments');
  });

  it('shows why the verdicts could not be loaded and retries', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Not allowed to read' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'content-type': 'application/json' } },
      ),
    );
    const listSignatures = jest
      .fn<ReturnType<SecurityApi['listSignatures']>, []>()
      .mockRejectedValueOnce(forbidden)
      .mockResolvedValue(page(rekorVerdict));
    await renderCard({ listSignatures });

    await expand();

    expect(
      await screen.findByText(
        'Error: Could not load the signatures: Not allowed to read',
      ),
    ).toBeInTheDocument();
    // The summary does not depend on the list.
    expect(screen.getByText('Verified')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    const list = await screen.findByRole('list', {
      name: 'Signature verdicts',
    });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
  });

  it('says so when no verdict is stored', async () => {
    await renderCard({ listSignatures: async () => page() });

    await expand();

    expect(
      await screen.findByText('No verdicts are stored for this entity.'),
    ).toBeInTheDocument();
  });

  describe('Check now', () => {
    it('re-checks, then reloads the verdicts and the posture', async () => {
      const calls: string[] = [];
      const refresh = jest.fn(async () => {
        calls.push('refresh');
        return { refreshed: ['rekor'], errors: {} };
      });
      const listSignatures = jest.fn(async () => {
        calls.push('listSignatures');
        return calls.includes('refresh')
          ? page(rekorVerdict, uploadedVerdict)
          : page(rekorVerdict);
      });
      const onReload = jest.fn(async () => {
        calls.push('posture');
      });
      await renderCard({ refresh, listSignatures }, { onReload });
      expect(
        await screen.findByRole('button', { name: 'All verdicts (1)' }),
      ).toBeInTheDocument();

      await userEvent.click(screen.getByRole('button', { name: 'Check now' }));

      expect(
        await screen.findByRole('button', { name: 'All verdicts (2)' }),
      ).toBeInTheDocument();
      await waitFor(() =>
        expect(screen.getByRole('button', { name: 'Check now' })).toBeEnabled(),
      );
      expect(refresh).toHaveBeenCalledWith('component:default/payments');
      expect(calls[1]).toBe('refresh');
      expect(calls.slice(2).sort()).toEqual(['listSignatures', 'posture']);
      expect(screen.queryByRole('alert')).toBeNull();
    });

    it('reports a Rekor failure the backend answered with', async () => {
      const onReload = jest.fn(async () => {});
      await renderCard(
        {
          refresh: async () => ({
            refreshed: [],
            errors: { rekor: 'connect ETIMEDOUT rekor.sigstore.dev' },
          }),
        },
        { onReload },
      );

      await userEvent.click(screen.getByRole('button', { name: 'Check now' }));

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Rekor could not be checked: connect ETIMEDOUT rekor.sigstore.dev',
      );
      expect(onReload).toHaveBeenCalledTimes(1);
    });

    it('is offered before any verdict, and reloads the posture', async () => {
      const refresh = jest.fn(async () => ({
        refreshed: ['rekor'],
        errors: {},
      }));
      const onReload = jest.fn(async () => {});
      await renderCard({ refresh }, { summary: null, onReload });

      await userEvent.click(screen.getByRole('button', { name: 'Check now' }));

      await waitFor(() => expect(onReload).toHaveBeenCalledTimes(1));
      expect(refresh).toHaveBeenCalledWith('component:default/payments');
    });
  });
});
