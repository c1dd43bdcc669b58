import { screen, within } from '@testing-library/react';
import { DateTime } from 'luxon';
import { campaign } from '../../testing/impactFixtures';
import { onNarrowScreen } from '../../testing/narrowScreen';
import { renderSecurityPages } from '../SecurityPages/__testUtils__/renderSecurityPages';

const inDays = (days: number) => DateTime.local().plus({ days }).toISODate()!;

const closed = campaign({
  id: 'c-old',
  title: 'openssl 1.1 gone',
  status: 'closed',
  deadline: inDays(-40),
  total: 5,
  remaining: 0,
});
const log4j = campaign({
  id: 'c-log4j',
  title: 'log4j-core below 2.17 gone',
  deadline: inDays(12),
  total: 12,
  remaining: 3,
});
const late = campaign({
  id: 'c-late',
  title: 'xz-utils 5.6 gone',
  deadline: inDays(-3),
  total: 2,
  remaining: 1,
});

describe('CampaignsContent', () => {
  it('lists active campaigns first, with their deadline in days, remaining of total and status', async () => {
    const listCampaigns = jest.fn(async () => ({
      items: [closed, log4j, late],
      totalCount: 3,
    }));
    await renderSecurityPages('/security/campaigns', { listCampaigns });

    const table = await screen.findByRole('table', { name: 'Campaigns' });
    expect(listCampaigns).toHaveBeenCalledWith({ status: 'all' });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row =>
        Array.from(row.querySelectorAll('th, td')).map(c => c.textContent),
      );
    expect(rows).toEqual([
      [
        'log4j-core below 2.17 gone',
        expect.stringMatching(/ · in 12 days$/),
        '3 of 12 remaining',
        'Active',
      ],
      [
        'xz-utils 5.6 gone',
        expect.stringMatching(/ · overdue by 3 days$/),
        '1 of 2 remaining',
        'Active',
      ],
      [
        'openssl 1.1 gone',
        expect.not.stringContaining('·'),
        '0 of 5 remaining',
        'Closed',
      ],
    ]);
    expect(
      within(table).getByRole('link', { name: 'log4j-core below 2.17 gone' }),
    ).toHaveAttribute('href', '/security/campaigns/c-log4j');
    expect(
      within(table).getByRole('progressbar', {
        name: '3 of 12 remaining: 75% fixed',
      }),
    ).toBeInTheDocument();
  });

  it('says how to start one when there is none', async () => {
    await renderSecurityPages('/security/campaigns', {
      listCampaigns: async () => ({ items: [], totalCount: 0 }),
    });

    expect(await screen.findByText('No campaign yet.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'impact page' })).toHaveAttribute(
      'href',
      '/security/impact',
    );
  });

  describe('on a phone', () => {
    onNarrowScreen();

    it('lists the campaigns as cards', async () => {
      await renderSecurityPages('/security/campaigns', {
        listCampaigns: async () => ({ items: [log4j], totalCount: 1 }),
      });

      const cards = await screen.findByRole('list', { name: 'Campaigns' });
      const [card] = within(cards).getAllByRole('listitem');
      expect(card).toHaveTextContent('log4j-core below 2.17 gone');
      expect(card).toHaveTextContent('Remaining3 of 12 remaining');
    });
  });
});
