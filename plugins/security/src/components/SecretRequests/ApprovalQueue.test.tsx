import type {
  SecretRequest,
  SecretRequestListResponse,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Settings } from 'luxon';
import type { SecurityApi } from '../../api/SecurityApi';
import type { SecretRequestQuery } from '../../api/types';
import { backendError } from '../../testing/exemptionFixtures';
import {
  currentLocation,
  PAGE,
  renderSecretRequests,
} from './__testUtils__/renderSecretRequests';
import {
  provisionedRequest,
  secretRequest,
  secretRequestDetail,
} from '../../testing/secretRequestFixtures';

const mockUsePermission = jest.fn();
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: (input: unknown) => mockUsePermission(input),
}));

const NOW = Date.parse('2027-01-05T12:00:00.000Z');
const realNow = Settings.now;
beforeEach(() => {
  // Pending ages are counted from now; luxon's clock, not the timers user-event needs.
  Settings.now = () => NOW;
});
afterEach(() => {
  Settings.now = realNow;
});

const stripe = secretRequest({
  id: 'stripe',
  name: 'stripe-api-key',
  requester: 'user:default/alice',
  createdAt: '2027-01-02T09:00:00.000Z',
});
const ordersDb = secretRequest({
  id: 'orders-db',
  entityRef: 'component:default/orders',
  kind: 'database-role',
  name: 'app_user',
  path: 'orders-app_user',
  mount: 'database',
  requester: 'user:default/bob',
  justification: 'The orders service needs its own database user',
  createdAt: '2027-01-05T07:30:00.000Z',
});
const carolsOwn = secretRequest({
  id: 'carols',
  name: 'webhook-signing-key',
  requester: 'user:default/carol',
  createdAt: '2027-01-04T11:00:00.000Z',
});

type List = jest.Mock<Promise<SecretRequestListResponse>, [SecretRequestQuery]>;

async function renderQueue(
  options: {
    url?: string;
    items?: SecretRequest[];
    api?: Partial<SecurityApi>;
    /** The services the user may approve for; every one when absent. */
    approvesFor?: string[];
  } = {},
) {
  mockUsePermission.mockImplementation(
    ({ resourceRef }: { resourceRef: string }) => ({
      loading: false,
      allowed: options.approvesFor
        ? options.approvesFor.includes(resourceRef)
        : true,
    }),
  );
  const listSecretRequests: List = jest.fn(
    async (_query: SecretRequestQuery) => ({
      items: options.items ?? [stripe, ordersDb, carolsOwn],
    }),
  );
  await renderSecretRequests(options.url ?? `${PAGE}/queue`, {
    api: { listSecretRequests, ...options.api },
  });
  return { listSecretRequests };
}

const rows = () =>
  within(
    screen.getByRole('list', { name: 'Secret requests to decide' }),
  ).getAllByRole('listitem');

const row = (subject: string) =>
  screen.getByRole('listitem', { name: `Secret request: ${subject}` });

const lastQuery = (list: List) =>
  list.mock.calls[list.mock.calls.length - 1][0];

describe('ApprovalQueue', () => {
  it('lists pending requests oldest first, with who asked, how long it has waited and why', async () => {
    const { listSecretRequests } = await renderQueue();

    await screen.findByRole('list', { name: 'Secret requests to decide' });
    expect(listSecretRequests).toHaveBeenCalledWith({
      status: 'pending',
      entityRef: undefined,
      owner: undefined,
      requester: undefined,
    });
    expect(screen.getByText('3 requests, oldest first')).toBeInTheDocument();
    expect(rows().map(item => item.getAttribute('aria-label'))).toEqual([
      'Secret request: stripe-api-key for payments',
      'Secret request: webhook-signing-key for payments',
      'Secret request: app_user for orders',
    ]);
    const first = within(row('stripe-api-key for payments'));
    expect(first.getByText('Requested by').nextSibling).toHaveTextContent(
      'alice',
    );
    expect(first.getByText('Waiting for').nextSibling).toHaveTextContent(
      '3 days',
    );
    expect(
      first.getByText('The payments service calls Stripe with this key'),
    ).toBeInTheDocument();
    expect(
      within(row('app_user for orders')).getByText('Waiting for').nextSibling,
    ).toHaveTextContent('4 hours');
    expect(
      first.getByRole('link', {
        name: 'stripe-api-key for payments: open its history',
      }),
    ).toHaveAttribute('href', `${PAGE}/requests/stripe`);
  });

  it('offers Approve and Reject on others’ requests only, and only for services the user may approve for', async () => {
    await renderQueue({ approvesFor: ['component:default/payments'] });

    expect(
      await within(row('stripe-api-key for payments')).findByRole('button', {
        name: 'Approve stripe-api-key for payments',
      }),
    ).toBeEnabled();
    expect(
      within(row('stripe-api-key for payments')).getByRole('button', {
        name: 'Reject stripe-api-key for payments',
      }),
    ).toBeEnabled();

    const own = within(row('webhook-signing-key for payments'));
    expect(own.queryByRole('button')).not.toBeInTheDocument();
    expect(own.getByTestId('decision-note')).toHaveTextContent(
      'You asked for this',
    );

    const notAllowed = within(row('app_user for orders'));
    expect(notAllowed.queryByRole('button')).not.toBeInTheDocument();
    expect(notAllowed.getByTestId('decision-note')).toHaveTextContent(
      'You may not approve secrets for this service',
    );
  });

  it('approves in place: the row says it is provisioned and keeps its place', async () => {
    const approveSecretRequest = jest.fn(async (id: string) =>
      provisionedRequest({ id }),
    );
    const { listSecretRequests } = await renderQueue({
      api: { approveSecretRequest },
    });

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Approve stripe-api-key for payments',
      }),
    );

    const approved = within(row('stripe-api-key for payments'));
    expect(
      await approved.findByText(
        'Approved and provisioned in Vault at secret/default/payments/stripe-api-key.',
      ),
    ).toBeInTheDocument();
    expect(approved.getByTestId('secret-request-status')).toHaveTextContent(
      'Provisioned',
    );
    expect(approved.queryByRole('button')).not.toBeInTheDocument();
    expect(approveSecretRequest).toHaveBeenCalledWith('stripe');
    expect(rows()).toHaveLength(3);
    expect(listSecretRequests).toHaveBeenCalledTimes(1);
  });

  it('rejects with the reason the approver gives, never without one', async () => {
    const rejectSecretRequest = jest.fn(async (id: string, reason: string) =>
      secretRequestDetail({
        ...ordersDb,
        id,
        status: 'rejected',
        approver: 'user:default/carol',
        reason,
      }),
    );
    await renderQueue({ api: { rejectSecretRequest } });

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Reject app_user for orders',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Reject app_user for orders',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reject request' }),
    );
    expect(rejectSecretRequest).not.toHaveBeenCalled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /^Reason/ }),
      'Use the shared orders user',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Reject request' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(rejectSecretRequest).toHaveBeenCalledWith(
      'orders-db',
      'Use the shared orders user',
    );
    const rejected = within(row('app_user for orders'));
    expect(rejected.getByTestId('secret-request-status')).toHaveTextContent(
      'Rejected',
    );
    expect(rejected.getByText('Reason').nextSibling).toHaveTextContent(
      'Use the shared orders user',
    );
  });

  it('filters by state, service, owner and requester, keeping them in the URL', async () => {
    const { listSecretRequests } = await renderQueue();
    await screen.findByRole('list', { name: 'Secret requests to decide' });

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'State' }),
      'Provisioning failed',
    );
    await waitFor(() =>
      expect(lastQuery(listSecretRequests)).toEqual(
        expect.objectContaining({ status: 'failed' }),
      ),
    );

    const filters = within(screen.getByRole('group', { name: 'Filters' }));
    await userEvent.click(filters.getByRole('textbox', { name: 'Service' }));
    await userEvent.click(
      await screen.findByRole('option', { name: /orders/ }),
    );
    await userEvent.click(filters.getByRole('textbox', { name: 'Owner' }));
    await userEvent.click(
      await screen.findByRole('option', { name: /team-payments/ }),
    );
    await userEvent.click(filters.getByRole('textbox', { name: 'Requester' }));
    await userEvent.click(await screen.findByRole('option', { name: /alice/ }));

    await waitFor(() =>
      expect(lastQuery(listSecretRequests)).toEqual({
        status: 'failed',
        entityRef: 'component:default/orders',
        owner: 'group:default/team-payments',
        requester: 'user:default/alice',
      }),
    );
    const search = new URLSearchParams(currentLocation().split('?')[1]);
    expect(Object.fromEntries(search)).toEqual({
      status: 'failed',
      service: 'component:default/orders',
      owner: 'group:default/team-payments',
      requester: 'user:default/alice',
    });
  });

  it('opens with the filters of the URL, and Any state asks for every state', async () => {
    const { listSecretRequests } = await renderQueue({
      url: `${PAGE}/queue?status=all&requester=${encodeURIComponent(
        'user:default/alice',
      )}`,
      items: [stripe],
    });

    await screen.findByRole('list', { name: 'Secret requests to decide' });
    expect(listSecretRequests).toHaveBeenCalledWith({
      status: undefined,
      entityRef: undefined,
      owner: undefined,
      requester: 'user:default/alice',
    });
    expect(screen.getByRole('combobox', { name: 'State' })).toHaveValue('all');
  });

  it('says nothing waits when the queue is empty', async () => {
    await renderQueue({ items: [] });
    expect(
      await screen.findByText('Nothing is waiting for a decision'),
    ).toBeInTheDocument();
  });

  it('clears the service, owner and requester when they match nothing', async () => {
    const { listSecretRequests } = await renderQueue({
      url: `${PAGE}/queue?service=${encodeURIComponent(
        'component:default/orders',
      )}`,
      items: [],
    });

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Clear service, owner and requester',
      }),
    );

    await waitFor(() =>
      expect(lastQuery(listSecretRequests)).toEqual({
        status: 'pending',
        entityRef: undefined,
        owner: undefined,
        requester: undefined,
      }),
    );
    expect(currentLocation()).toBe(`${PAGE}/queue`);
  });

  it('says what failed to load and tries again', async () => {
    const listSecretRequests = jest
      .fn()
      .mockRejectedValueOnce(
        await backendError(500, 'Error', 'The database is not answering'),
      )
      .mockResolvedValue({ items: [stripe] });
    await renderQueue({ api: { listSecretRequests } });

    expect(
      await screen.findByText(
        /Could not load the secret requests: The database is not answering/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));

    expect(
      await screen.findByRole('list', { name: 'Secret requests to decide' }),
    ).toBeInTheDocument();
  });
});
