import type {
  Campaign,
  CampaignDetail,
} from '@posture/backstage-plugin-security-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  campaign,
  campaignDetail,
  campaignEntity,
} from '../../testing/impactFixtures';
import {
  backendError,
  renderSecurityPages,
} from '../SecurityPages/__testUtils__/renderSecurityPages';

// usePermission caches answers across renders (SWR, keyed by permission), so each test says
// its own answer through this mock instead.
const mockUsePermission = jest.fn();
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: (input: unknown) => mockUsePermission(input),
}));

/**
 * log4j-core below 2.17.1: four services matched, one fixed since. Payments' two and
 * storefront's one remain.
 */
const log4j = campaignDetail({
  id: 'c-1',
  title: 'log4j-core below 2.17 gone',
  note: 'Upgrade to 2.17.1.\nAsk #platform for help.',
  total: 4,
  remaining: 3,
  byOwner: [
    {
      ref: 'group:default/team-payments',
      title: 'Team Payments',
      remaining: 2,
    },
    {
      ref: 'group:default/team-storefront',
      title: 'Team Storefront',
      remaining: 1,
    },
  ],
  burndown: [
    { date: '2026-12-01', remaining: 4, total: 4 },
    { date: '2026-12-02', remaining: 4, total: 4 },
    { date: '2026-12-03', remaining: 3, total: 4 },
  ],
  entities: [
    campaignEntity({ entityRef: 'component:default/payments' }),
    campaignEntity({
      entityRef: 'component:default/search',
      owner: 'group:default/team-storefront',
      system: 'system:payments/discovery',
    }),
    campaignEntity({ entityRef: 'component:default/ledger', system: null }),
    campaignEntity({
      entityRef: 'component:default/checkout-api',
      resolvedAt: '2026-12-03T10:00:00Z',
    }),
  ],
});

function renderCampaign(
  getCampaign: (id: string) => Promise<CampaignDetail>,
  closeCampaign?: (id: string) => Promise<Campaign>,
) {
  return renderSecurityPages('/security/campaigns/c-1', {
    getCampaign,
    ...(closeCampaign ? { closeCampaign } : {}),
  });
}

describe('CampaignView', () => {
  beforeEach(() => {
    mockUsePermission.mockReturnValue({ loading: false, allowed: false });
  });

  it('shows what it looks for, the deadline, the remaining count, the note and the burn-down table', async () => {
    const getCampaign = jest.fn(async () => log4j);
    await renderCampaign(getCampaign);

    expect(
      await screen.findByRole('heading', {
        name: 'log4j-core below 2.17 gone',
      }),
    ).toBeInTheDocument();
    expect(getCampaign).toHaveBeenCalledWith('c-1');
    expect(screen.getByTestId('campaign-remaining')).toHaveTextContent(
      /^3 of 4 remaining$/,
    );
    expect(
      screen.getByRole('progressbar', { name: '3 of 4 remaining: 25% fixed' }),
    ).toHaveAttribute('aria-valuenow', '25');
    expect(
      screen.getByRole('link', { name: 'log4j-core <2.17.1 (maven)' }),
    ).toHaveAttribute(
      'href',
      '/security/impact?package=log4j-core&ecosystem=maven&version=%3C2.17.1',
    );
    expect(screen.getByText(/^Jan 31, 2027/)).toBeInTheDocument();
    expect(screen.getByText(/Ask #platform for help\./)).toBeInTheDocument();
    // Who started it by name, not as a raw user ref.
    expect(screen.getByText('ivy-chen')).toHaveAttribute(
      'title',
      'user:default/ivy-chen',
    );
    expect(
      screen.queryByText(/user:default\/ivy-chen/),
    ).not.toBeInTheDocument();

    const burndown = screen.getByRole('table', {
      name: 'Services still affected per day',
    });
    expect(
      within(burndown)
        .getAllByRole('row')
        .map(row =>
          Array.from(row.querySelectorAll('th, td')).map(c => c.textContent),
        ),
    ).toEqual([
      ['Date', 'Still affected', 'Matched so far'],
      ['Dec 1, 2026', '4', '4'],
      ['Dec 2, 2026', '4', '4'],
      ['Dec 3, 2026', '3', '4'],
    ]);
    expect(
      screen.getByText(
        'From 4 services affected on Dec 1, 2026 to 3 on Dec 3, 2026.',
      ),
    ).toBeInTheDocument();
  });

  it('lists the services still affected by owner, and the fixed ones folded away', async () => {
    await renderCampaign(async () => log4j);

    const affected = await screen.findByTestId('campaign-affected');
    const payments = within(affected).getByRole('region', {
      name: 'Team Payments',
    });
    expect(payments).toHaveTextContent('2 services');
    expect(
      within(payments)
        .getAllByRole('link')
        .map(link => [link.textContent, link.getAttribute('href')]),
    ).toEqual([
      ['payments', '/catalog/default/component/payments/security'],
      ['ledger', '/catalog/default/component/ledger/security'],
    ]);
    const storefront = within(affected).getByRole('region', {
      name: 'Team Storefront',
    });
    expect(storefront).toHaveTextContent('1 service');
    expect(within(storefront).getByRole('link')).toHaveTextContent('search');
    // The system by its name (with its namespace when not the default one).
    expect(storefront).toHaveTextContent(
      /payments\/discovery · production · affected since Dec 1, 2026/,
    );
    expect(within(storefront).getByText('payments/discovery')).toHaveAttribute(
      'title',
      'system:payments/discovery',
    );
    expect(
      within(affected).queryByText('checkout-api'),
    ).not.toBeInTheDocument();

    const fixed = screen.getByRole('region', { name: 'Fixed' });
    expect(fixed).toHaveTextContent('1 service');
    const toggle = within(fixed).getByRole('button', { name: 'Fixed' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(within(fixed).getByRole('link')).toHaveTextContent('checkout-api');
  });

  it('says when a campaign has no burn-down point yet and every service is fixed', async () => {
    await renderCampaign(async () =>
      campaignDetail({
        total: 1,
        remaining: 0,
        burndown: [],
        entities: [
          campaignEntity({
            entityRef: 'component:default/payments',
            resolvedAt: '2026-12-03T10:00:00Z',
          }),
        ],
      }),
    );

    expect(await screen.findByText(/^No point yet/)).toBeInTheDocument();
    expect(screen.getByTestId('campaign-remaining')).toHaveTextContent(
      '0 of 1 remaining',
    );
    expect(
      screen.getByText('No service you can see is still affected.'),
    ).toBeInTheDocument();
  });

  it('says when there is no such campaign', async () => {
    const error = await backendError(404, 'NotFoundError', 'No campaign c-1');
    await renderCampaign(() => Promise.reject(error));

    expect(
      await screen.findByText(
        'Error: Could not load the campaign: No campaign c-1',
      ),
    ).toBeInTheDocument();
  });

  it('offers Close only to a manager', async () => {
    await renderCampaign(async () => log4j);
    await screen.findByTestId('campaign-remaining');

    expect(
      screen.queryByRole('button', { name: 'Close campaign' }),
    ).not.toBeInTheDocument();
  });

  it('closes the campaign for a manager after asking, and shows it closed', async () => {
    mockUsePermission.mockReturnValue({ loading: false, allowed: true });
    let status: Campaign['status'] = 'active';
    const closeCampaign = jest.fn(async () => {
      status = 'closed';
      return campaign({ id: 'c-1', status });
    });
    await renderCampaign(async () => ({ ...log4j, status }), closeCampaign);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Close campaign' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Close log4j-core below 2.17 gone?',
    });

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close campaign' }),
    );

    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Close campaign' }),
      ).not.toBeInTheDocument(),
    );
    expect(closeCampaign).toHaveBeenCalledWith('c-1');
    expect(screen.getByText('Closed')).toBeInTheDocument();
  });

  it('says which permission is missing when the backend refuses to close', async () => {
    mockUsePermission.mockReturnValue({ loading: false, allowed: true });
    const error = await backendError(403, 'NotAllowedError', 'Unauthorized');
    await renderCampaign(
      async () => log4j,
      () => Promise.reject(error),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Close campaign' }),
    );
    const dialog = screen.getByRole('dialog');

    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close campaign' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Not closed: You need the security.campaign.manage permission',
    );
  });
});
