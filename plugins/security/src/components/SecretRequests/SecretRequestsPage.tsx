import { Content, Header, Page } from '@backstage/core-components';
import { SecretRequestsContent } from './SecretRequestsContent';

/**
 * The secret requests page of the legacy frontend system, with its own header. (The new
 * frontend system's page extension draws the plugin header and renders
 * `SecretRequestsPageContent`.)
 * @public
 */
export function SecretRequestsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Secret requests"
        subtitle="Ask for a secret in Vault for a service; someone else approves; nobody sees the value"
      />
      <Content>
        <SecretRequestsContent />
      </Content>
    </Page>
  );
}

/** The page's content under the new frontend system's plugin header. */
export function SecretRequestsPageContent() {
  return (
    <Content>
      <SecretRequestsContent />
    </Content>
  );
}
