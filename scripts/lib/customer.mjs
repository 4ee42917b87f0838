// Steps a script takes as a customer in the browser (screenshots, Lighthouse): sign in, and
// own a server to show (ordered and paid on the demo's simulated cloud and gateway if the
// customer has none). The browser tests have their own helpers (end2end/tests/helpers.ts).

/** Signs in on `page` (Indonesian labels, the default language). */
export async function signIn(page, base, email, password) {
  await page.goto(`${base}/login`);
  await page.locator('html[data-hydrated]').waitFor();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** The address of a server the signed-in customer owns; orders and pays one if there is none
 * (needs the simulated gateway, as `scripts/run.sh` starts the demo). */
export async function ownServer(page, base) {
  await page.goto(`${base}/dashboard`);
  const services = page.locator('main a[href^="/services/"]');
  if ((await services.count()) === 0) {
    await page.goto(`${base}/order`);
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByTestId('choose-provider').selectOption({ label: 'WeBrana Lab' });
    await page.getByTestId('choose-plan').selectOption({ index: 1 });
    await page.getByTestId('hostname').fill(`demo-${Date.now().toString(36)}`);
    await page.getByTestId('hostname').blur();
    await page.getByTestId('price-total').waitFor();
    await page.getByTestId('confirm-order').click();
    await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByTestId('payment-method').selectOption('qris');
    await page.getByTestId('pay').click();
    await page.waitForURL(/\/pay\//);
    await page.locator('html[data-hydrated]').waitFor();
    await page.getByTestId('pay-now').click();
    await page.locator('[data-testid="order-status"][data-status="ACTIVE"]').waitFor({ timeout: 120_000 });
    await page.goto(`${base}/dashboard`);
  }
  return services.first().getAttribute('href');
}
