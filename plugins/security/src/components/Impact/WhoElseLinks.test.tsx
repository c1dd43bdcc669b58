import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { securityPagesRouteRef } from '../../routes';
import { onNarrowScreen } from '../../testing/narrowScreen';
import { sbomComponent, vulnerability } from '../../testing/fixtures';
import { ComponentsTable } from '../SbomTable/ComponentsTable';
import { FindingsTable } from '../VulnerabilitiesTable/FindingsTable';

// The app mounts the security pages (scorecards, impact, campaigns) at /security.
const mountedRoutes = { '/security': securityPagesRouteRef };

const log4shell = vulnerability({
  id: 'CVE-2021-44228',
  packageName: 'org.apache.logging.log4j:log4j-core',
});
const log4jCore = sbomComponent({
  name: 'log4j-core',
  version: '2.14.1',
  purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar&classifier=sources#META-INF',
});
const tzdata = sbomComponent({ name: 'tzdata', version: '2024a', purl: null });
const notAPurl = sbomComponent({
  name: 'openssl',
  purl: 'openssl-3.0.13',
});

function hrefOf(link: HTMLElement): { path: string; params: object } {
  const url = new URL(link.getAttribute('href')!, 'http://app.test');
  return { path: url.pathname, params: Object.fromEntries(url.searchParams) };
}

function renderFindings() {
  return renderInTestApp(<FindingsTable findings={[log4shell]} />, {
    mountedRoutes,
  });
}

function renderComponents() {
  return renderInTestApp(
    <ComponentsTable components={[log4jCore, tzdata, notAPurl]} />,
    { mountedRoutes },
  );
}

describe('"Who else has this?" links', () => {
  it('link a finding to the impact page of its advisory, named after the advisory for screen readers', async () => {
    await renderFindings();

    const link = await screen.findByRole('link', {
      name: /^Who else has this\?\s*CVE-2021-44228$/,
    });
    expect(link).toHaveTextContent('Who else has this?');
    expect(hrefOf(link)).toEqual({
      path: '/security/impact',
      params: { vulnerability: 'CVE-2021-44228' },
    });
  });

  it('link an SBOM row to every version of its package: the purl without version, qualifiers or subpath', async () => {
    await renderComponents();
    const table = await screen.findByRole('table', { name: 'SBOM components' });
    const links = within(table).getAllByRole('link', {
      name: /^Who else has this\?/,
    });

    expect(links.map(hrefOf)).toEqual([
      {
        path: '/security/impact',
        params: { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core' },
      },
      // No purl, or none a purl library reads: the name finds the package.
      { path: '/security/impact', params: { package: 'tzdata' } },
      { path: '/security/impact', params: { package: 'openssl' } },
    ]);
    // The row's purl is still shown whole.
    expect(within(table).getByText(log4jCore.purl!)).toBeInTheDocument();
  });

  it('are left out when the app has not mounted the security pages', async () => {
    await renderInTestApp(
      <>
        <FindingsTable findings={[log4shell]} />
        <ComponentsTable components={[log4jCore]} />
      </>,
    );

    expect(await screen.findByText('CVE-2021-44228')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: /Who else has this/ }),
    ).not.toBeInTheDocument();
  });

  describe('on a phone', () => {
    onNarrowScreen();

    it('are on every finding card and component card', async () => {
      await renderInTestApp(
        <>
          <FindingsTable findings={[log4shell]} />
          <ComponentsTable components={[log4jCore]} />
        </>,
        { mountedRoutes },
      );

      const findingCards = await screen.findByRole('list', {
        name: 'Vulnerability findings',
      });
      expect(
        hrefOf(within(findingCards).getByRole('link', { name: /Who else has/ }))
          .params,
      ).toEqual({ vulnerability: 'CVE-2021-44228' });
      const componentCards = screen.getByRole('list', {
        name: 'SBOM components',
      });
      expect(
        hrefOf(
          within(componentCards).getByRole('link', { name: /Who else has/ }),
        ).params,
      ).toEqual({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core' });
    });
  });
});
