import { Content, Header, Page } from '@backstage/core-components';
import { ScorecardsContent } from './ScorecardsContent';

/**
 * The scorecards page of the legacy frontend system, with its own header. (The new frontend
 * system's page extension draws the plugin header and renders `ScorecardsPageContent`.)
 * @public
 */
export function ScorecardsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Security scorecards"
        subtitle="Grades across the fleet, by owner, system or domain"
      />
      <Content>
        <ScorecardsContent />
      </Content>
    </Page>
  );
}

/** The page's content under the new frontend system's plugin header. */
export function ScorecardsPageContent() {
  return (
    <Content>
      <ScorecardsContent />
    </Content>
  );
}
