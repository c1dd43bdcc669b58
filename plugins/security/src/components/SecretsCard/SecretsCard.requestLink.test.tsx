import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { securityApiRef } from '../../api/SecurityApi';
import { requestSecretRouteRef } from '../../routes';
import { fakeSecurityApi } from '../../testing/fakeSecurityApi';
import { componentEntity } from '../../testing/fixtures';
import { SecretsCard } from './SecretsCard';

const entity = componentEntity('payments', {
  'vault.io/secrets-path': 'payments/',
});

function renderCard(
  mountedRoutes?: Record<string, typeof requestSecretRouteRef>,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[securityApiRef, fakeSecurityApi()]]}>
      <SecretsCard entity={entity} summary={null} onReload={async () => {}} />
    </TestApiProvider>,
    { mountedRoutes },
  );
}

describe('SecretsCard: Request a secret', () => {
  it('links to the request form with the card’s service preselected', async () => {
    // The app binds the link to the page (by default, in either frontend system; see alpha.test).
    await renderCard({ '/security/secret-requests': requestSecretRouteRef });

    expect(
      await screen.findByRole('link', { name: /Request a secret/ }),
    ).toHaveAttribute(
      'href',
      '/security/secret-requests/new?entityRef=component%3Adefault%2Fpayments',
    );
  });

  it('has no link when the link leads nowhere in the app', async () => {
    await renderCard();

    expect(await screen.findByTestId('secrets-card')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Request a secret/ }),
    ).not.toBeInTheDocument();
  });
});
