import { adminWithTwoFactor, signUpVerified } from './mail';
import { KEYS_ADMIN, expect, test, uniqueEmail, waitForHydration } from './helpers';

// The REST API as people meet it: the interactive docs run in the browser from our own
// files, and a leaked key is found and revoked by staff, after which it opens nothing.

test('the API docs open offline and list the operations', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') blocked.push(message.text());
  });
  await page.goto('/api/docs');
  await expect(page).toHaveURL(/\/api\/docs\/$/);
  await expect(page.getByRole('heading', { name: /WeBrana Cloud API/ })).toBeVisible();
  await expect(page.locator('.opblock-summary-path', { hasText: '/api/v1/catalog/plans' }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Authorize' })).toBeVisible();
  const origin = new URL(page.url()).origin;
  expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual([]);
  expect(blocked.filter((text) => text.includes('Content Security Policy'))).toEqual([]);
});

test('staff find a leaked key by the key itself and revoke it; it opens nothing after', async ({ page, newDevice }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail('bocor');
  await signUpVerified(page, 'Kunci Bocor', email);
  await page.goto('/account/api-keys');
  await waitForHydration(page);
  await page.getByLabel('Nama kunci').fill('ci-bocor');
  await page.getByTestId('scope-services').selectOption('write');
  await page.getByRole('button', { name: 'Buat kunci' }).click();
  const key = (await page.getByTestId('new-api-key').textContent())!.trim();
  const bearer = { authorization: `Bearer ${key}` };
  expect((await page.request.get('/api/v1/me', { headers: bearer })).status()).toBe(200);

  const admin = await newDevice();
  await adminWithTwoFactor(admin, KEYS_ADMIN);
  await admin.goto('/admin/api-keys');
  await waitForHydration(admin);
  await admin.getByLabel('E-mail, awalan, atau kunci').fill(key);
  await admin.getByLabel('E-mail, awalan, atau kunci').press('Enter');
  await expect(admin.getByTestId('staff-api-key')).toHaveCount(1);
  await expect(admin.getByTestId('staff-api-key')).toContainText(email);
  await expect(admin.getByTestId('staff-api-key')).toContainText('services:write');
  await expect(admin.getByTestId('staff-api-key')).toContainText(/10\.\d+\.\d+\.\d+/);
  await admin.getByTestId('staff-api-key').getByRole('button', { name: 'Cabut' }).click();
  await expect(admin.getByTestId('no-api-keys')).toBeVisible();

  const refused = await page.request.get('/api/v1/me', { headers: bearer });
  expect(refused.status()).toBe(401);
  expect(refused.headers()['content-type']).toBe('application/problem+json');
  await page.reload();
  await expect(page.getByTestId('api-key')).toHaveCount(0);

  await admin.goto('/admin/audit?action=account.api_key_revoked');
  await expect(admin.getByTestId('audit-row').first()).toContainText(KEYS_ADMIN.email);
});
