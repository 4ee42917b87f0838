import { DEMO_CUSTOMER, expect, orderAndPayLabVps, signIn, test, waitForHydration } from './helpers';

test('a customer pays, watches the VPS come up and reboots it from the control panel', async ({ page }) => {
  test.setTimeout(90_000);
  const hostname = `panel-${Date.now().toString(36)}`;
  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, DEMO_CUSTOMER.email, DEMO_CUSTOMER.password);
  await expect(page.locator('header').getByTestId('user-name').first()).toBeVisible();
  await orderAndPayLabVps(page, hostname);

  // Provisioning shows as it happens; the server comes up with its address, no reload.
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', /^(PAID|PROVISIONING)$/, { timeout: 20_000 });
  await expect(page.getByTestId('provisioning-progress')).toBeVisible();
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'ACTIVE', { timeout: 30_000 });
  const ip = (await page.getByTestId('service-ipv4').textContent())!;
  expect(ip).toMatch(/^203\.0\.113\.\d+$/);

  // The dashboard lists it; its page has the controls.
  await page.goto('/dashboard');
  const row = page.getByTestId('service-row').filter({ hasText: hostname });
  await expect(row.getByTestId('service-ip')).toHaveText(ip);
  await expect(row.getByTestId('provider-badge')).toHaveText('WeBrana Lab');
  // On a phone the list is cards: every cell on the screen, the status too, each named by
  // its column.
  await page.setViewportSize({ width: 390, height: 800 });
  await expect(page.getByTestId('services').locator('thead')).toBeHidden();
  const status = (await row.locator('td[data-label="Status"]').boundingBox())!;
  expect(status.x + status.width).toBeLessThanOrEqual(390);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 720 });
  await row.getByRole('link', { name: hostname }).click();
  await expect(page).toHaveURL(/\/services\/[0-9a-f-]+$/);
  await waitForHydration(page);
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-state', 'running');
  await expect(page.getByTestId('ssh-command')).toHaveText(`ssh root@${ip}`);
  // The root password needs the account's password, and is shown once.
  const accountPassword = page.locator('#reveal-account-password');
  await accountPassword.fill('bukan-kata-sandi-akun-ini');
  await page.getByTestId('reveal-password').click();
  await expect(page.locator('#reveal-account-password-error')).not.toBeEmpty();
  await expect(page.getByTestId('root-password')).toHaveCount(0);
  await accountPassword.fill(DEMO_CUSTOMER.password);
  await page.getByTestId('reveal-password').click();
  await expect(page.getByTestId('root-password')).toHaveText(/^[A-Za-z2-9]{24}$/);
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByTestId('root-password-gone')).toBeVisible();
  await expect(page.getByTestId('reveal-password')).toHaveCount(0);
  // Powering on a running server makes no sense: disabled.
  await expect(page.getByTestId('action-power_on')).toBeDisabled();

  // Reboot: the page follows the action and the machine's state by itself.
  await page.getByTestId('action-reboot').click();
  await expect(page.getByTestId('open-action')).toHaveAttribute('data-action', 'reboot');
  await expect(page.getByTestId('action-reboot')).toBeDisabled();
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-state', 'busy', { timeout: 15_000 });
  await expect(page.getByTestId('power-state')).toHaveAttribute('data-state', 'running', { timeout: 20_000 });
  await expect(page.getByTestId('open-action')).toHaveCount(0);
  await expect(page.getByTestId('action-entry').first()).toHaveAttribute('data-status', 'done');
  await expect(page.getByTestId('action-reboot')).toBeEnabled();

  // A rebuild is refused until the host name is typed. (Reloaded first, so the form is not
  // replaced by the page's last refresh between filling it and submitting it.)
  await page.reload();
  await waitForHydration(page);
  await page.getByTestId('confirm-rebuild').fill('salah');
  await page.getByTestId('action-rebuild').click();
  await expect(page.getByTestId('controls').getByTestId('form-status')).toBeVisible();
  await expect(page.getByTestId('action-entry')).toHaveCount(1);
});
