import { expect, test } from '@playwright/test';
import { signInAsGuest } from '../helpers';

test('the demo guest is the example catalog user and owns its team services', async ({
  page,
  request,
}) => {
  const res = await request.get('/api/auth/guest/refresh', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(res.ok()).toBe(true);
  const { identity } = (await res.json()).backstageIdentity;
  // Not user:development/guest, whom no catalog entity describes.
  expect(identity.userEntityRef).toBe('user:default/guest');
  expect(identity.ownershipEntityRefs).toEqual(
    expect.arrayContaining([
      'user:default/guest',
      'group:default/team-storefront',
    ]),
  );

  await signInAsGuest(page);
  // The catalog's "Owned" filter counts the services of the guest's team.
  await expect(page.locator('li', { hasText: /^Owned/ }).first()).toHaveText(
    /^Owned\s*[1-9]\d*$/,
  );
});
