import { expectAccessible, firstLink } from './accessibility';
import { adminWithTwoFactor, signUpVerified } from './mail';
import type { Page } from '@playwright/test';
import { ACCESSIBILITY_ADMIN, expect, orderAndPayLabVps, test, uniqueEmail } from './helpers';

// Every page, checked by axe in both themes (see accessibility.ts).

test('public pages have no serious accessibility findings', async ({ page }) => {
  test.setTimeout(120_000);
  for (const path of ['/', '/plans', '/order', '/login', '/signup', '/forgot-password', '/halaman-yang-tidak-ada']) {
    await expectAccessible(page, path);
  }
});

/** A new customer with a paid, running server (the pages below need one to show). */
async function customerWithServer(page: Page) {
  await signUpVerified(page, 'Sari Aksesibel', uniqueEmail('aksesibel'));
  await orderAndPayLabVps(page, `akses-${Date.now().toString(36)}`);
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'ACTIVE', { timeout: 30_000 });
  return new URL(page.url()).pathname;
}

// The customer's and the staff's pages are two tests (run side by side): every page twice
// (both themes) takes minutes, and one test for all of them ran close to its time limit.
test('customer pages have no serious accessibility findings', async ({ page }) => {
  test.setTimeout(240_000);
  const order = await customerWithServer(page);
  for (const path of ['/dashboard', '/orders', order, '/invoices', '/wallet', '/wallet/top-up', '/notifications',
    '/settings/notifications', '/account', '/account/api-keys', '/account/security']) {
    await expectAccessible(page, path);
  }
  await page.goto('/dashboard');
  await expectAccessible(page, await firstLink(page, '/services/'));
  await page.goto('/invoices');
  await expectAccessible(page, await firstLink(page, '/invoices/'));
});

test('staff pages have no serious accessibility findings', async ({ page, newDevice }) => {
  test.setTimeout(240_000);
  // Something of every kind for the detail pages: a customer, an order, a server.
  await customerWithServer(page);
  const admin = await newDevice();
  await adminWithTwoFactor(admin, ACCESSIBILITY_ADMIN);
  for (const path of ['/admin', '/admin/users', '/admin/orders', '/admin/catalog', '/admin/promos',
    '/admin/notifications', '/admin/payments', '/admin/provisioning', '/admin/services', '/admin/audit',
    '/admin/api-keys']) {
    await expectAccessible(admin, path);
  }
  for (const [list, prefix] of [['/admin/users', '/admin/users/'], ['/admin/orders', '/admin/orders/'],
    ['/admin/catalog', '/admin/catalog/plans/'], ['/admin/services', '/admin/services/']]) {
    await admin.goto(list);
    await expectAccessible(admin, await firstLink(admin, prefix));
  }
});
