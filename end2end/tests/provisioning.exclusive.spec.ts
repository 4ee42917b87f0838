// Runs alone, after every other browser test (see playwright.config.ts): the fault it plants
// in the simulated cloud would otherwise hit another test's order.
import { adminWithTwoFactor, signUpVerified } from './mail';
import {
  CLOUD_ADMIN,
  DEMO_CUSTOMER,
  GOOD_PASSWORD,
  REFUND_ADMIN,
  expect,
  failNextCreate,
  orderAndPayLabVps,
  orderLabVps,
  rupiah,
  signIn,
  test,
  uniqueEmail,
  waitForHydration,
} from './helpers';

// Both tests plant a fault for the next create: one after the other, never side by side.
test.describe.configure({ mode: 'serial' });

test('an admin makes the next create fail, sees why and retries; the customer gets the VPS', async ({ page, newDevice }) => {
  test.setTimeout(120_000);
  const admin = await newDevice();
  await adminWithTwoFactor(admin, CLOUD_ADMIN);
  await failNextCreate(admin);

  const hostname = `gagal-${Date.now().toString(36)}`;
  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, DEMO_CUSTOMER.email, DEMO_CUSTOMER.password);
  await expect(page.locator('header').getByTestId('user-name').first()).toBeVisible();
  await orderAndPayLabVps(page, hostname);
  // The customer learns it failed and that we are on it, never the provider's words.
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'PROVISIONING_FAILED', { timeout: 30_000 });
  await expect(page.getByTestId('provisioning-failed')).toBeVisible();
  await expect(page.getByTestId('provisioning-failed')).not.toContainText('simulated');
  const orderUrl = page.url();

  // Staff see the failed task with the provider's error, and retry it.
  await admin.reload();
  const task = admin.getByTestId('task-row').filter({ hasText: hostname });
  await expect(task).toHaveAttribute('data-status', 'failed');
  await expect(task).toContainText('refused to create');
  await expect(admin.getByTestId('fault-row').and(admin.locator('[data-fault="create_fails"]')).getByTestId('fault-remaining')).toHaveText('0');
  await task.getByRole('link', { name: hostname }).click();
  await waitForHydration(admin);
  await admin.getByTestId('retry-provisioning').click();
  await expect(admin.getByTestId('order-status')).toHaveAttribute('data-status', /^(PROVISIONING|ACTIVE)$/);

  // The customer's page comes up with the server by itself.
  await page.goto(orderUrl);
  await waitForHydration(page);
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'ACTIVE', { timeout: 30_000 });
  await expect(page.getByTestId('service-ipv4')).toHaveText(/^203\.0\.113\.\d+$/);
  await page.getByTestId('manage-service').click();
  await expect(page.getByTestId('service-hostname')).toHaveText(hostname);
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-state', 'running');
  await admin.goto('/admin/audit?action=admin.simulated_fault_set');
  await expect(admin.getByTestId('audit-row').first()).toContainText(CLOUD_ADMIN.email);
});

// The build fails; an admin refunds the order to the customer's balance. On the way the pay
// page counts down, copies the VA number, and moves on by itself when the payment lands.
test('a failed order is refunded to the balance with a credit note', async ({ newDevice }) => {
  test.setTimeout(120_000);
  const admin = await newDevice();
  await adminWithTwoFactor(admin, REFUND_ADMIN);
  await failNextCreate(admin);

  const customer = await newDevice();
  const email = uniqueEmail('refund');
  await signUpVerified(customer, 'Pelanggan Refund', email);

  const total = await orderLabVps(customer, `refund-${Date.now().toString(36)}`);
  const orderPath = new URL(customer.url()).pathname;
  await customer.getByTestId('payment-method').selectOption('va_bca');
  await customer.getByTestId('pay').click();
  await expect(customer).toHaveURL(/\/pay\//);
  await waitForHydration(customer);
  const countdown = customer.getByTestId('pay-countdown');
  const first = await countdown.textContent();
  expect(first).toMatch(/^\d+:\d{2}(:\d{2})?$/);
  await expect(countdown).not.toHaveText(first!, { timeout: 5_000 });
  await customer.getByTestId('copy-va').click();
  await expect(customer.getByTestId('copy-va')).toHaveText('Tersalin');
  // Paid from another tab (as if from the banking app): this page moves on by itself.
  const otherTab = await newDevice();
  await otherTab.goto('/login');
  await waitForHydration(otherTab);
  await signIn(otherTab, email, GOOD_PASSWORD);
  await expect(otherTab.locator('header').getByTestId('user-name').first()).toBeVisible();
  await otherTab.goto(customer.url());
  await waitForHydration(otherTab);
  await otherTab.getByTestId('pay-now').click();
  await expect(customer).toHaveURL(new RegExp(`${orderPath}\\?payment=sent$`), { timeout: 20_000 });
  await expect(customer.getByTestId('order-status')).toHaveAttribute('data-status', 'PROVISIONING_FAILED', { timeout: 30_000 });

  await admin.goto(`/admin${orderPath}`);
  await waitForHydration(admin);
  const refund = admin.getByTestId('refund-form');
  await expect(refund.getByTestId('refund-method')).toHaveValue('wallet');
  await refund.getByLabel(/Alasan/).fill('Server tidak dapat dibuat');
  await admin.getByTestId('refund').click();
  await expect(admin.getByTestId('order-status')).toHaveAttribute('data-status', 'CANCELLED');
  await expect(admin.getByTestId('refund-form')).toHaveCount(0);

  await customer.goto('/wallet');
  await expect(customer.getByTestId('wallet-balance')).toHaveText(total);
  const line = customer.getByTestId('wallet-line');
  await expect(line).toHaveCount(1);
  await expect(line.first()).toHaveAttribute('data-kind', 'refund');
  await expect(line.first()).toContainText(/CN\/\d{4}\/\d{6} · Server tidak dapat dibuat/);
  await customer.goto(orderPath);
  await expect(customer.getByTestId('order-status')).toHaveAttribute('data-status', 'CANCELLED');
  await customer.getByTestId('invoice-link').first().click();
  await expect(customer.getByTestId('credit-note')).toContainText('dikembalikan ke saldo');
  await admin.goto('/admin/audit?action=admin.order_refunded');
  await expect(admin.getByTestId('audit-row').first()).toContainText(REFUND_ADMIN.email);

  // The refunded balance pays a bigger order first; the gateway takes only the rest.
  const refunded = Number(total.replace(/\D/g, ''));
  const bigger = Number((await orderLabVps(customer, `sisa-${Date.now().toString(36)}`, 2)).replace(/\D/g, ''));
  expect(bigger).toBeGreaterThan(refunded);
  await expect(customer.getByTestId('pay-wallet')).toHaveCount(0);
  await expect(customer.getByTestId('use-balance')).toBeChecked();
  await customer.getByTestId('payment-method').selectOption('qris');
  await customer.getByTestId('pay').click();
  await expect(customer).toHaveURL(/\/pay\//);
  await waitForHydration(customer);
  await expect(customer.getByTestId('pay-amount')).toHaveText(rupiah(bigger - refunded));
  await customer.getByTestId('pay-now').click();
  await expect(customer).toHaveURL(/\/orders\/[0-9a-f-]+\?payment=sent$/);
  await expect(customer.getByTestId('order-status')).toHaveAttribute('data-status', /^(PAID|PROVISIONING|ACTIVE)$/, { timeout: 20_000 });
  await customer.goto('/wallet');
  await expect(customer.getByTestId('wallet-balance')).toHaveText('Rp 0');
  await expect(customer.getByTestId('wallet-line').first()).toHaveAttribute('data-kind', 'payment');
});
