import { signUpVerified } from './mail';
import { expect, orderLabVps, rupiah, test, uniqueEmail, waitForHydration } from './helpers';

test('the dashboard shows what to pay, the balance and the latest news; paying from there clears it', async ({ page }) => {
  test.setTimeout(90_000);
  await signUpVerified(page, 'Dewi Dasbor', uniqueEmail('dasbor'));
  const hostname = `dasbor-${Date.now().toString(36)}`;
  await orderLabVps(page, hostname);

  await page.goto('/dashboard');
  await waitForHydration(page);
  const toPay = page.getByTestId('to-pay');
  const payable = toPay.getByTestId('payable');
  await expect(payable).toHaveCount(1);
  await expect(payable).toHaveAttribute('data-purpose', 'order');
  await expect(payable).toContainText(hostname);
  await expect(page.getByTestId('overview-balance-amount')).toHaveText(rupiah(0));
  // Its pay button opens the order, where it is paid.
  await payable.getByTestId('pay-link').click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  await waitForHydration(page);
  await page.getByTestId('payment-method').selectOption('qris');
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/pay\//);
  await waitForHydration(page);
  await page.getByTestId('pay-now').click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+/);

  // The gateway's webhook settles it: nothing left to pay, and the news says so.
  await expect(async () => {
    await page.goto('/dashboard');
    await expect(page.getByTestId('nothing-to-pay')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByTestId('overview-notification').first()).toBeVisible();
  // And the server, once built, in the list below.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('service-row').filter({ hasText: hostname })).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 40_000 });
});
