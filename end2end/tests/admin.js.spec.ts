import { totp } from './totp';
import {
  DEMO_ADMIN,
  GOOD_PASSWORD,
  NEW_ADMIN,
  expect,
  signIn,
  signUp,
  test,
  uniqueEmail,
  waitForHydration,
} from './helpers';

test('an admin without 2FA is sent to turn it on before the admin panel', async ({ page }) => {
  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, NEW_ADMIN.email, NEW_ADMIN.password);
  await expect(page.locator('header').getByTestId('admin-link').first()).toBeVisible();

  await page.goto('/admin');
  await expect(page).toHaveURL(/\/account\/security\?required=1$/);
  await expect(page.getByTestId('2fa-required')).toBeVisible();

  await waitForHydration(page);
  await page.getByRole('button', { name: 'Aktifkan 2FA' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Kode').fill(totp(secret));
  await page.getByRole('button', { name: 'Konfirmasi dan aktifkan' }).click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);

  await page.goto('/admin');
  await expect(page.getByTestId('admin-overview')).toBeVisible();
});

test('the demo admin signs in with TOTP, suspends a customer and finds it in the audit log', async ({ newDevice }) => {
  const customer = await newDevice();
  const email = uniqueEmail('nakal');
  await customer.goto('/signup');
  await signUp(customer, 'Pelanggan Nakal', email, GOOD_PASSWORD);
  await expect(customer).toHaveURL(/\/account$/);

  const admin = await newDevice();
  await admin.goto('/login');
  await waitForHydration(admin);
  await signIn(admin, DEMO_ADMIN.email, DEMO_ADMIN.password);
  await expect(admin).toHaveURL(/\/login\/2fa$/);
  await waitForHydration(admin);
  await admin.getByLabel('Kode').fill(totp(DEMO_ADMIN.totpSecret));
  await admin.getByRole('button', { name: 'Verifikasi' }).click();
  await expect(admin.locator('header').getByTestId('admin-link').first()).toBeVisible();

  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await expect(admin.getByTestId('user-row')).toHaveCount(1);
  await admin.getByRole('link', { name: 'Pelanggan Nakal' }).click();
  await expect(admin.getByTestId('user-detail-name')).toHaveText('Pelanggan Nakal');
  await waitForHydration(admin);
  await admin.getByTestId('toggle-suspension').click();
  await expect(admin.getByTestId('user-status')).toHaveText('Ditangguhkan');

  await customer.goto('/account');
  await expect(customer).toHaveURL(/\/login$/);

  await admin.goto('/admin/audit?action=admin.user_suspended');
  await expect(admin.getByTestId('audit-row').first()).toContainText('admin@webrana.test');
});
