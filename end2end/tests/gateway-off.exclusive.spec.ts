import { DEMO_CUSTOMER, expect, orderLabVps, signIn, test, waitForHydration } from './helpers';
import { BIN, OwnServer } from './own-server';

// A server with the simulated gateway off and no real gateway configured (a production-like
// setup before keys are entered): an order can be placed, but no simulated "pay" button is
// offered anywhere; the customer is told to contact support instead.
test('without a gateway the simulated pay buttons are absent', async ({ browser }) => {
  test.skip(!BIN, 'WEBRANA_E2E_BIN not set (scripts/test.sh sets it)');
  test.setTimeout(90_000);
  const server = await OwnServer.seeded('gateway-off', { WEBRANA_SIMULATED_GATEWAY: 'false' });
  await server.start();
  try {
    const context = await browser.newContext({ baseURL: server.base, extraHTTPHeaders: { 'x-forwarded-for': '10.9.8.6' } });
    const page = await context.newPage();
    await page.goto('/login');
    await waitForHydration(page);
    await signIn(page, DEMO_CUSTOMER.email, DEMO_CUSTOMER.password);
    await expect(page.locator('header').getByTestId('user-name').first()).toBeVisible();
    await orderLabVps(page, 'tanpa-gateway');
    await expect(page.getByTestId('pay-unavailable')).toBeVisible();
    await expect(page.getByTestId('pay-form')).toHaveCount(0);
    await expect(page.getByTestId('pay-now')).toHaveCount(0);
    // Nor can the page's server functions be asked directly.
    const methods = await page.request.post('/api/payments/methods', { headers: { accept: 'application/json' } });
    expect(await methods.json()).toEqual([]);
    await page.goto('/wallet/top-up');
    await waitForHydration(page);
    await page.getByTestId('top-up-amount').fill('50.000');
    await page.getByTestId('top-up').click();
    await expect(page.getByTestId('open-deposit')).toHaveCount(1);
    await expect(page.getByTestId('open-deposit').getByTestId('pay-unavailable')).toBeVisible();
    await expect(page.getByTestId('pay-now')).toHaveCount(0);
    await context.close();
  } finally {
    server.kill();
  }
});
