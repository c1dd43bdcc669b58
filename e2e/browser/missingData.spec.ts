import { expect, test } from '@playwright/test';
import { guestToken, signInAsGuest, waitForCatalogEntity } from '../helpers';

// The issue's `recommendations`: an image and Vault paths in the catalog, but no report in
// examples/reports, so only its secrets are ever known. It used to show A, 100/100.
const base = '/api/security/v1/entities/component/default/recommendations';

test.describe('a service known only by its secrets', () => {
  test.beforeAll(async ({ request }) => {
    const token = await guestToken(request);
    await waitForCatalogEntity(request, token, {
      kind: 'component',
      namespace: 'default',
      name: 'recommendations',
    });
    const headers = { Authorization: `Bearer ${token}` };
    // As a user would press "Check now"; a 429 means a pass has just run, which is as good.
    await request.post(`${base}/refresh`, { headers });
    await expect
      .poll(
        async () =>
          (
            await (await request.get(`${base}/posture`, { headers })).json()
          ).secrets !== null,
        { message: 'waiting for Vault to report', timeout: 90_000 },
      )
      .toBe(true);
  });

  test('is not graded A and its tab says what data is missing', async ({
    page,
    request,
  }) => {
    const token = await guestToken(request);
    const posture = await (
      await request.get(`${base}/posture`, {
        headers: { Authorization: `Bearer ${token}` },
      })
    ).json();
    expect(posture.vulnerabilities).toBeNull();
    expect(posture.grade).not.toBe('A');
    expect(posture.missing).toEqual(['scan', 'sbom', 'signature']);

    await signInAsGuest(page);
    await page.goto('/catalog/default/component/recommendations/security');
    const tab = page.getByTestId('security-tab');
    await expect(tab.getByText('Security posture')).toBeVisible();
    const missing = tab.getByRole('list', { name: 'Not known yet' });
    await expect(missing.getByRole('listitem')).toHaveText([
      /^Vulnerabilities: upload a Trivy scan from CI/,
      /^Components \(SBOM\): upload an SBOM from CI/,
      /^Image signature: sign the image in CI/,
    ]);
    await expect(
      tab
        .getByRole('list', { name: 'Reasons for the grade' })
        .getByText(
          "No vulnerability scan: the image's vulnerabilities are unknown",
        ),
    ).toBeVisible();
    await expect(tab.getByText('All checks pass.')).toHaveCount(0);
  });
});
