import { linkFromMail } from './mail';
import { totp } from './totp';
import {
  DEMO_ADMIN,
  GOOD_PASSWORD,
  NEW_ADMIN,
  expect,
  openAccountMenu,
  signIn,
  signUp,
  test,
  turnOnTwoFactor,
  uniqueEmail,
  waitForHydration,
} from './helpers';

test('an admin without 2FA turns it on with the link from their mailbox, which signs out their other sessions', async ({ page, newDevice }) => {
  // A session opened earlier with the password alone (say, someone who has the password).
  const earlier = await newDevice();
  await earlier.goto('/login');
  await waitForHydration(earlier);
  await signIn(earlier, NEW_ADMIN.email, NEW_ADMIN.password);
  await expect(earlier.locator('header').getByTestId('user-name').first()).toBeVisible();

  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, NEW_ADMIN.email, NEW_ADMIN.password);
  await openAccountMenu(page);
  await expect(page.locator('header').getByTestId('admin-link').first()).toBeVisible();

  await page.goto('/admin');
  await expect(page).toHaveURL(/\/account\/security\?required=1$/);
  await expect(page.getByTestId('2fa-required')).toBeVisible();
  // The password alone cannot turn 2FA on for staff: a link goes to the account's address.
  await expect(page.getByRole('button', { name: 'Aktifkan 2FA' })).toHaveCount(0);
  await waitForHydration(page);
  await page.getByTestId('send-enrolment-link').click();
  await expect(page.getByTestId('form-status').filter({ hasText: 'Tautan telah dikirim' })).toBeVisible();
  await page.goto(await linkFromMail(NEW_ADMIN.email, '/account/security'));
  await turnOnTwoFactor(page, NEW_ADMIN.password);

  await page.goto('/admin');
  await expect(page.getByTestId('admin-overview')).toBeVisible();
  // The earlier password-only session is gone: it is sent to sign in, with the way back.
  await earlier.goto('/admin/users');
  await expect(earlier).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
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
  await openAccountMenu(admin);
  await expect(admin.locator('header').getByTestId('admin-link').first()).toBeVisible();
  await waitForHydration(admin);

  // A staff page's code is a chunk of its own, loaded when the page is opened: following the
  // link inside the app fetches the overview's chunk and shows the page.
  const chunks: string[] = [];
  admin.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.endsWith('.wasm')) chunks.push(path);
  });
  await admin.locator('header').getByTestId('admin-link').first().click();
  await expect(admin).toHaveURL(/\/admin$/);
  await expect.poll(() => chunks.some((path) => path.includes('admin_overview'))).toBe(true);
  await expect(admin.getByRole('heading', { level: 1 })).toBeVisible();

  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await expect(admin.getByTestId('user-row')).toHaveCount(1);
  await admin.getByRole('link', { name: 'Pelanggan Nakal' }).click();
  await expect(admin.getByTestId('user-detail-name')).toHaveText('Pelanggan Nakal');
  await waitForHydration(admin);
  await admin.getByTestId('toggle-suspension').click();
  await expect(admin.getByTestId('user-status')).toHaveText('Ditangguhkan');

  await customer.goto('/account');
  await expect(customer).toHaveURL(/\/login\?next=%2Faccount$/);

  await admin.goto('/admin/audit?action=admin.user_suspended');
  await expect(admin.getByTestId('audit-row').first()).toContainText('admin@webrana.test');
});
