import { adminWithTwoFactor, linkFromMail } from './mail';
import {
  CASHIER_ADMIN,
  DEMO_CUSTOMER,
  GOOD_PASSWORD,
  expect,
  percentOf,
  rupiah,
  signIn,
  signUp,
  test,
  uniqueEmail,
  waitForHydration,
} from './helpers';


/** Paid: provisioning starts at once, so the order may already have moved on. */
const PAID_OR_LATER = /^(PAID|PROVISIONING|ACTIVE)$/;

test('a new customer goes from the landing page to a paid order with a promo code', async ({ page }) => {
  test.setTimeout(90_000);
  const email = uniqueEmail('pembeli');
  await page.goto('/');
  await waitForHydration(page);
  const card = page.getByTestId('pricing').getByTestId('plan-card').first();
  const monthly = Number((await card.getByTestId('plan-price').textContent())!.replace(/\D/g, ''));
  await card.getByTestId('order-plan').click();
  await expect(page).toHaveURL(/\/order\?plan=/);
  await waitForHydration(page);

  await page.getByTestId('hostname').fill('toko-online');
  await page.getByTestId('cycle-12').check();
  await page.getByTestId('promo').fill('hemat10');
  await page.getByTestId('promo').blur();
  const cycleLabel = await page.locator('label', { has: page.getByTestId('cycle-12') }).textContent();
  const cyclePercent = Number(/-(\d+)%/.exec(cycleLabel ?? '')?.[1] ?? 0);

  // A visitor signs up from the wizard and comes back to it with every choice kept.
  await page.getByTestId('sign-in-to-order').click();
  await expect(page).toHaveURL(/\/signup\?next=/);
  await waitForHydration(page);
  await signUp(page, 'Pembeli Baru', email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/order\?/);
  await expect(page.getByTestId('verify-to-order')).toBeVisible();
  await page.goto(await linkFromMail(email, '/verify-email'));
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Konfirmasi alamat e-mail' }).click();
  await page.getByTestId('continue').click();
  await expect(page).toHaveURL(/\/order\?/);
  await waitForHydration(page);
  await expect(page.getByTestId('hostname')).toHaveValue('toko-online');
  await expect(page.getByTestId('promo')).toHaveValue('hemat10');

  // The price, computed here independently of the server.
  const subtotal = monthly * 12;
  const afterCycle = subtotal - percentOf(subtotal, cyclePercent);
  const promo = percentOf(afterCycle, 10);
  const taxable = afterCycle - promo;
  const tax = percentOf(taxable, 11);
  const total = taxable + tax;
  await expect(page.getByTestId('price-promo-discount')).toHaveText(`-${rupiah(promo)}`);
  await expect(page.getByTestId('price-tax')).toHaveText(rupiah(tax));
  await expect(page.getByTestId('price-total')).toHaveText(rupiah(total));

  await page.getByTestId('confirm-order').click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  await waitForHydration(page);
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'PENDING_PAYMENT');
  await page.getByTestId('payment-method').selectOption('qris');
  await page.getByTestId('pay').click();
  await expect(page).toHaveURL(/\/pay\//);
  await expect(page.getByTestId('pay-qr').locator('svg')).toBeVisible();
  await expect(page.getByTestId('pay-amount')).toHaveText(rupiah(total));
  await waitForHydration(page);
  await page.getByTestId('pay-now').click();

  // The signed webhook arrives from a background job; the page keeps looking until then.
  // (Provisioning starts straight after payment, so the order may already be past `PAID`.)
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', PAID_OR_LATER, { timeout: 20_000 });
  const timeline = page.getByTestId('timeline-entry');
  await expect(timeline.first()).toContainText('Pesanan dibuat');
  await expect(timeline.and(page.locator('[data-status="PAID"]'))).toHaveCount(1);
  // The simulated cloud builds the VPS; the page follows without a reload.
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'ACTIVE', { timeout: 30_000 });
  await expect(page.getByTestId('service-ipv4')).toHaveText(/^203\.0\.113\.\d+$/);

  await page.getByTestId('invoice-link').first().click();
  await expect(page.getByTestId('invoice-number')).toHaveText(/^INV\/\d{4}\/\d{6}$/);
  await expect(page.getByTestId('invoice-status')).toHaveText('Lunas');
  await expect(page.getByTestId('invoice-tax')).toHaveText(rupiah(tax));
  await expect(page.getByTestId('invoice-total')).toHaveText(rupiah(total));
  const pdf = await page.request.get((await page.getByTestId('invoice-pdf').getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
});

/** Signs in a `create-admin` administrator and turns 2FA on (the panel requires it). */
test('an admin records a bank transfer and the customer sees the order paid', async ({ page, newDevice }) => {
  test.setTimeout(60_000);
  // The demo customer orders and leaves the invoice unpaid.
  await page.goto('/login?next=%2Forder');
  await waitForHydration(page);
  await signIn(page, DEMO_CUSTOMER.email, DEMO_CUSTOMER.password);
  await expect(page).toHaveURL(/\/order$/);
  await waitForHydration(page);
  await page.getByTestId('choose-provider').selectOption({ label: 'WeBrana Lab' });
  await page.getByTestId('choose-plan').selectOption({ index: 1 });
  await page.getByTestId('hostname').fill('transfer-bank');
  await page.getByTestId('hostname').blur();
  await expect(page.getByTestId('price-total')).toBeVisible();
  await page.getByTestId('confirm-order').click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]+$/);
  const orderUrl = page.url();
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'PENDING_PAYMENT');

  const admin = await newDevice();
  await adminWithTwoFactor(admin, CASHIER_ADMIN);
  await admin.goto('/admin/orders?q=transfer-bank&status=PENDING_PAYMENT');
  await expect(admin.getByTestId('admin-order-row')).toHaveCount(1);
  await admin.getByTestId('admin-order-row').getByRole('link').click();
  await expect(admin.getByTestId('order-customer')).toContainText(DEMO_CUSTOMER.email);
  await waitForHydration(admin);
  await admin.getByLabel('Referensi transfer').fill('BCA-20261123-001');
  await admin.getByLabel('Catatan').fill('Transfer diterima');
  await admin.getByTestId('mark-paid').click();
  await expect(admin.getByTestId('order-status')).toHaveAttribute('data-status', PAID_OR_LATER);
  await expect(admin.getByTestId('mark-paid-form')).toHaveCount(0);

  await page.goto(orderUrl);
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', PAID_OR_LATER);
  await expect(page.getByTestId('timeline-entry').filter({ hasText: 'BCA-20261123-001' })).toHaveAttribute('data-status', 'PAID');
  await expect(page.getByTestId('invoice-status')).toHaveText('Lunas');

  await admin.goto('/admin/audit?action=admin.invoice_marked_paid');
  await expect(admin.getByTestId('audit-row').first()).toContainText(CASHIER_ADMIN.email);
});
