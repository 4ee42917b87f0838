import { GOOD_PASSWORD, expect, signIn, signUp, test, uniqueEmail, waitForHydration } from './helpers';
import { BIN, OwnServer } from './own-server';

// Kills the server under a signed-in customer's open dashboard and starts it again: the page
// reconnects by itself (the indicator shows it), and a notification written while it was
// cut off arrives after the reconnect, once. The test runs a server of its own, so killing
// it disturbs no other test.
test('the live line survives a server restart and catches up what it missed', async ({ browser }) => {
  test.skip(!BIN, 'WEBRANA_E2E_BIN not set (scripts/test.sh sets it)');
  test.setTimeout(120_000);
  const server = await OwnServer.seeded('restart');
  await server.start();
  const base = server.base;

  const context = await browser.newContext({ baseURL: base, extraHTTPHeaders: { 'x-forwarded-for': '10.9.8.7' } });
  const page = await context.newPage();
  const email = uniqueEmail('mulai-ulang');
  await page.goto('/signup');
  await waitForHydration(page);
  await signUp(page, 'Rudi Restart', email, GOOD_PASSWORD);
  await expect(page.locator('header').getByTestId('user-name').first()).toBeVisible();
  await page.goto('/dashboard');
  await waitForHydration(page);
  const live = page.getByTestId('live-state');
  await expect(live).toHaveAttribute('data-state', 'live');

  // Hold the page's socket off while the test says so (the server itself stays reachable).
  let cutOff = false;
  await context.routeWebSocket(/\/api\/v1\/notifications\/socket/, (socket) => {
    if (cutOff) {
      socket.close();
    } else {
      socket.connectToServer();
    }
  });

  server.kill();
  await expect(live).toHaveAttribute('data-state', 'offline', { timeout: 5_000 });
  cutOff = true;
  await server.start();

  // Written while the page is cut off: a sign-in from another address.
  const signInElsewhere = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.50', accept: 'application/json' },
    body: new URLSearchParams({ email, password: GOOD_PASSWORD }),
  });
  expect(signInElsewhere.status).toBe(200);
  await page.waitForTimeout(1_500);
  await expect(page.getByTestId('notification-badge')).toHaveCount(0);

  // Let it through: the page reconnects by itself and catches up, once.
  cutOff = false;
  await expect(live).toHaveAttribute('data-state', 'live', { timeout: 40_000 });
  await expect(page.getByTestId('notification-badge')).toHaveText('1');
  await page.getByTestId('notification-bell').click();
  await expect(page.getByTestId('notification-dropdown').getByTestId('notification-item')).toHaveCount(1);
  await expect(page.getByTestId('notification-dropdown')).toContainText('Login baru');

  await context.close();
  server.kill();
});
