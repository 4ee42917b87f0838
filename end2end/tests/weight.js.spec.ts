import type { Browser, Page } from '@playwright/test';
import { DEMO_CUSTOMER, expect, signIn, test, waitForHydration } from './helpers';

// What a phone on mobile data pays for a page: every byte on the wire (headers and
// compressed bodies, as Chromium counts them) until the page has hydrated and gone quiet.
// The budgets hold for the release build (`scripts/build-site.sh --release`), which the
// test command builds for the browser tests.
const FIRST_VISIT_BUDGET_KIB = 400;
const DASHBOARD_BUDGET_KIB = 600;

/** Opens `path` in `page` and returns the bytes it downloaded, and which requests were
 * answered from the browser's cache instead of the network. */
async function visit(page: Page, path: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  const paths = new Map<string, string>();
  const cached = new Set<string>();
  const answered: string[] = [];
  cdp.on('Network.requestWillBeSent', (event) => paths.set(event.requestId, new URL(event.request.url).pathname));
  cdp.on('Network.requestServedFromCache', (event) => cached.add(event.requestId));
  cdp.on('Network.responseReceived', (event) => {
    if (event.response.fromDiskCache || event.response.fromServiceWorker) cached.add(event.requestId);
    answered.push(event.requestId);
  });
  cdp.on('Network.loadingFinished', (event) => (bytes += event.encodedDataLength));
  await page.goto(path);
  await waitForHydration(page);
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  const network = answered.filter((id) => !cached.has(id)).map((id) => paths.get(id)!);
  return { kib: bytes / 1024, network };
}

/** Fails clearly on a development build, whose bundle is ten times the size. */
async function requireReleaseBuild(page: Page) {
  const wasm = await page.evaluate(() =>
    performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/webrana.wasm')),
  );
  const size = (wasm as PerformanceResourceTiming | undefined)?.decodedBodySize ?? 0;
  expect(size, 'the browser tests need the release build (scripts/build-site.sh --release)').toBeLessThan(8 * 1024 * 1024);
}

async function freshPage(browser: Browser, storageState?: Awaited<ReturnType<Page['context']>['storageState']>) {
  const context = await browser.newContext({ storageState });
  return context.newPage();
}

test('a first visit to / stays within its budget, and a repeat visit downloads only the page', async ({ browser }) => {
  const page = await freshPage(browser);
  const first = await visit(page, '/');
  await requireReleaseBuild(page);
  console.log(`first visit to /: ${first.kib.toFixed(1)} KiB`);
  expect(first.kib).toBeLessThanOrEqual(FIRST_VISIT_BUDGET_KIB);

  // Built files have content-hashed addresses and are kept a year: only the HTML comes again.
  const again = await visit(page, '/');
  expect(again.network).toEqual(['/']);
  await page.context().close();
});

test("a customer's dashboard, opened cold, stays within its budget", async ({ page, browser }) => {
  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, DEMO_CUSTOMER.email, DEMO_CUSTOMER.password);
  await expect(page.locator('header').getByTestId('user-name').first()).toBeVisible();
  const cold = await freshPage(browser, await page.context().storageState());
  const dashboard = await visit(cold, '/dashboard');
  console.log(`first visit to /dashboard: ${dashboard.kib.toFixed(1)} KiB`);
  expect(dashboard.kib).toBeLessThanOrEqual(DASHBOARD_BUDGET_KIB);
  await cold.context().close();
});
