import { Content, Header, Page } from '@backstage/core-components';
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { CampaignsContent } from '../Campaigns/CampaignsContent';
import { CampaignView } from '../Campaigns/CampaignView';
import { ImpactContent } from '../Impact/ImpactContent';
import { ScorecardsContent } from '../Scorecards/ScorecardsContent';
import { SecurityPathsProvider } from './securityPaths';

/** The fleet pages under the security page's route, with what a legacy header shows. */
const PAGES: Array<{
  path: string;
  title: string;
  subtitle: string;
  element: ReactNode;
}> = [
  {
    path: '/',
    title: 'Security scorecards',
    subtitle: 'Grades across the fleet, by owner, system or domain',
    element: <ScorecardsContent />,
  },
  {
    path: 'impact',
    title: 'Security',
    subtitle: 'Where do we run it? Services by vulnerability, package or image',
    element: <ImpactContent />,
  },
  {
    path: 'campaigns',
    title: 'Security',
    subtitle: 'Campaigns: is it gone yet?',
    element: <CampaignsContent />,
  },
  {
    path: 'campaigns/:id',
    title: 'Security',
    subtitle: 'Campaigns: is it gone yet?',
    element: <CampaignView />,
  },
];

/**
 * The security page of the legacy frontend system: the scorecards at its root, the impact
 * search (`impact`) and the campaigns (`campaigns`, `campaigns/:id`) beneath, each with its
 * own header.
 * @public
 */
export function ScorecardsPage() {
  return (
    <SecurityPathsProvider>
      <Page themeId="tool">
        <Routes>
          {PAGES.map(page => (
            <Route
              key={page.path}
              path={page.path}
              element={
                <>
                  <Header title={page.title} subtitle={page.subtitle} />
                  <Content>{page.element}</Content>
                </>
              }
            />
          ))}
        </Routes>
      </Page>
    </SecurityPathsProvider>
  );
}

/** The same pages under the new frontend system's plugin header. */
export function ScorecardsPageContent() {
  return (
    <SecurityPathsProvider>
      <Content>
        <Routes>
          {PAGES.map(page => (
            <Route key={page.path} path={page.path} element={page.element} />
          ))}
        </Routes>
      </Content>
    </SecurityPathsProvider>
  );
}
