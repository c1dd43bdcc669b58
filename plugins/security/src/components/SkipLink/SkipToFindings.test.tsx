import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { securityApiRef } from '../../api/SecurityApi';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import {
  componentEntity,
  gradedPosture,
  vulnerability,
} from '../../testing/fixtures';
import { EntitySecurityContent } from '../EntitySecurityContent';

const payments = componentEntity('payments', {
  'posture.dev/image': 'ghcr.io/acme/payments',
});

async function renderTab(posture: EntityPosture) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          securityApiRef,
          fakeSecurityApi({
            getPosture: async () => posture,
            listVulnerabilities: async () => ({
              items: [vulnerability()],
              totalCount: 1,
            }),
          }),
        ],
      ]}
    >
      <EntityProvider entity={payments}>
        <EntitySecurityContent />
      </EntityProvider>
    </TestApiProvider>,
  );
  await screen.findByText('Security posture');
}

function scanned(): EntityPosture {
  return gradedPosture(payments, DateTime.now().minus({ days: 1 }).toISO()!);
}

describe('skip link to the findings', () => {
  it('is the first stop of the tab by keyboard, and opens the findings with focus in them', async () => {
    await renderTab(scanned());

    await userEvent.tab();
    const skip = screen.getByRole('link', { name: 'Skip to findings' });
    expect(skip).toHaveFocus();
    expect(skip).toHaveAttribute('href', '?view=findings');

    await userEvent.keyboard('{Enter}');

    expect(
      await screen.findByTestId('vulnerabilities-table'),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: /^Findings/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await waitFor(() =>
      expect(document.getElementById('security-findings')).toHaveFocus(),
    );
    // On the findings already, there is nothing to skip to.
    expect(
      screen.queryByRole('link', { name: 'Skip to findings' }),
    ).not.toBeInTheDocument();
  });

  it('is not offered when there are no findings to skip to', async () => {
    await renderTab({ ...scanned(), vulnerabilities: null });
    expect(
      screen.queryByRole('link', { name: 'Skip to findings' }),
    ).not.toBeInTheDocument();
  });
});
