import type { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  SecretItem,
  SecretsSummary,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';
import { RefreshTooSoonError } from '../../api/RefreshTooSoonError';
import type { RefreshResponse } from '../../api/types';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import {
  componentEntity,
  secretItem,
  secretsSummary,
} from '../../testing/fixtures';
import { SecretsCard } from './SecretsCard';

const vaultAnnotated = componentEntity('payments', {
  'vault.io/secrets-path': 'payments/',
  'posture.dev/vault-static-roles': 'ledger-db',
});
const checkedAt = DateTime.now().minus({ days: 3 }).toISO()!;

const overdue = secretItem({
  path: 'payments/db-password',
  status: 'overdue',
  ageDays: 400,
  maxAgeDays: 90,
  currentVersion: 7,
});
const dueSoon = secretItem({
  path: 'payments/stripe',
  status: 'due-soon',
  ageDays: 80,
  maxAgeDays: 90,
});
const fresh = secretItem({
  path: 'payments/webhook',
  status: 'ok',
  ageDays: 12,
  maxAgeDays: 90,
});
const staticRole = secretItem({
  path: 'ledger-db',
  engine: 'database',
  kind: 'database-static-role',
  currentVersion: null,
  status: 'ok',
  ageDays: 1,
  maxAgeDays: 30,
});

function listOf(...items: SecretItem[]) {
  return async () => ({ items, totalCount: items.length });
}

function renderCard(
  options: {
    entity?: Entity;
    summary?: SecretsSummary | null;
    api?: Partial<SecurityApi>;
    config?: object;
    onReload?: () => Promise<void>;
  } = {},
) {
  const summary =
    options.summary === undefined
      ? secretsSummary({ total: 3, overdue: 1, dueSoon: 1, checkedAt })
      : options.summary;
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityApiRef, fakeSecurityApi(options.api)],
        [configApiRef, mockApis.config({ data: options.config ?? {} })],
      ]}
    >
      <SecretsCard
        entity={options.entity ?? vaultAnnotated}
        summary={summary}
        onReload={options.onReload ?? (async () => {})}
      />
    </TestApiProvider>,
  );
}

async function rows(): Promise<HTMLElement[]> {
  const list = await screen.findByRole('list', { name: 'Secrets' });
  return within(list).getAllByRole('listitem');
}

function row(path: string): HTMLElement {
  const list = screen.getByRole('list', { name: 'Secrets' });
  const match = within(list)
    .getAllByRole('listitem')
    .find(item => within(item).queryByText(path));
  if (!match) {
    throw new Error(`No row for ${path}`);
  }
  return match;
}

/** A promise the test settles, to look at the card while a request is running. */
function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('SecretsCard', () => {
  it('is found by its test id and title', async () => {
    await renderCard({ api: { listSecrets: listOf(fresh) } });

    const card = screen.getByTestId('secrets-card');
    expect(within(card).getByText('Secrets')).toBeInTheDocument();
  });

  it('sums the secrets up in one line', async () => {
    await renderCard({ api: { listSecrets: listOf(overdue, dueSoon, fresh) } });

    expect(screen.getByTestId('secrets-summary')).toHaveTextContent(
      '3 secrets · 1 overdue · 1 due soon · oldest current value 12 days · checked 3 days ago',
    );
  });

  it('lists overdue first, each with its status chip, age bar and version', async () => {
    await renderCard({
      api: { listSecrets: listOf(fresh, staticRole, dueSoon, overdue) },
    });

    const items = await rows();
    expect(items.map(item => within(item).getByRole('progressbar'))).toEqual([
      screen.getByRole('progressbar', { name: 'Age of payments/db-password' }),
      screen.getByRole('progressbar', { name: 'Age of payments/stripe' }),
      screen.getByRole('progressbar', { name: 'Age of payments/webhook' }),
      screen.getByRole('progressbar', { name: 'Age of ledger-db' }),
    ]);

    const first = items[0];
    expect(within(first).getByText('overdue')).toBeInTheDocument();
    expect(within(first).getByText('400 days of 90')).toBeInTheDocument();
    expect(
      within(first).getByText('secret · KV · version 7'),
    ).toBeInTheDocument();
    // Past its maximum age the bar is simply full.
    expect(within(first).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '100',
    );

    expect(within(items[1]).getByText('due soon')).toBeInTheDocument();
    expect(within(items[1]).getByText('80 days of 90')).toBeInTheDocument();
    expect(within(items[1]).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '89',
    );
    expect(within(items[2]).getByText('ok')).toBeInTheDocument();
    expect(within(items[3]).getByText('1 day of 30')).toBeInTheDocument();
    expect(
      within(items[3]).getByText('database · static role'),
    ).toBeInTheDocument();
  });

  // The ledger of the demo: the summary said "oldest 20 days" next to a deleted secret at
  // "150 days of 90" and a static role at "9 days of 1", with one generic fix.
  it('agrees with the summary on ledger: no age for a deleted secret, and a fix naming each overdue one', async () => {
    const ledgerRole = secretItem({
      path: 'ledger-db',
      engine: 'database',
      kind: 'database-static-role',
      currentVersion: null,
      status: 'overdue',
      ageDays: 9,
      maxAgeDays: 1,
    });
    const deleted = secretItem({
      path: 'payments/ledger/api-key',
      status: 'deleted',
      ageDays: 150,
      maxAgeDays: 90,
    });
    const current = secretItem({
      path: 'payments/ledger/db',
      status: 'ok',
      ageDays: 20,
      maxAgeDays: 90,
    });
    await renderCard({
      summary: secretsSummary({
        total: 3,
        overdue: 1,
        dueSoon: 0,
        oldestAgeDays: 20,
        checkedAt,
      }),
      api: { listSecrets: listOf(current, deleted, ledgerRole) },
    });
    await rows();

    expect(screen.getByTestId('secrets-summary')).toHaveTextContent(
      '3 secrets · 1 overdue · 0 due soon · oldest current value 20 days',
    );
    const gone = row('payments/ledger/api-key');
    expect(within(gone).queryByText(/150 days/)).toBeNull();
    expect(within(gone).queryByRole('progressbar')).toBeNull();
    expect(
      within(gone).getByText('No current value: nothing to rotate'),
    ).toBeInTheDocument();
    expect(within(gone).queryByText(/^Fix:/)).toBeNull();

    const role = row('ledger-db');
    expect(within(role).getByText('9 days of 1')).toBeInTheDocument();
    expect(
      within(role).getByText(
        'Fix: Find out why Vault stopped rotating ledger-db (9 days old): check the role and its database connection in the database mount.',
      ),
    ).toBeInTheDocument();
    expect(within(row('payments/ledger/db')).queryByText(/^Fix:/)).toBeNull();
  });

  it('names the overdue KV secret in its fix', async () => {
    await renderCard({ api: { listSecrets: listOf(overdue, fresh) } });
    await rows();
    expect(
      within(row('payments/db-password')).getByText(
        'Fix: Rotate payments/db-password (400 days old): write a new version in the secret mount and roll it out.',
      ),
    ).toBeInTheDocument();
  });

  it('colours chips and bars by status', async () => {
    await renderCard({ api: { listSecrets: listOf(overdue, dueSoon, fresh) } });
    await rows();

    const chip = (path: string, label: string) =>
      within(row(path)).getByText(label).closest('.MuiChip-root');
    const bar = (path: string) =>
      row(path).querySelector('.MuiLinearProgress-bar');

    expect(chip('payments/db-password', 'overdue')?.className).toMatch(
      /overdueChip/,
    );
    expect(chip('payments/stripe', 'due soon')?.className).toMatch(
      /dueSoonChip/,
    );
    expect(chip('payments/webhook', 'ok')?.className).toMatch(/okChip/);
    expect(bar('payments/db-password')?.className).toMatch(/overdueBar/);
    expect(bar('payments/stripe')?.className).toMatch(/dueSoonBar/);
    expect(bar('payments/webhook')?.className).toMatch(/okBar/);
  });

  it('says the age without a bar when the maximum or the age is unknown', async () => {
    await renderCard({
      api: {
        listSecrets: listOf(
          secretItem({ path: 'no-max', ageDays: 40, maxAgeDays: null }),
          secretItem({
            path: 'gone',
            status: 'deleted',
            ageDays: null,
            maxAgeDays: 90,
          }),
        ),
      },
    });
    await rows();

    expect(within(row('no-max')).getByText('40 days')).toBeInTheDocument();
    expect(
      within(row('gone')).getByText('No current value: nothing to rotate'),
    ).toBeInTheDocument();
    expect(within(row('gone')).getByText('deleted')).toBeInTheDocument();
    expect(screen.queryAllByRole('progressbar')).toHaveLength(0);
  });

  it('warns that the data is stale, saying why, and still shows each error', async () => {
    const error = 'connect ECONNREFUSED 10.0.0.5:8200';
    await renderCard({
      summary: secretsSummary({ total: 2, stale: true, checkedAt }),
      api: {
        listSecrets: listOf(
          { ...overdue, stale: true, error },
          { ...fresh, stale: true, error },
        ),
      },
    });

    const when = DateTime.fromISO(checkedAt).toLocaleString(
      DateTime.DATETIME_MED,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      `Vault could not be reached at the last check: ${error}. Showing the last known data from ${when}.`,
    );
    expect(
      within(row('payments/db-password')).getByText(
        `Last check failed: ${error}`,
      ),
    ).toBeInTheDocument();
    expect(
      within(row('payments/webhook')).getByText(`Last check failed: ${error}`),
    ).toBeInTheDocument();
  });

  it('warns about stale data without a reason when the secrets carry none', async () => {
    await renderCard({
      summary: secretsSummary({ stale: true, checkedAt: null }),
      api: { listSecrets: listOf(fresh) },
    });
    await rows();

    expect(screen.getByRole('alert')).toHaveTextContent(
      'Vault could not be reached at the last check. Showing the last known data.',
    );
  });

  it('shows no stale warning for current data', async () => {
    await renderCard({ api: { listSecrets: listOf(fresh) } });
    await rows();

    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('explains an unknown status with the error in a tooltip', async () => {
    await renderCard({
      api: {
        listSecrets: listOf(
          secretItem({
            path: 'payments/locked',
            status: 'unknown',
            ageDays: null,
            error: '1 error occurred: permission denied',
          }),
        ),
      },
    });
    await rows();

    await userEvent.hover(within(row('payments/locked')).getByText('unknown'));

    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      '1 error occurred: permission denied',
    );
  });

  it('shows paths as plain text when no Vault UI is configured', async () => {
    await renderCard({ api: { listSecrets: listOf(fresh, staticRole) } });
    await rows();

    expect(screen.getByText('payments/webhook')).toBeInTheDocument();
    expect(screen.queryAllByRole('link')).toHaveLength(0);
  });

  it('links KV secrets and static roles to the Vault UI', async () => {
    await renderCard({
      api: { listSecrets: listOf(fresh, staticRole) },
      config: { security: { vault: { publicUrl: 'http://localhost:8200' } } },
    });
    await rows();

    expect(
      screen.getByRole('link', { name: /^payments\/webhook/ }),
    ).toHaveAttribute(
      'href',
      'http://localhost:8200/ui/vault/secrets/secret/kv/payments%2Fwebhook/details',
    );
    expect(screen.getByRole('link', { name: /^ledger-db/ })).toHaveAttribute(
      'href',
      'http://localhost:8200/ui/vault/secrets/database/show/role/ledger-db',
    );
  });

  it('opens the links in the configured Vault namespace', async () => {
    await renderCard({
      api: { listSecrets: listOf(fresh, staticRole) },
      config: {
        security: {
          vault: {
            publicUrl: 'https://vault.example.com',
            namespace: 'admin/payments',
          },
        },
      },
    });
    await rows();

    expect(
      screen.getByRole('link', { name: /^payments\/webhook/ }),
    ).toHaveAttribute(
      'href',
      'https://vault.example.com/ui/vault/secrets/secret/kv/payments%2Fwebhook/details?namespace=admin%2Fpayments',
    );
    expect(screen.getByRole('link', { name: /^ledger-db/ })).toHaveAttribute(
      'href',
      'https://vault.example.com/ui/vault/secrets/database/show/role/ledger-db?namespace=admin%2Fpayments',
    );
  });

  it('shows the first 8 secrets until asked for all', async () => {
    const many = Array.from({ length: 12 }, (_, i) =>
      secretItem({ path: `payments/s${i}`, ageDays: 30 - i }),
    );
    await renderCard({
      summary: secretsSummary({ total: 12 }),
      api: { listSecrets: listOf(...many) },
    });

    expect(await rows()).toHaveLength(8);
    expect(screen.queryByText('payments/s8')).toBeNull();

    await userEvent.click(screen.getByRole('button', { name: 'Show all 12' }));

    expect(await rows()).toHaveLength(12);
    expect(screen.getByText('payments/s11')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Show fewer' }));

    expect(await rows()).toHaveLength(8);
  });

  it('has no "Show all" for a short list', async () => {
    await renderCard({ api: { listSecrets: listOf(overdue, fresh) } });
    await rows();

    expect(screen.queryByRole('button', { name: /Show all/ })).toBeNull();
  });

  it('explains rotation for each kind of secret the entity has', async () => {
    await renderCard({ api: { listSecrets: listOf(fresh, staticRole) } });
    await rows();

    await userEvent.click(
      screen.getByRole('button', { name: 'What rotation means: KV secrets' }),
    );
    expect(
      await screen.findByText(
        /roll it out, then the old version can be deleted/,
      ),
    ).toBeVisible();
    expect(screen.getByText(/current version's creation time/)).toBeVisible();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'What rotation means: database static roles',
      }),
    );
    expect(
      await screen.findByText(
        /an overdue static role means rotation is failing/,
      ),
    ).toBeVisible();
  });

  it('leaves out the help for kinds the entity does not have', async () => {
    await renderCard({ api: { listSecrets: listOf(fresh) } });
    await rows();

    expect(
      screen.getByRole('button', { name: 'What rotation means: KV secrets' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/database static roles/)).toBeNull();
  });

  it('says so when Vault has no secrets for the entity', async () => {
    await renderCard({
      summary: secretsSummary({ total: 0, oldestAgeDays: null }),
    });

    expect(
      await screen.findByText(
        'Vault has no secrets under the annotated paths and roles.',
      ),
    ).toBeInTheDocument();
  });

  it('shows why the list could not be loaded and retries', async () => {
    const listSecrets = jest
      .fn<ReturnType<SecurityApi['listSecrets']>, []>()
      .mockRejectedValueOnce(new Error('Service unavailable'))
      .mockImplementation(listOf(fresh));
    await renderCard({ api: { listSecrets } });

    expect(
      await screen.findByText(
        'Error: Could not load the secrets: Service unavailable',
      ),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(await rows()).toHaveLength(1);
  });

  describe('Check now', () => {
    it('refreshes, then reloads the list and the posture, showing progress meanwhile', async () => {
      const calls: string[] = [];
      const refreshed = deferred<RefreshResponse>();
      const refresh = jest.fn(() => {
        calls.push('refresh');
        return refreshed.promise;
      });
      const listSecrets = jest.fn(async () => {
        calls.push('listSecrets');
        const items = calls.includes('refresh') ? [fresh] : [overdue];
        return { items, totalCount: items.length };
      });
      const onReload = jest.fn(async () => {
        calls.push('posture');
      });
      await renderCard({ api: { refresh, listSecrets }, onReload });
      expect(
        await screen.findByText('payments/db-password'),
      ).toBeInTheDocument();

      await userEvent.click(screen.getByRole('button', { name: 'Check now' }));

      expect(
        screen.getByRole('progressbar', { name: 'Checking Vault' }),
      ).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Check now' })).toBeDisabled();
      expect(refresh).toHaveBeenCalledWith('component:default/payments');
      expect(onReload).not.toHaveBeenCalled();

      refreshed.resolve({ refreshed: ['vault'], errors: {} });

      expect(await screen.findByText('payments/webhook')).toBeInTheDocument();
      expect(screen.queryByText('payments/db-password')).toBeNull();
      await waitFor(() =>
        expect(screen.getByRole('button', { name: 'Check now' })).toBeEnabled(),
      );
      expect(
        screen.queryByRole('progressbar', { name: 'Checking Vault' }),
      ).toBeNull();
      expect(calls[0]).toBe('listSecrets');
      expect(calls[1]).toBe('refresh');
      expect(calls.slice(2).sort()).toEqual(['listSecrets', 'posture']);
      expect(screen.queryByRole('alert')).toBeNull();
    });

    it('shows why the check failed and reloads nothing', async () => {
      const error = await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed to refresh component:default/payments',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ),
      );
      const listSecrets = jest.fn(listOf(fresh));
      const onReload = jest.fn(async () => {});
      await renderCard({
        api: { refresh: async () => Promise.reject(error), listSecrets },
        onReload,
      });
      await rows();

      await userEvent.click(screen.getByRole('button', { name: 'Check now' }));

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Check failed: Not allowed to refresh component:default/payments',
      );
      expect(listSecrets).toHaveBeenCalledTimes(1);
      expect(onReload).not.toHaveBeenCalled();
      expect(screen.getByRole('button', { name: 'Check now' })).toBeEnabled();
    });

    it('says when Vault can be checked again when it was checked moments ago, reloading nothing', async () => {
      const listSecrets = jest.fn(listOf(fresh));
      const onReload = jest.fn(async () => {});
      await renderCard({
        api: {
          listSecrets,
          refresh: async () =>
            Promise.reject(
              new RefreshTooSoonError(
                'component:default/payments was checked moments ago',
                25,
              ),
            ),
        },
        onReload,
      });
      await rows();

      await userEvent.click(screen.getByRole('button', { name: 'Check now' }));

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'Vault was checked moments ago, so it was not checked again. You can check again in 25 seconds.',
      );
      expect(alert).not.toHaveTextContent('Check failed');
      expect(listSecrets).toHaveBeenCalledTimes(1);
      expect(onReload).not.toHaveBeenCalled();
      expect(screen.getByRole('button', { name: 'Check now' })).toBeEnabled();
    });

    it('reports a Vault failure the backend answered with, after reloading', async () => {
      const onReload = jest.fn(async () => {});
      await renderCard({
        api: {
          listSecrets: listOf(fresh),
          refresh: async () => ({
            refreshed: ['vault'],
            errors: { vault: 'connect ECONNREFUSED 10.0.0.5:8200' },
          }),
        },
        onReload,
      });
      await rows();

      await userEvent.click(screen.getByRole('button', { name: 'Check now' }));

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Vault could not be checked: connect ECONNREFUSED 10.0.0.5:8200',
      );
      expect(onReload).toHaveBeenCalledTimes(1);
    });
  });

  describe('before Vault has reported', () => {
    it('says not reported yet, when Vault runs, and offers to check now', async () => {
      const listSecrets = jest.fn(listOf());
      const refresh = jest.fn(async () => ({
        refreshed: ['vault'],
        errors: {},
      }));
      const onReload = jest.fn(async () => {});
      await renderCard({
        summary: null,
        api: { listSecrets, refresh },
        onReload,
      });

      const card = screen.getByTestId('secrets-card');
      expect(within(card).getByText('Not reported yet')).toBeInTheDocument();
      expect(card).toHaveTextContent('Vault is checked every 30 minutes');

      await userEvent.click(screen.getByRole('button', { name: 'Check now' }));

      await waitFor(() => expect(onReload).toHaveBeenCalledTimes(1));
      expect(refresh).toHaveBeenCalledWith('component:default/payments');
      // There is nothing to list until the posture has a secrets section.
      expect(listSecrets).not.toHaveBeenCalled();
    });

    it('counts static roles alone as declaring Vault secrets', async () => {
      await renderCard({
        summary: null,
        entity: componentEntity('ledger', {
          'posture.dev/vault-static-roles': 'ledger-db',
        }),
      });

      expect(screen.getByText('Not reported yet')).toBeInTheDocument();
    });

    it('shows the annotations to add when the entity declares no Vault secrets', async () => {
      const listSecrets = jest.fn(listOf());
      await renderCard({
        summary: null,
        entity: componentEntity('payments'),
        api: { listSecrets },
      });

      const card = screen.getByTestId('secrets-card');
      expect(card).toHaveTextContent('vault.io/secrets-path: payments/');
      expect(card).toHaveTextContent(
        'posture.dev/vault-static-roles: payments-db',
      );
      expect(within(card).queryByText('Not reported yet')).toBeNull();
      expect(screen.queryByRole('button', { name: 'Check now' })).toBeNull();
      expect(listSecrets).not.toHaveBeenCalled();
    });
  });
});
