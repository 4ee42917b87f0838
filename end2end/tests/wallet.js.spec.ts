import { adminWithTwoFactor, signUpVerified } from './mail';
import {
  WALLET_ADMIN,
  expect,
  openAccountMenu,
  orderLabVps,
  test,
  uniqueEmail,
  waitForHydration,
} from './helpers';

// An admin credits a customer's balance with a reason; the customer sees it on /wallet
// (filter and CSV too), pays a new order from the balance, and the VPS is built; then tops
// up during a deposit bonus the admin runs, and the bonus arrives as its own line.
test('a credited balance pays an order and the ledger explains it', async ({ newDevice }) => {
  test.setTimeout(120_000);
  const customer = await newDevice();
  const email = uniqueEmail('saldo');
  await signUpVerified(customer, 'Pelanggan Saldo', email);
  await openAccountMenu(customer);
  await customer.locator('header').getByTestId('my-wallet-link').first().click();
  await expect(customer).toHaveURL(/\/wallet$/);
  await expect(customer.getByTestId('wallet-balance')).toHaveText('Rp 0');
  await expect(customer.getByTestId('wallet-empty')).toBeVisible();

  const admin = await newDevice();
  await adminWithTwoFactor(admin, WALLET_ADMIN);
  await admin.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await admin.getByRole('link', { name: 'Pelanggan Saldo' }).click();
  await expect(admin.getByTestId('user-detail-name')).toHaveText('Pelanggan Saldo');
  await expect(admin.getByTestId('user-wallet-balance')).toHaveText('Rp 0');
  await waitForHydration(admin);
  await admin.getByTestId('wallet-adjust-amount').fill('500000');
  await admin.getByTestId('wallet-adjust-reason').fill('Kompensasi gangguan');
  await admin.getByTestId('wallet-adjust').click();
  await expect(admin.getByTestId('user-wallet-balance')).toHaveText('Rp 500.000');
  await admin.goto('/admin/payments');
  await expect(admin.getByTestId('held-payments')).toBeVisible();

  await customer.goto('/wallet');
  await expect(customer.getByTestId('wallet-balance')).toHaveText('Rp 500.000');
  await expect(customer.getByTestId('wallet-line')).toHaveCount(1);
  await expect(customer.getByTestId('wallet-line').first()).toContainText('Kompensasi gangguan');
  await customer.getByTestId('wallet-filter-payment').click();
  await expect(customer).toHaveURL(/\/wallet\?kind=payment$/);
  await expect(customer.getByTestId('wallet-empty')).toBeVisible();
  const csv = await customer.request.get('/wallet/ledger.csv');
  expect(csv.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(await csv.text()).toContain(',adjustment,500000,500000,');

  await orderLabVps(customer, 'dari-saldo');
  await customer.getByTestId('pay-wallet').click();
  await expect(customer.getByTestId('order-status')).toHaveAttribute('data-status', 'ACTIVE', { timeout: 30_000 });

  await customer.goto('/wallet?kind=payment');
  await expect(customer.getByTestId('wallet-line')).toHaveCount(1);
  await expect(customer.getByTestId('wallet-line').first()).toContainText('INV/');
  const balance = Number((await customer.getByTestId('wallet-balance').textContent())!.replace(/\D/g, ''));
  expect(balance).toBeLessThan(500000);

  // A deposit bonus: 10 % (at most Rp 50.000) on top-ups from Rp 50.000, from today.
  const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
  await admin.goto('/admin/promos');
  await waitForHydration(admin);
  const bonusForm = admin.getByTestId('deposit-bonus-form');
  await bonusForm.getByLabel('Nama').fill('Bonus Akhir Tahun');
  await bonusForm.locator('select[name="kind"]').selectOption('percent');
  await bonusForm.getByLabel('Nilai').fill('10');
  await bonusForm.getByLabel(/Maksimal bonus/).fill('50000');
  await bonusForm.getByLabel(/Minimal isi saldo/).fill('50000');
  await bonusForm.getByLabel('Berlaku dari').fill(today);
  await admin.getByTestId('save-deposit-bonus').click();
  await expect(admin.getByTestId('deposit-bonus-row').filter({ hasText: 'Bonus Akhir Tahun' }).first()).toBeVisible();

  // Topping up: a deposit invoice paid through the (simulated) gateway, never from the balance.
  await customer.getByTestId('wallet-top-up').click();
  await expect(customer).toHaveURL(/\/wallet\/top-up$/);
  await waitForHydration(customer);
  await expect(customer.getByTestId('deposit-bonus').filter({ hasText: 'Bonus Akhir Tahun' }).first()).toContainText('10 %');
  await customer.getByTestId('top-up-amount').fill('100.000');
  await customer.getByTestId('top-up').click();
  const deposit = customer.getByTestId('open-deposit');
  await expect(deposit).toHaveCount(1);
  await expect(deposit.getByTestId('pay-wallet')).toHaveCount(0);
  await deposit.getByTestId('payment-method').selectOption('qris');
  await deposit.getByTestId('pay').click();
  await expect(customer).toHaveURL(/\/pay\//);
  await waitForHydration(customer);
  await customer.getByTestId('pay-now').click();
  await expect(customer).toHaveURL(/\/wallet/);
  // The gateway's webhook is processed by a job: the balance shows it on a later visit.
  await expect(async () => {
    await customer.goto('/wallet?kind=deposit');
    await expect(customer.getByTestId('wallet-balance')).toHaveText(`Rp ${(balance + 110000).toLocaleString('de-DE')}`, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(customer.getByTestId('wallet-line')).toHaveCount(1);
  await customer.getByTestId('wallet-filter-bonus').click();
  await expect(customer.getByTestId('wallet-line')).toHaveCount(1);
  await expect(customer.getByTestId('wallet-line').first()).toContainText('Bonus Akhir Tahun');
  await expect(customer.getByTestId('wallet-line').first()).toContainText('+Rp 10.000');

  // Staff see both payments: the order paid from the balance and the top-up through the
  // gateway with the gateway's own event; the gateway filter narrows the list.
  await admin.goto(`/admin/payments?q=${encodeURIComponent(email)}`);
  const received = admin.getByTestId('payment-received');
  await expect(received).toHaveCount(2);
  await expect(received.and(admin.locator('[data-gateway="simulated"]')).getByTestId('gateway-event-body')).toHaveCount(1);
  await waitForHydration(admin);
  await admin.locator('#received select[name="gateway"]').selectOption('wallet');
  await admin.locator('#received button[type="submit"]').click();
  await expect(admin).toHaveURL(/gateway=wallet/);
  await expect(received).toHaveCount(1);
  await expect(received.first()).toHaveAttribute('data-gateway', 'wallet');
  await expect(received.first()).toContainText('INV/');
});
