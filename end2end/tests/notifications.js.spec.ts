import { adminWithTwoFactor, signUpVerified } from './mail';
import { ANNOUNCEMENTS_ADMIN, GOOD_PASSWORD, expect, signIn, signUp, test, uniqueEmail, waitForHydration } from './helpers';

// One after the other: the announcement below goes to every account, this test's too.
test.describe.configure({ mode: 'serial' });

// A sign-in from another device (another address) tells the account's owner at once: the
// bell of the open dashboard lights up without a reload; reading it in a second tab clears
// the badge in the first.
test('a notification from elsewhere reaches the open dashboard live; reading it in another tab clears the badge', async ({
  page,
  context,
  browser,
}) => {
  const email = uniqueEmail('lonceng');
  // A confirmed address: API keys (below) need one.
  await signUpVerified(page, 'Lina Lonceng', email);
  await expect(page.locator('header').getByTestId('user-name').first()).toBeVisible();
  await page.goto('/dashboard');
  await waitForHydration(page);
  const bell = page.getByTestId('notification-bell');
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('notification-badge')).toHaveCount(0);

  // A second tab of the same browser, on the inbox page.
  const inbox = await context.newPage();
  await inbox.goto('/notifications');
  await waitForHydration(inbox);
  await expect(inbox.getByTestId('inbox-empty')).toBeVisible();
  await expect(inbox.getByTestId('live-state')).toHaveAttribute('data-state', 'live');

  // Elsewhere: someone signs in to the account from another address.
  const elsewhere = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '198.51.100.23' } });
  const other = await elsewhere.newPage();
  await other.goto('/login');
  await waitForHydration(other);
  await signIn(other, email, GOOD_PASSWORD);
  await expect(other.locator('header').getByTestId('user-name').first()).toBeVisible();

  // Within a second, without reloading: the badge, and the item in the other tab.
  await expect(page.getByTestId('notification-badge')).toHaveText('1', { timeout: 1_000 });
  const item = inbox.getByTestId('inbox').getByTestId('notification-item');
  await expect(item).toHaveCount(1, { timeout: 1_000 });
  await expect(item).toContainText('Login baru');
  await expect(item).toHaveAttribute('data-read', 'false');

  // The dropdown shows it too, keyboard-reachable; Escape closes it.
  await bell.click();
  await expect(page.getByTestId('notification-dropdown')).toBeVisible();
  await expect(page.getByTestId('notification-dropdown').getByTestId('notification-item')).toContainText('Login baru');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('notification-dropdown')).toBeHidden();

  // Read in the second tab: the first tab's badge clears by itself.
  await inbox.getByTestId('inbox').getByTestId('mark-read').click();
  await expect(page.getByTestId('notification-badge')).toHaveCount(0, { timeout: 1_000 });
  await expect(inbox.getByTestId('inbox').getByTestId('notification-item')).toHaveAttribute('data-read', 'true');

  // Filters: nothing unread now; the type filter keeps the alert.
  await inbox.goto('/notifications?unread=1');
  await waitForHydration(inbox);
  await expect(inbox.getByTestId('inbox-empty')).toBeVisible();
  await inbox.goto('/notifications?type=SECURITY_ALERT');
  await waitForHydration(inbox);
  await expect(inbox.getByTestId('inbox').getByTestId('notification-item')).toHaveCount(1);

  // An API key for programs: it needs some access; shown once, listed by its prefix with
  // its scopes and expiry, limited to those scopes, revoked.
  await inbox.goto('/account/api-keys');
  await waitForHydration(inbox);
  await inbox.getByLabel('Nama kunci').fill('pemantauan');
  await inbox.getByRole('button', { name: 'Buat kunci' }).click();
  await expect(inbox.getByText('Pilih akses untuk setidaknya satu area.')).toBeVisible();
  await inbox.getByTestId('scope-notifications').selectOption('read');
  await inbox.getByRole('button', { name: 'Buat kunci' }).click();
  const key = (await inbox.getByTestId('new-api-key').textContent())!.trim();
  expect(key).toMatch(/^wbr_/);
  const bearer = { authorization: `Bearer ${key}` };
  const api = await inbox.request.get('/api/v1/notifications/unread-count', { headers: bearer });
  expect(await api.json()).toEqual({ count: 0 });
  const write = await inbox.request.post('/api/v1/notifications/read-all', { headers: bearer });
  expect(write.status()).toBe(403);
  expect((await write.json()).detail).toBe('this API key lacks the scope notifications:write');
  await expect(inbox.getByTestId('api-key')).toContainText('pemantauan');
  await expect(inbox.getByTestId('api-key-scopes')).toHaveText('notifications:read');
  await expect(inbox.getByTestId('api-key')).toContainText('berlaku sampai');
  await inbox.getByTestId('api-key').getByRole('button', { name: 'Cabut' }).click();
  await expect(inbox.getByTestId('api-key')).toHaveCount(0);

  // Preferences: security alerts cannot leave the inbox; e-mail for them can be turned off.
  await inbox.goto('/settings/notifications');
  await waitForHydration(inbox);
  await expect(inbox.getByTestId('pref-SECURITY_ALERT-in_app')).toBeDisabled();
  const mail = inbox.getByTestId('pref-SECURITY_ALERT-email');
  await expect(mail).toBeChecked();
  await mail.uncheck();
  // Saved, and the page says so before anyone leaves it (a reload earlier would cancel it).
  await expect(inbox.getByTestId('preference-status')).toHaveText('Tersimpan.');
  await inbox.reload();
  await waitForHydration(inbox);
  await expect(inbox.getByTestId('pref-SECURITY_ALERT-email')).not.toBeChecked();
});

// An admin writes an announcement, previews it and sends it to everyone: it appears in an
// open dashboard's bell within a second, and as a banner across the site.
test('an announcement sent by an admin reaches an open dashboard live and shows as a banner', async ({ page, newDevice }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail('pengumuman');
  await page.goto('/signup');
  await waitForHydration(page);
  await signUp(page, 'Putri Pengumuman', email, GOOD_PASSWORD);
  await expect(page.locator('header').getByTestId('user-name').first()).toBeVisible();
  await page.goto('/dashboard');
  await waitForHydration(page);
  await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');

  const admin = await newDevice();
  await adminWithTwoFactor(admin, ANNOUNCEMENTS_ADMIN);
  await admin.goto('/admin/notifications');
  await waitForHydration(admin);
  const title = `Pemeliharaan ${Date.now().toString(36)}`;
  const form = admin.getByTestId('announcement-form');
  await form.getByLabel('Judul (Indonesia)').fill(title);
  await form.getByLabel('Judul (Inggris)').fill(`Maintenance ${title}`);
  await form.getByLabel('Isi (Indonesia)').fill('Jaringan Jakarta dipelihara pukul 01.00 WIB.');
  await form.getByLabel('Isi (Inggris)').fill('Jakarta network maintenance at 01:00 WIB.');
  await form.getByLabel('Tingkat').selectOption('warning');
  await admin.getByTestId('announcement-preview').click();
  await expect(admin.getByTestId('announcement-preview-result').getByTestId('announcement').first()).toContainText(title);
  await expect(admin.getByTestId('preview-recipients')).not.toHaveText('0');
  await admin.getByTestId('announcement-send').click();
  await expect(admin.getByTestId('announcement-sent')).toBeVisible();

  // In the customer's open dashboard, without a reload.
  await expect(page.getByTestId('notification-badge')).toHaveText('1', { timeout: 1_000 });
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-dropdown').getByTestId('notification-item').first()).toContainText(title);
  // The banner, on the next page.
  await page.goto('/plans');
  await waitForHydration(page);
  const banner = page.getByTestId('announcements').getByTestId('announcement').filter({ hasText: title });
  await expect(banner).toHaveAttribute('data-severity', 'warning');
  await expect(admin.getByTestId('announcement-row').filter({ hasText: title })).toHaveCount(1);
});
