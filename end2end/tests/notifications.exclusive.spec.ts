import { spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { GOOD_PASSWORD, expect, signIn, signUp, test, uniqueEmail, waitForHydration } from './helpers';

// Kills the server under a signed-in customer's open dashboard and starts it again: the page
// reconnects by itself (the indicator shows it), and a notification written while it was
// cut off arrives after the reconnect, once. The test runs a server of its own (the binary
// scripts/test.sh built), so killing it disturbs no other test.
const BIN = process.env.WEBRANA_E2E_BIN;

/** A free port below Linux's ephemeral range (32768+). A port the OS hands out for
 * `listen(0)` is an ephemeral one, and while the killed server is down every connection
 * attempt to it (the readiness poll, the page's socket reconnecting) takes an ephemeral
 * source port: one of them can become a TCP self-connection on the very port, which then
 * keeps the restarted server from binding. Ports below the range are never source ports. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

class OwnServer {
  process?: ChildProcess;
  constructor(
    readonly port: number,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  async start() {
    this.process = spawn(BIN!, ['serve'], { env: this.env, stdio: 'ignore' });
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${this.port}/ready`, { signal: AbortSignal.timeout(2_000) }).catch(() => null))?.status ?? 0, {
        timeout: 30_000,
      })
      .toBe(200);
  }

  kill() {
    this.process?.kill('SIGKILL');
  }
}

test('the live line survives a server restart and catches up what it missed', async ({ browser }) => {
  test.skip(!BIN, 'WEBRANA_E2E_BIN not set (scripts/test.sh sets it)');
  test.setTimeout(120_000);
  const folder = mkdtempSync(join(tmpdir(), 'webrana-restart-'));
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${folder}/webrana.db`,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    WEBRANA_MAIL_OUTBOX: join(folder, 'outbox'),
    WEBRANA_SECRET_KEY_FILE: join(folder, 'secret.key'),
    WEBRANA_TRUST_PROXY: 'true',
    RUST_LOG: 'warn',
  };
  execFileSync(BIN!, ['seed-demo'], { env, stdio: 'ignore' });
  const server = new OwnServer(port, env);
  await server.start();
  const base = `http://127.0.0.1:${port}`;

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
