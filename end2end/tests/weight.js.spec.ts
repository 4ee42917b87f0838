import type { Browser, Page } from '@playwright/test';
import { signUpVerified } from './mail';
import { expect, test, uniqueEmail, waitForHydration } from './helpers';

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
  // Counted from CDP's own events: a request is open from requestWillBeSent until it
  // finished or failed. (Playwright's "networkidle" is no help here: it is reached once and
  // stays reached, e.g. while hydration waits for the browser to be idle.)
  const open = new Set<string>();
  let lastEvent = Date.now();
  const seen = () => (lastEvent = Date.now());
  cdp.on('Network.requestWillBeSent', (event) => {
    paths.set(event.requestId, new URL(event.request.url).pathname);
    open.add(event.requestId);
    seen();
  });
  cdp.on('Network.requestServedFromCache', (event) => cached.add(event.requestId));
  cdp.on('Network.responseReceived', (event) => {
    // The service worker hands pages on from the network (it never keeps one): a page it
    // answered came over the wire; any other file it answered came from its cache.
    const kept = event.response.fromDiskCache || (event.response.fromServiceWorker && event.type !== 'Document');
    if (kept) cached.add(event.requestId);
    answered.push(event.requestId);
    seen();
  });
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    open.delete(event.requestId);
    seen();
  });
  cdp.on('Network.loadingFailed', (event) => {
    open.delete(event.requestId);
    seen();
  });
  await page.goto(path);
  await waitForHydration(page);
  // Quiet: nothing open and no event for two seconds (the route's split chunks are fetched
  // after hydration starts, in bursts; a shorter wait could end between two of them).
  await expect.poll(() => open.size === 0 && Date.now() - lastEvent > 2000, { timeout: 15_000 }).toBe(true);
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
  // A customer of its own: other tests sign the demo customer out everywhere.
  await signUpVerified(page, 'Pelanggan Ringan', uniqueEmail('ringan'));
  const cold = await freshPage(browser, await page.context().storageState());
  const dashboard = await visit(cold, '/dashboard');
  await expect(cold).toHaveURL(/\/dashboard$/);
  await expect(cold.getByTestId('no-services')).toBeVisible();
  console.log(`first visit to /dashboard: ${dashboard.kib.toFixed(1)} KiB`);
  expect(dashboard.kib).toBeLessThanOrEqual(DASHBOARD_BUDGET_KIB);
  await cold.context().close();
});

// A lazy page's HTML names the WASM chunks its route needs (`<link rel="preload">`), so a
// phone fetches them alongside the main bundle instead of one round trip after it. The
// links are added after the page has rendered, under the request's own reactive owner
// (vendor/leptos_integration_utils); without that, most answers lost them and which ones
// depended on what the server thread had run before, so the pages are asked for one at a
// time and many at once.
test('every lazy page names its chunks for preloading, asked for one at a time or many at once', async ({ request }) => {
  const pages = ['/plans', '/order', '/login', '/signup', '/forgot-password'];
  const chunkPreloads = async (path: string) => {
    const html = await (await request.get(path)).text();
    const links = html.match(/<link[^>]*rel="preload"[^>]*>/g) ?? [];
    return links.filter((link) => /\.wasm"/.test(link) && !/\/webrana\.wasm"/.test(link)).length;
  };
  const expected = new Map<string, number>();
  for (const path of pages) {
    const count = await chunkPreloads(path);
    expect(count, `${path} names no chunk to preload`).toBeGreaterThan(0);
    expected.set(path, count);
  }
  for (let round = 0; round < 4; round++) {
    for (const path of pages) expect(await chunkPreloads(path), path).toBe(expected.get(path));
  }
  const together = pages.flatMap((path) => Array.from({ length: 8 }, () => path));
  const counts = await Promise.all(together.map(chunkPreloads));
  counts.forEach((count, i) => expect(count, together[i]).toBe(expected.get(together[i])));
});
