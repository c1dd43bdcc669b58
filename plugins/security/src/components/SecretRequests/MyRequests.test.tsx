import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  currentLocation,
  PAGE,
  renderSecretRequests,
} from './__testUtils__/renderSecretRequests';
import { secretRequest } from '../../testing/secretRequestFixtures';

describe('MyRequests', () => {
  it('lists the user’s own requests with their status, each linking to its history', async () => {
    const listSecretRequests = jest.fn(async () => ({
      items: [
        secretRequest({ id: 'a', status: 'provisioned', version: 1 }),
        secretRequest({
          id: 'b',
          name: 'orders-db',
          kind: 'database-role',
          status: 'rejected',
          reason: 'Use the shared orders user',
        }),
        secretRequest({ id: 'c', name: 'webhook-key' }),
      ],
    }));
    await renderSecretRequests(PAGE, {
      api: { listSecretRequests },
      user: 'user:default/alice',
    });

    const list = await screen.findByRole('list', {
      name: 'My secret requests',
    });
    expect(listSecretRequests).toHaveBeenCalledWith({ mine: true });
    const items = within(list).getAllByRole('listitem');
    expect(
      items.map(
        item => within(item).getByTestId('secret-request-status').textContent,
      ),
    ).toEqual(['Provisioned', 'Rejected', 'Waiting for approval']);
    // Read out, not left to the icon's colour (Backstage's Status* hide their words).
    expect(
      within(items[0]).getByText('Provisioned').closest('[aria-hidden="true"]'),
    ).toBeNull();
    expect(within(items[1]).getByText('Reason').nextSibling).toHaveTextContent(
      'Use the shared orders user',
    );
    expect(
      within(items[1]).getByText('Database static role (rotated by Vault)'),
    ).toBeInTheDocument();
    expect(
      within(items[0]).getByRole('link', {
        name: 'stripe-api-key for payments: open its history',
      }),
    ).toHaveAttribute('href', `${PAGE}/requests/a`);
    expect(screen.getByRole('link', { name: 'My requests' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  it('says there is none yet and leads to the form', async () => {
    await renderSecretRequests(PAGE);

    expect(
      await screen.findByText('You have not requested a secret yet'),
    ).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: 'Request a secret' });
    // The page's tab and the empty state's button both lead to the form.
    await userEvent.click(links[links.length - 1]);

    expect(currentLocation()).toBe(`${PAGE}/new`);
    expect(
      await screen.findByRole('form', { name: 'Request a secret' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Request a secret', current: 'page' }),
    ).toBeInTheDocument();
  });
});
