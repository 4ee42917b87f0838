import { adminWithTwoFactor } from './mail';
import { DEMO_CUSTOMER, SERVICES_ADMIN, expect, orderAndPayLabVps, signIn, test, waitForHydration } from './helpers';

test('a customer renews ahead of time and pays; staff suspend and unsuspend the server with a reason', async ({ page, newDevice }) => {
  test.setTimeout(120_000);
  const hostname = `perpanjang-${Date.now().toString(36)}`;
  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, DEMO_CUSTOMER.email, DEMO_CUSTOMER.password);
  await expect(page.locator('header').getByTestId('user-name').first()).toBeVisible();
  await orderAndPayLabVps(page, hostname);
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'ACTIVE', { timeout: 30_000 });
  await page.getByTestId('manage-service').click();
  await expect(page.getByTestId('service-hostname')).toHaveText(hostname);
  const serviceUrl = page.url();
  await waitForHydration(page);

  // Usage charts, drawn as SVG; the range tabs switch between 1 h, 24 h and 7 d.
  await expect(page.getByTestId('chart-cpu').locator('polyline')).toHaveCount(1);
  await expect(page.getByTestId('chart-network').locator('polyline')).toHaveCount(2);
  await expect(page.getByTestId('chart-disk').locator('polyline')).toHaveCount(2);
  await expect(page.getByTestId('metrics').locator('[data-range="24h"]')).toBeVisible();
  await page.getByTestId('range-7d').click();
  await expect(page.getByTestId('metrics').locator('[data-range="7d"]')).toBeVisible();
  await expect(page.getByTestId('range-7d')).toHaveAttribute('aria-current', 'page');

  // A month paid: the renewal invoice comes a week before it runs out; renewing now is offered.
  await expect(page.getByTestId('next-step')).toHaveAttribute('data-step', 'RenewalInvoice');
  const paidUntil = (await page.getByTestId('service-expires').textContent())!;
  await page.getByTestId('renew-now').click();
  await expect(page.getByTestId('renewal-invoice')).toContainText('INV/');
  await expect(page.getByTestId('next-step')).toHaveAttribute('data-step', 'Suspension');
  await page.getByTestId('renewal').getByTestId('payment-method').selectOption('qris');
  await page.getByTestId('renewal').getByTestId('pay').click();
  await expect(page).toHaveURL(/\/pay\//);
  await waitForHydration(page);
  await expect(page.getByTestId('pay-qr')).toBeVisible();
  await page.getByTestId('pay-now').click();
  // Back on the server's page, which follows the webhook: a month more, no open invoice.
  await expect(page).toHaveURL(/\/services\/[0-9a-f-]+\?payment=sent$/);
  await expect(page.getByTestId('renewal-invoice')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('service-expires')).not.toHaveText(paidUntil);
  await expect(page.getByTestId('next-step')).toHaveAttribute('data-step', 'RenewalInvoice');

  // Staff find it in the admin panel and suspend it with a reason.
  const admin = await newDevice();
  await adminWithTwoFactor(admin, SERVICES_ADMIN);
  await admin.goto(`/admin/services?q=${hostname}`);
  await waitForHydration(admin);
  const row = admin.getByTestId('admin-service-row').filter({ hasText: hostname });
  await expect(row).toHaveAttribute('data-status', 'ACTIVE');
  await row.getByRole('link', { name: hostname }).click();
  await waitForHydration(admin);
  await expect(admin.getByTestId('provider-state')).toContainText('"state": "running"');
  await admin.getByTestId('standing-form').getByLabel(/Alasan/).fill('laporan penyalahgunaan #7');
  await admin.getByTestId('standing-suspend').click();
  await expect(admin.getByTestId('admin-service-detail')).toHaveAttribute('data-status', 'SUSPENDED');
  await expect(admin.getByTestId('admin-service-suspension')).toContainText('laporan penyalahgunaan #7');

  // The customer sees it suspended by staff, its controls off.
  await page.goto(serviceUrl);
  await waitForHydration(page);
  await expect(page.getByTestId('suspended-note')).toBeVisible();
  await expect(page.getByTestId('service-status')).toHaveAttribute('data-status', 'SUSPENDED');
  await expect(page.getByTestId('action-reboot')).toBeDisabled();

  // Unsuspended: active again, and powered on once the suspension's power-off has finished.
  await admin.getByTestId('standing-form').getByLabel(/Alasan/).fill('sudah ditangani');
  await admin.getByTestId('standing-unsuspend').click();
  await expect(admin.getByTestId('admin-service-detail')).toHaveAttribute('data-status', 'ACTIVE');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('suspended-note')).toHaveCount(0);
    await expect(page.getByTestId('power-state')).toHaveAttribute('data-state', 'running', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
});
