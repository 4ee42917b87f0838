import { adminWithTwoFactor, signUpVerified } from './mail';
import { ANALYTICS_ADMIN, expect, orderLabVps, test, uniqueEmail, waitForHydration } from './helpers';
import type { Page } from '@playwright/test';

/** "Rp 1.234.567" or "1.234" as a number. */
const amount = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, ''));

async function revenue(admin: Page) {
  return amount(await admin.getByTestId('figure-revenue').getByTestId('figure-value').textContent());
}

/** The funnel's created, paid and active counts. */
async function funnel(admin: Page) {
  const values = await admin.getByTestId('chart-funnel').getByTestId('share-value').allTextContents();
  return values.map(amount);
}

// Other tests order and pay at the same time, so the numbers are compared as "at least".
test('staff see revenue and the order funnel move when a customer orders and pays', async ({ newDevice }) => {
  test.setTimeout(120_000);
  const admin = await newDevice();
  await adminWithTwoFactor(admin, ANALYTICS_ADMIN);
  await admin.goto('/admin?days=7');
  await expect(admin.getByTestId('admin-overview')).toBeVisible();
  await expect(admin.getByTestId('period')).toContainText('–');
  const [revenueBefore, [createdBefore, paidBefore]] = [await revenue(admin), await funnel(admin)];

  const customer = await newDevice();
  await signUpVerified(customer, 'Pelanggan Analitik', uniqueEmail('analitik'));
  const total = amount(await orderLabVps(customer, `angka-${Date.now().toString(36)}`));
  expect(total).toBeGreaterThan(0);

  await admin.reload();
  await expect.poll(async () => (await funnel(admin))[0]).toBeGreaterThanOrEqual(createdBefore + 1);

  await customer.getByTestId('payment-method').selectOption('va_bca');
  await customer.getByTestId('pay').click();
  await expect(customer).toHaveURL(/\/pay\//);
  await waitForHydration(customer);
  await customer.getByTestId('pay-now').click();
  await expect(customer).toHaveURL(/\/orders\/[0-9a-f-]+/);

  await expect
    .poll(async () => {
      await admin.reload();
      return revenue(admin);
    })
    .toBeGreaterThanOrEqual(revenueBefore + total);
  expect((await funnel(admin))[1]).toBeGreaterThanOrEqual(paidBefore + 1);

  // The revenue chart: a bar per day, its value shown on hover, a table and a CSV.
  const chart = admin.getByTestId('chart-revenue');
  await expect(chart.locator('rect')).toHaveCount(7);
  await waitForHydration(admin);
  await chart.locator('rect').last().hover();
  await expect(chart.getByTestId('chart-readout')).toContainText('Rp');
  await chart.getByTestId('chart-table').locator('summary').click();
  await expect(chart.getByTestId('chart-table').locator('tbody tr')).toHaveCount(7);
  const csv = await chart.getByTestId('chart-csv').getAttribute('href');
  expect(decodeURIComponent(csv!.replace(/^data:text\/csv;charset=utf-8,/, ''))).toMatch(/^label,value\n"\d{4}-\d\d-\d\d",\d+\n/);

  // A longer period by week, from the form.
  await admin.getByTestId('period-form').locator('#from').fill('2026-01-01');
  await admin.getByTestId('period-form').locator('#grain').selectOption('week');
  await admin.getByTestId('period-form').getByRole('button').click();
  await expect(admin).toHaveURL(/grain=week/);
  await expect(admin.getByTestId('period')).toContainText('2026-01-01');
  expect(await revenue(admin)).toBeGreaterThanOrEqual(revenueBefore + total);

  // The staff layout: a sidebar on a laptop (no storefront links in the header), a menu on a phone.
  await admin.setViewportSize({ width: 1366, height: 900 });
  const sidebar = admin.getByTestId('staff-sidebar');
  await expect(sidebar).toBeVisible();
  await expect(admin.getByTestId('staff-menu')).toBeHidden();
  await expect(sidebar.getByRole('link', { name: 'Ringkasan' })).toHaveAttribute('aria-current', 'page');
  await expect(admin.locator('header').getByRole('link', { name: 'Paket' })).toHaveCount(0);
  await sidebar.getByRole('link', { name: 'Pesanan' }).click();
  await expect(admin).toHaveURL(/\/admin\/orders$/);
  await expect(sidebar.getByRole('link', { name: 'Pesanan' })).toHaveAttribute('aria-current', 'page');
  await admin.setViewportSize({ width: 390, height: 844 });
  await expect(sidebar).toBeHidden();
  const menu = admin.getByTestId('staff-menu');
  await expect(menu).toBeVisible();
  await menu.locator('summary').click();
  await menu.getByRole('link', { name: 'Pembayaran' }).click();
  await expect(admin).toHaveURL(/\/admin\/payments$/);
});
