/* eslint-disable no-script-url -- these tests feed script URLs on purpose */
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { secretItem, vulnerability } from '../../testing/fixtures';
import { SecretPath } from '../SecretsCard/SecretPath';
import { LogIndexLink } from '../SignatureCard/LogIndexLink';
import { FindingLink } from '../VulnerabilitiesTable/FindingLink';

/** URLs an uploaded report, a bundle or a source could carry to run script or leave the web. */
const HOSTILE_URLS = [
  'javascript:alert(document.cookie)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\nscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'Data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'VBSCRIPT:msgbox(1)',
  '/nvd/cve-2019-14697',
  '//evil.example.com/advisory',
  'file:///etc/passwd',
];

/** Every href in the rendered tree, as the DOM holds it. */
function hrefs(container: HTMLElement): string[] {
  return Array.from(container.querySelectorAll('[href]')).map(
    element => element.getAttribute('href') ?? '',
  );
}

describe('links from reports, bundles and sources', () => {
  describe.each(HOSTILE_URLS)('%j', url => {
    it('is not a finding link', async () => {
      const { container } = await renderInTestApp(
        <FindingLink finding={vulnerability({ id: 'CVE-2024-1', url })} />,
      );

      expect(screen.getByText('CVE-2024-1')).toBeInTheDocument();
      expect(screen.queryByRole('link')).toBeNull();
      expect(hrefs(container)).toEqual([]);
    });

    it('is not a log link', async () => {
      const { container } = await renderInTestApp(
        <LogIndexLink logIndex={42} logUrl={url} />,
      );

      expect(screen.getByText('42')).toBeInTheDocument();
      expect(screen.queryByRole('link')).toBeNull();
      expect(hrefs(container)).toEqual([]);
    });

    it('is not a Vault UI link', async () => {
      const { container } = await renderInTestApp(
        <SecretPath
          secret={secretItem({ path: 'payments/stripe' })}
          vaultUi={{ publicUrl: url }}
        />,
      );

      expect(screen.getByText('payments/stripe')).toBeInTheDocument();
      expect(screen.queryByRole('link')).toBeNull();
      expect(hrefs(container)).toEqual([]);
    });
  });

  it('still links web URLs, whatever the case of their scheme', async () => {
    const { container } = await renderInTestApp(
      <>
        <FindingLink
          finding={vulnerability({
            id: 'CVE-2019-14697',
            url: 'HTTPS://avd.aquasec.com/nvd/cve-2019-14697',
          })}
        />
        <LogIndexLink
          logIndex={42}
          logUrl="http://localhost:3001/api/v1/log/entries?logIndex=42"
        />
        <SecretPath
          secret={secretItem({ path: 'payments/stripe' })}
          vaultUi={{ publicUrl: 'Https://vault.example.com' }}
        />
      </>,
    );

    expect(hrefs(container)).toEqual([
      'https://avd.aquasec.com/nvd/cve-2019-14697',
      'http://localhost:3001/api/v1/log/entries?logIndex=42',
      'https://vault.example.com/ui/vault/secrets/secret/kv/payments%2Fstripe/details',
    ]);
  });
});
