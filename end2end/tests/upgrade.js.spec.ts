import { signUpVerified } from './mail';
import { expect, orderAndPayLabVps, test, uniqueEmail, waitForHydration } from './helpers';

// A customer of its own: paying counts against a per-customer limit (5 a minute) that the
// demo customer's other tests spend in parallel.

test('a customer moves a server to a bigger plan: pays the rest of the month, the server is resized and runs again', async ({ page }) => {
  test.setTimeout(150_000);
  const hostname = `naik-${Date.now().toString(36)}`;
  await signUpVerified(page, 'Nadia Naik', uniqueEmail('naik'));
  await orderAndPayLabVps(page, hostname);
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'ACTIVE', { timeout: 30_000 });
  await page.getByTestId('manage-service').click();
  await expect(page.getByTestId('service-hostname')).toHaveText(hostname);
  await waitForHydration(page);
  await expect(page.getByTestId('service-specs')).toContainText('1 vCPU');

  // The one bigger plan sold in Jakarta, with what is due now for the rest of the month.
  const upgrade = page.getByTestId('upgrade');
  const choice = upgrade.getByTestId('upgrade-choice');
  await expect(choice).toHaveCount(1);
  await expect(choice).toContainText('2 vCPU · 4 GB RAM · 60 GB NVMe');
  const due = (await choice.getByTestId('upgrade-due').textContent())!;
  expect(due).toMatch(/^Rp/);
  await choice.getByTestId('upgrade-to').click();

  // Its invoice waits on the page; paid by QRIS through the gateway.
  await expect(upgrade.getByTestId('upgrade-pending')).toContainText('INV/');
  await expect(upgrade.getByTestId('upgrade-pending')).toContainText(due);
  await upgrade.getByTestId('payment-method').selectOption('qris');
  await upgrade.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/pay\//);
  await waitForHydration(page);
  await page.getByTestId('pay-now').click();
  await expect(page).toHaveURL(/\/services\/[0-9a-f-]+\?payment=sent$/);

  // The page follows the resize (off, resized, on) until the server runs on the new plan.
  await expect(page.getByTestId('service-specs')).toContainText('2 vCPU · 4 GB RAM · 60 GB NVMe', { timeout: 90_000 });
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(page.getByTestId('open-action')).toHaveCount(0);
  await expect(upgrade.getByTestId('no-bigger-plan')).toBeVisible();
  await expect(page.getByTestId('action-entry').first()).toHaveAttribute('data-action', 'resize');
  await expect(page.getByTestId('action-entry').first()).toHaveAttribute('data-status', 'done');
});
