import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { totp } from './totp';

/**
 * Playwright's `test`, with every test appearing to come from its own client IP (the server
 * under test trusts `X-Forwarded-For`), so the per-IP limit on sign-in endpoints (30 per
 * minute) applies to each test alone rather than to the whole parallel suite.
 */
export const test = base.extend<{ pageErrors: string[]; newDevice: () => Promise<Page> }>({
  extraHTTPHeaders: async ({}, use, testInfo) => {
    const n = [...testInfo.testId].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) >>> 0, 7);
    await use({ 'x-forwarded-for': `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` });
  },
  // Every page of every test: a hydration error, an uncaught exception or anything the
  // Content-Security-Policy refused fails the test, even when the page still looks right
  // (it would have stopped reacting, or a real browser would have blocked a part of it).
  pageErrors: [
    async ({ context }, use) => {
      const problems: string[] = [];
      context.pages().forEach((page) => watchPage(page, problems));
      context.on('page', (page) => watchPage(page, problems));
      await use(problems);
      expect(problems, 'errors in the browser').toEqual([]);
    },
    { auto: true },
  ],
  /** A page in a separate browser context: another device with its own cookies. */
  newDevice: async ({ browser, pageErrors }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async () => {
      const context = await browser.newContext();
      contexts.push(context);
      const page = await context.newPage();
      watchPage(page, pageErrors);
      return page;
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

function watchPage(page: Page, problems: string[]) {
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /hydration|panicked|Content Security Policy/i.test(message.text())) {
      problems.push(message.text().split('\n')[0]);
    }
  });
}
export { expect };

/** A unique address for an account a test creates. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.co.id`;
}

/** A password the policy accepts. */
export const GOOD_PASSWORD = 'kopi-tubruk-di-pagi-hujan-73';

/** Waits until the WASM bundle has hydrated the page (the app marks <html data-hydrated>). */
export async function waitForHydration(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** The language or theme button in the header (the footer repeats them). */
export function headerControl(page: Page, testId: string) {
  return page.locator('header').getByTestId(testId).first();
}

/** The demo customer `webrana seed-demo` creates (scripts/test.sh seeds before these tests). */
export const DEMO_CUSTOMER = {
  email: 'budi@webrana.test',
  password: 'rahasia-pelanggan-demo-2026',
  name: 'Budi Santoso',
};

/** The demo admin (2FA on with a documented secret, see README). */
export const DEMO_ADMIN = {
  email: 'admin@webrana.test',
  password: 'rahasia-admin-demo-2026',
  totpSecret: 'WEBRANADEMOADMINTOTPSECRETKEY234',
};

/** Admins created by `webrana create-admin` in scripts/test.sh, without 2FA: one for the
 * test that turns it on, one that keeps it off. */
export const NEW_ADMIN = {
  email: 'admin-baru@webrana.test',
  password: 'menara-pandang-tepi-danau-toba-88',
};
export const OTHER_NEW_ADMIN = { ...NEW_ADMIN, email: 'admin-lain@webrana.test' };
/** One more `create-admin` account per test that needs an admin with 2FA of its own (a TOTP
 * code is accepted once, so tests running in parallel cannot share one). */
export const CASHIER_ADMIN = { ...NEW_ADMIN, email: 'admin-kasir@webrana.test' };
export const CATALOG_ADMIN = { ...NEW_ADMIN, email: 'admin-katalog@webrana.test' };
export const CLOUD_ADMIN = { ...NEW_ADMIN, email: 'admin-cloud@webrana.test' };
export const SERVICES_ADMIN = { ...NEW_ADMIN, email: 'admin-layanan@webrana.test' };
export const ANNOUNCEMENTS_ADMIN = { ...NEW_ADMIN, email: 'admin-pengumuman@webrana.test' };
export const WALLET_ADMIN = { ...NEW_ADMIN, email: 'admin-saldo@webrana.test' };
export const REFUND_ADMIN = { ...NEW_ADMIN, email: 'admin-refund@webrana.test' };
export const ACCESSIBILITY_ADMIN = { ...NEW_ADMIN, email: 'admin-akses@webrana.test' };
export const KEYS_ADMIN = { ...NEW_ADMIN, email: 'admin-kunci@webrana.test' };
export const ANALYTICS_ADMIN = { ...NEW_ADMIN, email: 'admin-analitik@webrana.test' };

/** On /account/security with 2FA off (and, for staff, opened from the enrolment link):
 * enters the password, reads the new secret and confirms with a code. Returns the secret
 * and the recovery codes shown once. */
export async function turnOnTwoFactor(page: Page, password: string) {
  await waitForHydration(page);
  const section = page.locator('section[aria-labelledby="2fa-heading"]');
  await section.getByLabel('Kata sandi saat ini').fill(password);
  await section.getByRole('button', { name: 'Aktifkan 2FA' }).click();
  await expect(page.getByTestId('totp-qr').locator('svg')).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await section.getByLabel('Kode').fill(totp(secret));
  await section.getByRole('button', { name: 'Konfirmasi dan aktifkan' }).click();
  await expect(page.getByTestId('recovery-code')).toHaveCount(10);
  const codes = await page.getByTestId('recovery-code').allTextContents();
  await expect(page.getByTestId('2fa-on')).toBeVisible();
  return { secret, codes };
}

/** Fills and submits the sign-in form (Indonesian labels). */
export async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

/** Fills and submits the sign-up form on /signup (Indonesian labels). */
export async function signUp(page: Page, name: string, email: string, password: string) {
  await page.getByLabel('Nama lengkap').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByLabel(/Saya menyetujui/).check();
  await page.getByRole('button', { name: 'Buat akun' }).click();
}

/** Opens the header's account menu (signed in, on a screen 1024 px or wider). */
export async function openAccountMenu(page: Page) {
  const menu = page.locator('header').getByTestId('account-menu').first();
  await expect(menu).toBeVisible();
  // Opened by a click, natively (no JavaScript needed); a page still hydrating may redraw
  // the header under the click, so look again until it is open.
  await expect(async () => {
    if (!(await menu.evaluate((details) => (details as HTMLDetailsElement).open))) {
      await menu.locator('summary').click();
    }
    await expect(menu.getByTestId('logout')).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
}

/** Signs out with the header's account menu. */
export async function signOut(page: Page) {
  const header = page.locator('header');
  await openAccountMenu(page);
  await header.getByTestId('logout').first().click();
  await expect(header.getByTestId('login-link').first()).toBeVisible();
}

/** Rounds half up, as the server does for every percentage of an amount. */
export const percentOf = (amount: number, percent: number) => Math.floor((amount * percent + 50) / 100);
/** Rupiah as the pages show them: `Rp 1.234.567`. */
export const rupiah = (amount: number) => `Rp ${amount.toLocaleString('de-DE')}`;

/** Places an order for a "WeBrana Lab" VPS (the wizard's `plan`-th plan) as the signed-in
 * customer (from /order); leaves
 * the page on the new order and returns the total the wizard showed (`Rp 54.390`). */
export async function orderLabVps(page: Page, hostname: string, plan = 1): Promise<string> {
  await page.goto('/order');
  await waitForHydration(page);
  await page.getByTestId('choose-provider').selectOption({ label: 'WeBrana Lab' });
  await page.getByTestId('choose-plan').selectOption({ index: plan });
  await page.getByTestId('hostname').fill(hostname);
  await page.getByTestId('hostname').blur();
  await expect(page.getByTestId('price-total')).toBeVisible();
  const total = (await page.getByTestId('price-total').textContent())!.trim();
  await page.getByTestId('confirm-order').click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  await waitForHydration(page);
  return total;
}

/** Orders a "WeBrana Lab" VPS as the signed-in customer and pays it by bank virtual account
 * on the simulated gateway; leaves the page on the order, which follows provisioning. */
export async function orderAndPayLabVps(page: Page, hostname: string) {
  await orderLabVps(page, hostname);
  await page.getByTestId('payment-method').selectOption('va_bca');
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/pay\//);
  await waitForHydration(page);
  await page.getByTestId('pay-now').click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+/);
}

/** Makes the simulated cloud refuse the next create (an admin with 2FA on `page`). */
export async function failNextCreate(page: Page) {
  await page.goto('/admin/provisioning');
  await waitForHydration(page);
  const createFault = page.getByTestId('fault-row').and(page.locator('[data-fault="create_fails"]'));
  await createFault.getByTestId('fault-count-create_fails').fill('1');
  await createFault.getByTestId('fault-apply-create_fails').click();
  await expect(createFault.getByTestId('fault-remaining')).toHaveText('1');
}
