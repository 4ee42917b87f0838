import { linkFromMail } from './mail';
import { GOOD_PASSWORD, expect, openAccountMenu, signIn, signUp, test, uniqueEmail, waitForHydration } from './helpers';

test('sign up, confirm the address from the e-mail, sign out and back in', async ({ page }) => {
  const email = uniqueEmail('siti');
  await page.goto('/signup');
  await waitForHydration(page);
  await signUp(page, 'Siti Rahayu', email, GOOD_PASSWORD);

  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('verify-banner')).toBeVisible();
  const header = page.locator('header');
  await expect(header.getByTestId('user-name').first()).toHaveText('Siti Rahayu');

  await page.goto(await linkFromMail(email, '/verify-email'));
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Konfirmasi alamat e-mail' }).click();
  await expect(page.getByTestId('verified')).toBeVisible();

  await page.goto('/account');
  await expect(page.getByTestId('verify-banner')).toHaveCount(0);
  await expect(page.getByTestId('account-email')).toHaveText(email);
  await expect(page.getByText('Terkonfirmasi')).toBeVisible();

  await waitForHydration(page);
  await openAccountMenu(page);
  await header.getByTestId('logout').first().click();
  await expect(header.getByTestId('login-link').first()).toBeVisible();
  await page.goto('/login');
  await waitForHydration(page);
  await signIn(page, email, GOOD_PASSWORD);
  await expect(header.getByTestId('user-name').first()).toHaveText('Siti Rahayu');
});

test('sign-up explains what is wrong next to each field', async ({ page }) => {
  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByLabel('Nama lengkap').fill('Siti');
  await page.getByLabel('E-mail').fill(uniqueEmail('weak'));
  await page.getByLabel('Kata sandi').fill('indonesia123');
  await page.getByRole('button', { name: 'Buat akun' }).click();

  const password = page.getByLabel('Kata sandi');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#password-error')).toHaveText(/paling sering dipakai/);
  await expect(page.locator('#accept_terms-error')).toHaveText(/menyetujui syarat/);
  await expect(page).toHaveURL(/\/signup$/);
});

test('five wrong passwords lock sign-in for the address', async ({ page }) => {
  const email = uniqueEmail('lock');
  await page.goto('/signup');
  await signUp(page, 'Kunci Test', email, GOOD_PASSWORD);
  await expect(page).toHaveURL(/\/account$/);
  await page.context().clearCookies();

  await page.goto('/login');
  await waitForHydration(page);
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signIn(page, email, `salah-kata-sandi-${attempt}`);
    await expect(page.getByRole('alert')).toHaveText('E-mail atau kata sandi salah.');
  }
  await signIn(page, email, 'salah-kata-sandi-5');
  await expect(page.getByRole('alert')).toHaveText(/dikunci selama 15 menit/);
  await signIn(page, email, GOOD_PASSWORD);
  await expect(page.getByRole('alert')).toHaveText(/dikunci selama 15 menit/);
});
