import { adminWithTwoFactor } from './mail';
import {
  CATALOG_ADMIN,
  DEMO_CUSTOMER,
  expect,
  percentOf,
  rupiah,
  signIn,
  test,
  waitForHydration,
} from './helpers';

/** Today's date in Jakarta (WIB, UTC+7), as the admin's date fields expect it. */
const todayWib = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

test('an admin adds a region, a plan and a promo code, and a customer orders with them', async ({ page, newDevice }) => {
  test.setTimeout(90_000);
  const tag = Date.now().toString(36);
  const regionSlug = `bdg-${tag}`;
  const planName = `Lab Uji ${tag}`;
  const code = `UJI${tag.toUpperCase()}`;
  const monthly = 987_000;
  const admin = page;
  await adminWithTwoFactor(admin, CATALOG_ADMIN);

  // A new region for the simulated provider.
  await admin.goto('/admin/catalog');
  await waitForHydration(admin);
  const addRegion = admin.getByTestId('add-region');
  await addRegion.getByLabel('Penyedia').selectOption('simulated');
  await addRegion.getByLabel('Kode').fill(regionSlug);
  await addRegion.getByLabel('Kota').fill('Bandung');
  await addRegion.getByLabel('Negara (ISO)').fill('ID');
  await addRegion.getByRole('button', { name: 'Tambah' }).click();
  await expect(admin.getByTestId('region-row').filter({ hasText: regionSlug })).toContainText('Bandung');

  // A new plan, orderable only in that region.
  await admin.getByTestId('new-plan').click();
  await expect(admin).toHaveURL(/\/admin\/catalog\/plans\/new$/);
  await waitForHydration(admin);
  const form = admin.getByTestId('plan-form');
  await form.locator('select[name="provider"]').selectOption('simulated');
  await form.getByLabel('Nama', { exact: true }).fill(planName);
  await form.getByLabel('Kode ukuran penyedia').fill(`lab-uji-${tag}`);
  await form.getByLabel('vCPU').fill('2');
  await form.getByLabel('RAM (MB)').fill('2048');
  await form.getByLabel('Disk NVMe (GB)').fill('60');
  await form.getByLabel('Transfer (GB/bulan)').fill('2000');
  await form.getByLabel('Harga per bulan (Rp, sebelum PPN)').fill(String(monthly));
  await form.getByLabel('Diskon 3 bulan (%)').fill('4');
  await form.getByTestId('save-plan').click();
  await expect(admin).toHaveURL(/\/admin\/catalog\/plans\/[0-9a-f-]{36}$/);
  const planId = admin.url().split('/').pop()!;
  await expect(admin.getByTestId('plan-title')).toHaveText(planName);
  await waitForHydration(admin);
  const bandung = admin.locator(`[data-testid="plan-region"][data-region="${regionSlug}"]`);
  await expect(bandung.getByTestId('plan-region-state')).toHaveText('Tidak tersedia');
  await bandung.getByTestId('toggle-region').click();
  await expect(bandung.getByTestId('plan-region-state')).toHaveText('Tersedia');

  // A fixed-amount promo for this plan, 3-month cycles only, five uses.
  await admin.goto('/admin/promos');
  await waitForHydration(admin);
  const promoForm = admin.getByTestId('promo-form');
  await promoForm.getByLabel('Kode', { exact: true }).fill(code);
  await promoForm.locator('select[name="kind"]').selectOption('fixed');
  await promoForm.getByLabel('Nilai').fill('25000');
  await promoForm.getByLabel('Berlaku dari (WIB)').fill(todayWib());
  await promoForm.getByLabel('Maks. pemakaian total').fill('5');
  await promoForm.getByLabel('Hanya paket (ID, dipisah koma)').fill(planId);
  await promoForm.getByLabel('Hanya periode (bulan: 1,3,6,12)').fill('3');
  await admin.getByTestId('save-promo').click();
  const promoRow = admin.locator(`[data-testid="promo-row"][data-code="${code}"]`);
  await expect(promoRow.getByTestId('promo-uses')).toHaveText('0 / 5');
  await expect(promoRow).toContainText('Rp 25.000');

  // The storefront lists the plan in Bandung at once.
  const customer = await newDevice();
  await customer.goto('/plans?provider=simulated&location=Bandung');
  await expect(customer.locator(`[data-testid="plan-card"][data-plan-id="${planId}"]`)).toContainText(planName);

  // A customer orders it: only Bandung is offered, and the promo applies to 3 months only.
  await customer.goto(`/login?next=${encodeURIComponent(`/order?plan=${planId}`)}`);
  await waitForHydration(customer);
  await signIn(customer, DEMO_CUSTOMER.email, DEMO_CUSTOMER.password);
  await expect(customer).toHaveURL(/\/order\?plan=/);
  await waitForHydration(customer);
  await expect(customer.getByTestId('choose-region').locator('option')).toHaveText(['Pilih…', /^Bandung/]);
  await customer.getByTestId('choose-region').selectOption({ index: 1 });
  await customer.getByTestId('hostname').fill('uji-katalog');
  await customer.getByTestId('cycle-3').check();
  await customer.getByTestId('promo').fill(code.toLowerCase());
  await customer.getByTestId('promo').blur();
  const subtotal = monthly * 3;
  const taxable = subtotal - percentOf(subtotal, 4) - 25_000;
  await expect(customer.getByTestId('price-promo-discount')).toHaveText(`-${rupiah(25_000)}`);
  await expect(customer.getByTestId('price-total')).toHaveText(rupiah(taxable + percentOf(taxable, 11)));
  await customer.getByTestId('cycle-12').check();
  await expect(customer.getByText('Kode promo ini tidak berlaku untuk paket, penyedia atau periode yang dipilih.')).toBeVisible();

  // Switched off, the code is no longer accepted.
  await waitForHydration(admin);
  await promoRow.getByTestId('switch-promo').click();
  // The state cell, not the row: the row held "Nonaktifkan" (the button) before the click.
  await expect(promoRow.getByTestId('promo-state')).toHaveText('Nonaktif');
  await customer.getByTestId('cycle-3').check();
  await expect(customer.getByText('Kode promo tidak dikenal.')).toBeVisible();

  // The plan switched off disappears from the storefront; the audit log has every change.
  await admin.goto(`/admin/catalog/plans/${planId}`);
  await waitForHydration(admin);
  await admin.getByLabel('Dapat dipesan').uncheck();
  await admin.getByTestId('save-plan').click();
  // The box was unchecked by hand already: only the confirmation says the save went through.
  await expect(admin.getByTestId('plan-form').getByTestId('form-status')).toHaveText('Tersimpan.');
  await expect(admin.getByLabel('Dapat dipesan')).not.toBeChecked();
  await customer.goto('/plans?provider=simulated');
  await expect(customer.getByTestId('plan-card').first()).toBeVisible();
  await expect(customer.locator(`[data-testid="plan-card"][data-plan-id="${planId}"]`)).toHaveCount(0);
  for (const action of ['admin.plan_created', 'admin.plan_updated', 'admin.promo_created', 'admin.catalog_updated']) {
    await admin.goto(`/admin/audit?action=${action}`);
    await expect(admin.getByTestId('audit-row').filter({ hasText: CATALOG_ADMIN.email }).first()).toBeVisible();
  }
});
