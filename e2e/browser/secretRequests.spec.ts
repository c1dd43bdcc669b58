import { expect, test, type APIRequestContext } from '@playwright/test';
import {
  DEMO_APPROVER_REF,
  approverToken,
  guestToken,
  signInAsApprover,
  signInAsGuest,
  waitForCatalogEntity,
} from '../helpers';

/**
 * A self-service secret request from end to end: the demo's guest (team-storefront) asks for a
 * KV secret for a storefront service, cannot approve it, the platform approver (a second
 * sign-in) does, and Posture writes it to the Vault stand-in, where it is read back as
 * metadata only, and the service's Secrets card shows it. Posture provisions at
 * default/<service>/<name>, which the service's vault.io/secrets-path does not cover: the card
 * lists it because Posture knows what it provisioned.
 */
const SERVICE = 'search-api';
const SERVICE_REF = `component:default/${SERVICE}`;
const NAME = 'webhook-signing-key';
const SUBJECT = `${NAME} for ${SERVICE}`;
const VAULT_PATH = `default/${SERVICE}/${NAME}`;

/** The Vault stand-in the e2e run starts (playwright.config.ts), with its public demo tokens. */
const VAULT = 'http://127.0.0.1:8200';
const VAULT_READER_TOKEN = 'hvs.posture-demo-reader-NOT-A-SECRET';
// The provisioner's own token: the only demo identity that may read the posture-secret-*
// policies it writes. Nothing here reads a secret's data.
const VAULT_PROVISIONER_TOKEN = 'hvs.posture-demo-provisioner-NOT-A-SECRET';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

async function secretRequest(
  request: APIRequestContext,
  token: string,
  id: string,
) {
  const res = await request.get(`/api/security/v1/secret-requests/${id}`, {
    headers: auth(token),
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

test('a developer asks for a secret, someone else approves, Posture provisions it in Vault', async ({
  page,
  request,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const guest = await guestToken(request);
  await waitForCatalogEntity(request, guest, {
    kind: 'component',
    namespace: 'default',
    name: SERVICE,
  });
  // The approver's sign-in needs their catalog entity.
  await waitForCatalogEntity(request, guest, {
    kind: 'user',
    namespace: 'default',
    name: 'ivy-chen',
  });
  const approver = await approverToken(request);

  let id = '';
  await test.step('the guest asks from the service’s Secrets card', async () => {
    await signInAsGuest(page);
    await page.goto(`/catalog/default/component/${SERVICE}/security`);
    const card = page.getByTestId('secrets-card');
    await card.getByRole('link', { name: 'Request a secret' }).click();

    const form = page.getByRole('form', { name: 'Request a secret' });
    await expect(form.getByRole('textbox', { name: 'Service' })).toHaveValue(
      SERVICE,
    );
    await form.getByRole('textbox', { name: 'Name' }).fill(NAME);
    await expect(form.getByTestId('secret-request-path')).toHaveText(
      `Vault path: ${VAULT_PATH} in the KV mount.`,
    );
    await form
      .getByRole('textbox', { name: 'Justification' })
      .fill('Verifies the signatures of the payment provider’s webhooks.');
    await form.getByRole('button', { name: 'Request secret' }).click();

    await expect(page).toHaveURL(
      /\/security\/secret-requests\/requests\/[^/]+$/,
    );
    id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await expect(page.getByText('Waiting for approval').first()).toBeVisible();
  });

  await test.step('the guest has no Approve on their own request, and the API refuses it', async () => {
    await expect(
      page.getByText(
        'You asked for this, so someone else approves or rejects it.',
      ),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: /^Approve/ })).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Reject/ })).toHaveCount(0);

    // Nor in the queue, where the guest sees their own request among those waiting.
    await page.goto('/security/secret-requests/queue');
    const item = page.getByRole('listitem', {
      name: `Secret request: ${SUBJECT}`,
    });
    await expect(item).toBeVisible();
    await expect(item.getByText('You asked for this')).toBeVisible();
    await expect(item.getByRole('button')).toHaveCount(0);

    const refused = await request.post(
      `/api/security/v1/secret-requests/${id}/approve`,
      { headers: auth(guest), data: {} },
    );
    expect(refused.status(), await refused.text()).toBe(403);
    expect((await secretRequest(request, guest, id)).status).toBe('pending');
  });

  await test.step('the platform approver was told, and approves from the queue', async () => {
    // security.secretRequests.approvers names the platform team (app-config.yaml).
    await expect
      .poll(async () => {
        const res = await request.get('/api/notifications/notifications', {
          headers: auth(approver),
        });
        if (!res.ok()) return [];
        return (await res.json()).notifications.map(
          (n: { payload: { title: string } }) => n.payload.title,
        );
      })
      .toContain(
        `Secret request to review: KV secret "${NAME}" for ${SERVICE}`,
      );

    const context = await browser.newContext({
      baseURL,
      viewport: { width: 1400, height: 900 },
    });
    try {
      const approverPage = await context.newPage();
      await signInAsApprover(approverPage);
      await approverPage.goto('/security/secret-requests/queue');
      const item = approverPage.getByRole('listitem', {
        name: `Secret request: ${SUBJECT}`,
      });
      await expect(item.getByText('guest', { exact: true })).toBeVisible();
      await item.getByRole('button', { name: `Approve ${SUBJECT}` }).click();
      await expect(item.getByRole('status')).toHaveText(
        `Approved and provisioned in Vault at secret/${VAULT_PATH}.`,
      );

      await item
        .getByRole('link', { name: `${SUBJECT}: open its history` })
        .click();
      await expect(approverPage.getByText('Provisioned').first()).toBeVisible();
      await expect(
        approverPage.getByText('How the service reads it'),
      ).toBeVisible();
    } finally {
      await context.close();
    }

    const detail = await secretRequest(request, guest, id);
    expect(detail).toMatchObject({
      status: 'provisioned',
      entityRef: SERVICE_REF,
      requester: 'user:default/guest',
      approver: DEMO_APPROVER_REF,
      mount: 'secret',
      path: VAULT_PATH,
      version: 1,
    });
    expect(detail.policyName).toMatch(/^posture-secret-/);
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'approved',
      'provisioned',
    ]);
  });

  await test.step('Vault holds one version with its metadata, and a policy reading that path only', async () => {
    const metadata = await request.get(
      `${VAULT}/v1/secret/metadata/${VAULT_PATH}`,
      { headers: { 'X-Vault-Token': VAULT_READER_TOKEN } },
    );
    expect(metadata.status(), await metadata.text()).toBe(200);
    const { data } = await metadata.json();
    expect(data.current_version).toBe(1);
    expect(Object.keys(data.versions)).toEqual(['1']);
    expect(data.cas_required).toBe(true);
    expect(data.custom_metadata).toMatchObject({
      owner: 'group:default/team-storefront',
      request_id: id,
      rotation_period_days: '90',
    });

    const { policyName } = await secretRequest(request, guest, id);
    const policy = await request.get(
      `${VAULT}/v1/sys/policies/acl/${policyName}`,
      { headers: { 'X-Vault-Token': VAULT_PROVISIONER_TOKEN } },
    );
    expect(policy.status(), await policy.text()).toBe(200);
    const text: string = (await policy.json()).data.policy;
    expect(text.match(/^path "[^"]+"/gm)).toEqual([
      `path "secret/data/${VAULT_PATH}"`,
    ]);
    expect(text).toContain('capabilities = ["read"]');
  });

  await test.step('the service’s Secrets card shows the new secret', async () => {
    // No "Check now": the backend checks a service's secrets once it has provisioned one.
    await expect
      .poll(
        async () => {
          const res = await request.get(
            `/api/security/v1/entities/component/default/${SERVICE}/secrets`,
            { headers: auth(guest) },
          );
          if (!res.ok()) return [];
          return (await res.json()).items.map((s: { path: string }) => s.path);
        },
        { timeout: 30_000 },
      )
      .toContain(VAULT_PATH);

    await page.goto(`/catalog/default/component/${SERVICE}/security`);
    const card = page.getByTestId('secrets-card');
    const row = card.getByRole('listitem').filter({ hasText: VAULT_PATH });
    await expect(row.getByText('secret · KV · version 1')).toBeVisible();
    // New today, against the 90-day rotation period asked for.
    await expect(row.getByText('ok', { exact: true })).toBeVisible();
  });
});
