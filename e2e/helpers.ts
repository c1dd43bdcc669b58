import { expect, type APIRequestContext, type Page } from '@playwright/test';
import type {
  ScorecardPage,
  VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';

/** The demo's CI upload token from app-config.yaml (backend.auth.externalAccess). */
export const DEMO_UPLOAD_TOKEN = 'posture-demo-upload-token-NOT-A-SECRET';

/** Signs in through the app's sign-in page as the demo's guest. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** A guest user's Backstage token, as the frontend gets it after "Enter". */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/auth/guest/refresh', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok()) {
    throw new Error(
      `guest sign-in failed: ${res.status()} ${await res.text()}`,
    );
  }
  const body = await res.json();
  return body.backstageIdentity.token;
}

/** The demo's platform approver (app-config.yaml auth.providers.demo-approver, DEMO ONLY). */
export const DEMO_APPROVER_REF = 'user:default/ivy-chen';

/** Signs in through the sign-in page's "Platform approver (demo only)" card. */
export async function signInAsApprover(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByText('Platform approver (demo only)')).toBeVisible();
  // The card's button; the guest's reads "Enter".
  await page.getByRole('button', { name: 'Sign In' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

/** The demo approver's Backstage token, as the frontend gets it after signing in. */
export async function approverToken(
  request: APIRequestContext,
): Promise<string> {
  const res = await request.get('/api/auth/demo-approver/refresh', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  if (!res.ok()) {
    throw new Error(
      `demo approver sign-in failed: ${res.status()} ${await res.text()}`,
    );
  }
  return (await res.json()).backstageIdentity.token;
}

/**
 * The running demo backend does this work on its own schedule (catalog processing, seeding,
 * Vault passes), so the only way to see it done is to ask again: Playwright's own polling.
 */
async function poll(
  what: string,
  attempt: () => Promise<boolean>,
  seconds = 90,
): Promise<void> {
  await expect
    .poll(attempt, {
      message: `waiting for ${what}`,
      timeout: seconds * 1000,
      intervals: [250, 500, 1000],
    })
    .toBe(true);
}

/** Waits until the catalog has processed the example location (it loads asynchronously). */
export async function waitForCatalogEntity(
  request: APIRequestContext,
  token: string,
  ref: { kind: string; namespace: string; name: string },
): Promise<void> {
  const url = `/api/catalog/entities/by-name/${ref.kind}/${ref.namespace}/${ref.name}`;
  await poll(url, async () =>
    (
      await request.get(url, { headers: { Authorization: `Bearer ${token}` } })
    ).ok(),
  );
}

/** Waits until the backend has ingested the demo's example reports for a component. */
export async function waitForSeededReports(
  request: APIRequestContext,
  token: string,
  name: string,
): Promise<void> {
  const url = `/api/security/v1/entities/component/default/${name}/posture`;
  await poll(`the example reports of ${name}`, async () => {
    const res = await request.get(url, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok()) return false;
    const body = await res.json();
    return body.vulnerabilities !== null && body.sbom !== null;
  });
}

/** Waits until some example service has an overdue secret from the Vault stand-in; its name. */
export async function waitForOverdueSecrets(
  request: APIRequestContext,
  token: string,
): Promise<string> {
  const headers = { Authorization: `Bearer ${token}` };
  const res = await request.get(
    '/api/catalog/entities?filter=kind=component,metadata.annotations.vault.io/secrets-path&fields=metadata.name',
    { headers },
  );
  const names: string[] = (await res.json()).map(
    (e: { metadata: { name: string } }) => e.metadata.name,
  );
  // As a user would press "Check now": the first scheduled Vault pass may have run before
  // the catalog had processed the example services.
  for (const name of names) {
    await request.post(
      `/api/security/v1/entities/component/default/${name}/refresh`,
      { headers },
    );
  }
  let found = '';
  await poll('a service with overdue secrets', async () => {
    for (const name of names) {
      const posture = await request.get(
        `/api/security/v1/entities/component/default/${name}/posture`,
        { headers },
      );
      if ((await posture.json()).secrets?.overdue > 0) {
        found = name;
        return true;
      }
    }
    return false;
  });
  return found;
}

/**
 * The demo's signature plan as generated at start (.posture/rekor/manifest.json): one service
 * per expected status.
 */
export function demoSignatureServices(
  manifestPath: string,
): Record<string, string> {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const manifest = JSON.parse(require('fs').readFileSync(manifestPath, 'utf8'));
  const byStatus: Record<string, string> = {};
  for (const [name, service] of Object.entries<{ expectedStatus: string }>(
    manifest.services,
  )) {
    byStatus[service.expectedStatus] ??= name;
  }
  return byStatus;
}

/**
 * Waits until the service's image signature has the expected status. The Rekor source's first
 * pass may run before the example reports are seeded (it then knows no digest), so this asks
 * for a check as the tab's "Check now" does.
 */
export async function waitForSignatureStatus(
  request: APIRequestContext,
  token: string,
  name: string,
  status: string,
): Promise<void> {
  const headers = { Authorization: `Bearer ${token}` };
  const base = `/api/security/v1/entities/component/default/${name}`;
  await poll(`${name}'s signature to be ${status}`, async () => {
    const posture = await (
      await request.get(`${base}/posture`, { headers })
    ).json();
    if (posture.signature?.status === status) return true;
    await request.post(`${base}/refresh`, { headers });
    return false;
  });
}

/** `GET /api/security/v1/scorecards` with these parameters, as the given caller. */
export async function getScorecards(
  request: APIRequestContext,
  token: string,
  params: Record<string, string>,
): Promise<ScorecardPage> {
  const res = await request.get(
    `/api/security/v1/scorecards?${new URLSearchParams(params)}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

/**
 * Waits until the fleet regrade has recorded every component the catalog has: its first run
 * may come before the catalog has processed the example organisation. Answers their refs.
 */
export async function waitForScorecardFacts(
  request: APIRequestContext,
  token: string,
): Promise<string[]> {
  let refs: string[] = [];
  await poll('the fleet regrade to record every component', async () => {
    // Asked again each time: the catalog may still be processing the examples.
    const res = await request.get(
      '/api/catalog/entities?filter=kind=component&fields=kind,metadata.namespace,metadata.name',
      { headers: { Authorization: `Bearer ${token}` } },
    );
    refs = (await res.json()).map(
      (e: { metadata: { namespace?: string; name: string } }) =>
        `component:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`,
    );
    const page = await getScorecards(request, token, { groupBy: 'owner' });
    return refs.length > 0 && page.totalEntities === refs.length;
  });
  return refs;
}

/**
 * Waits until the exploit feeds have loaded (app-config.yaml reads them from files: CISA's KEV
 * catalog in fixtures/kev and the demo's EPSS file), a few seconds after start-up.
 */
export async function waitForExploitFeeds(
  request: APIRequestContext,
  token: string,
): Promise<void> {
  await poll('the KEV and EPSS feeds to load', async () => {
    const res = await request.get('/api/security/v1/exploit-feeds', {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!res.ok()) return false;
    const { items } = (await res.json()) as {
      items: Array<{ feed: string; rows: number; loadedAt: string | null }>;
    };
    return ['kev', 'epss'].every(feed =>
      items.some(i => i.feed === feed && i.rows > 0 && i.loadedAt !== null),
    );
  });
}

/** Every finding of a component in the API's order, page by page (`nextCursor`). */
export async function listAllFindings(
  request: APIRequestContext,
  token: string,
  name: string,
  params: Record<string, string> = {},
): Promise<VulnerabilityItem[]> {
  const items: VulnerabilityItem[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({
      ...params,
      limit: '500',
      ...(cursor ? { cursor } : {}),
    });
    const res = await request.get(
      `/api/security/v1/entities/component/default/${name}/vulnerabilities?${query}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.status(), await res.text()).toBe(200);
    const page = await res.json();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** `POST /api/security/v1/reports` for a component, as CI uploads (the demo's token). */
export async function uploadForComponent(
  request: APIRequestContext,
  name: string,
  document: string,
) {
  return request.post(
    `/api/security/v1/reports?entityRef=component:default/${name}`,
    {
      headers: {
        Authorization: `Bearer ${DEMO_UPLOAD_TOKEN}`,
        'Content-Type': 'application/json',
      },
      data: Buffer.from(document),
    },
  );
}
