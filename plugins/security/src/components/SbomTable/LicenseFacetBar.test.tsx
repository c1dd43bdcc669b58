import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LicenseFacetBar } from './LicenseFacetBar';

const facets = Array.from({ length: 20 }, (_, i) => ({
  license: `License-${i}`,
  count: 100 - i,
}));

describe('LicenseFacetBar', () => {
  it('keeps the long tail behind a button, but never the selected licence', async () => {
    const onSelect = jest.fn();
    await renderInTestApp(
      <LicenseFacetBar
        facets={facets}
        selected="License-19"
        onSelect={onSelect}
      />,
    );

    expect(
      screen.getByRole('button', { name: 'License-0 (100)' }),
    ).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'License-12 (88)' }),
    ).toBeNull();
    expect(
      screen.getByRole('button', { name: 'License-19 (81)' }),
    ).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 20 licences' }),
    );
    expect(
      screen.getByRole('button', { name: 'License-12 (88)' }),
    ).toBeVisible();

    await userEvent.click(
      screen.getByRole('button', { name: 'License-19 (81)' }),
    );
    expect(onSelect).toHaveBeenCalledWith(undefined);
    await userEvent.click(
      screen.getByRole('button', { name: 'License-3 (97)' }),
    );
    expect(onSelect).toHaveBeenLastCalledWith('License-3');
  });

  it('renders nothing for an SBOM without licences', async () => {
    await renderInTestApp(<LicenseFacetBar facets={[]} onSelect={jest.fn()} />);

    expect(screen.queryByRole('group', { name: 'Licences' })).toBeNull();
  });
});
