// Runs alone, after every other browser test (see playwright.config.ts): the fault it plants
// in the simulated cloud would otherwise hit another test's order.
import {
  CLOUD_ADMIN,
  DEMO_CUSTOMER,
  adminWithTwoFactor,
  expect,
  orderAndPayLabVps,
  signIn,
  test,
  waitForHydration,
} from './helpers';

test('an admin makes the next create fail, sees why and retries; the customer gets the VPS', async ({ page, newDevice }) => {
  test.setTimeout(120_000);
  const admin = await newDevice();
  await adminWithTwoFactor(admin, CLOUD_ADMIN);
  await admin.goto('/admin/provisioning');
  await waitForHydration(admin);
  const createFault = admin.getByTestId('fault-row').and(admin.locator('[data-fault="create_fails"]'));
  await createFault.getByTestId('fault-count-create_fails').fill('1');
  await createFault.getByTestId('fault-apply-create_fails').click();
  await expect(createFault.getByTestId('fault-remaining')).toHaveText('1');

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
