import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { impactItem, impactList } from '../../testing/impactFixtures';
import {
  currentLocation,
  renderSecurityPages,
} from '../SecurityPages/__testUtils__/renderSecurityPages';

async function searchBox() {
  await screen.findByTestId('security-scorecards');
  // The page's one search landmark: the scorecard filters are a form of their own.
  return screen.getByRole('search');
}

describe('the scorecards page search box', () => {
  it('opens the impact page for a CVE typed in any case, Enter submitting', async () => {
    const getImpact = jest.fn(async () =>
      impactList({
        items: [impactItem({ entityRef: 'component:default/payments' })],
      }),
    );
    await renderSecurityPages('/security', { getImpact });
    const box = await searchBox();

    await userEvent.type(
      within(box).getByRole('textbox'),
      'cve-2021-44228{Enter}',
    );

    await waitFor(() =>
      expect(currentLocation()).toBe(
        '/security/impact?vulnerability=cve-2021-44228',
      ),
    );
    expect(await screen.findByText('1 service in 1 team')).toBeInTheDocument();
    expect(getImpact).toHaveBeenCalledWith(
      { vulnerability: 'cve-2021-44228' },
      expect.anything(),
    );
  });

  it('takes what looks like a purl as a purl and an image reference as an image', async () => {
    await renderSecurityPages('/security', {});
    const box = await searchBox();
    const value = within(box).getByRole('textbox');
    const kind = within(box).getByRole('combobox', { name: 'Search for' });

    await userEvent.type(value, 'pkg:npm/lodash');
    expect(kind).toHaveValue('purl');
    await userEvent.clear(value);
    await userEvent.type(value, 'ghcr.io/acme/payments');
    expect(kind).toHaveValue('image');
    await userEvent.clear(value);
    await userEvent.type(value, 'lodash{Enter}');

    await waitFor(() =>
      expect(currentLocation()).toBe('/security/impact?package=lodash'),
    );
  });

  it('keeps a kind the user picked, whatever is typed', async () => {
    await renderSecurityPages('/security', {});
    const box = await searchBox();
    await userEvent.selectOptions(
      within(box).getByRole('combobox', { name: 'Search for' }),
      'Package',
    );

    // A Go module path would be read as an image.
    await userEvent.type(
      within(box).getByRole('textbox'),
      'golang.org/x/net{Enter}',
    );

    await waitFor(() =>
      expect(currentLocation()).toBe(
        '/security/impact?package=golang.org%2Fx%2Fnet',
      ),
    );
  });

  it('stays put when nothing is typed', async () => {
    await renderSecurityPages('/security', {});
    const box = await searchBox();

    await userEvent.type(within(box).getByRole('textbox'), '   {Enter}');

    expect(currentLocation()).toBe('/security');
  });

  it('sits beside a link to the campaigns', async () => {
    await renderSecurityPages('/security', {});
    await searchBox();

    expect(screen.getByRole('link', { name: 'Campaigns' })).toHaveAttribute(
      'href',
      '/security/campaigns',
    );
  });
});
