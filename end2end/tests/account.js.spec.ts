import { GOOD_PASSWORD, expect, signIn, signUp, test, uniqueEmail, waitForHydration } from './helpers';

test('profile is saved, and other sessions can be listed and signed out', async ({ newDevice }) => {
  const email = uniqueEmail('profil');
  const laptop = await newDevice();
  await laptop.goto('/signup');
  await signUp(laptop, 'Rina Profil', email, GOOD_PASSWORD);
  await expect(laptop).toHaveURL(/\/account$/);

  await waitForHydration(laptop);
  await laptop.getByLabel('Nomor telepon (opsional)').fill('+62 812 3456 7890');
  await laptop.getByLabel('Perusahaan (opsional)').fill('CV Rina Jaya');
  await laptop.getByRole('button', { name: 'Simpan profil' }).click();
  await expect(laptop).toHaveURL(/\/account\?saved=1$/);
  await expect(laptop.getByText('Profil disimpan.')).toBeVisible();
  await expect(laptop.getByLabel('Perusahaan (opsional)')).toHaveValue('CV Rina Jaya');

  const phone = await newDevice();
  await phone.goto('/login');
  await signIn(phone, email, GOOD_PASSWORD);
  await expect(phone.locator('header').getByTestId('user-name').first()).toHaveText('Rina Profil');

  await laptop.goto('/account/security');
  await expect(laptop.getByTestId('session')).toHaveCount(2);
  await expect(laptop.getByTestId('session').filter({ hasText: 'Perangkat ini' })).toHaveCount(1);
  await waitForHydration(laptop);
  await laptop.getByTestId('revoke-others').click();
  await expect(laptop.getByTestId('session')).toHaveCount(1);

  await phone.goto('/account');
  await expect(phone).toHaveURL(/\/login\?next=%2Faccount$/);
});
