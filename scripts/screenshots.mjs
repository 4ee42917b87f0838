// Screenshots of the main pages on a phone (390 px) and a laptop (1366 px), written to
// docs/screenshots/ and shown in docs/SCREENSHOTS.md. Refresh them after a visible change:
//   scripts/run.sh &                      # the demo, on SQLite
//   node scripts/screenshots.mjs http://127.0.0.1:3000 budi@webrana.test rahasia-pelanggan-demo-2026
// The customer's pages show a server of theirs (one is ordered on the simulated cloud if
// they have none). Screenshots are of the first screen, as a visitor sees it on arrival.
import { launchChromium } from './lib/chromium.mjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { ownServer, signIn } from './lib/customer.mjs';

const [base, email, password] = process.argv.slice(2);
if (!base || !email || !password) {
  console.error('usage: node scripts/screenshots.mjs BASE_URL EMAIL PASSWORD');
  process.exit(2);
}

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1366, height: 768 },
];
const out = new URL('../docs/screenshots/', import.meta.url);
mkdirSync(out, { recursive: true });

const browser = await launchChromium();
const shots = [];
try {
  const context = await browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  await signIn(page, base, email, password);
  const service = await ownServer(page, base);
  const pages = [
    { name: 'home', path: '/', signedIn: false },
    { name: 'plans', path: '/plans', signedIn: false },
    { name: 'order', path: '/order', signedIn: true },
    { name: 'dashboard', path: '/dashboard', signedIn: true },
    { name: 'service', path: service, signedIn: true },
    { name: 'wallet', path: '/wallet', signedIn: true },
  ];
  const visitor = await (await browser.newContext({ colorScheme: 'light' })).newPage();
  for (const { name, path, signedIn } of pages) {
    for (const size of SIZES) {
      const tab = signedIn ? page : visitor;
      await tab.setViewportSize({ width: size.width, height: size.height });
      await tab.goto(`${base}${path}`);
      await tab.locator('html[data-hydrated]').waitFor();
      await tab.evaluate(() => document.fonts.ready);
      const file = `${name}-${size.name}.png`;
      await tab.screenshot({ path: new URL(file, out).pathname });
      shots.push({ name, path: name === 'service' ? '/services/…' : path, size, file });
    }
  }
} finally {
  await browser.close();
}

const rows = [...new Set(shots.map((shot) => shot.name))].map((name) => {
  const [phone, laptop] = SIZES.map((size) => shots.find((shot) => shot.name === name && shot.size === size));
  return `| \`${phone.path}\` | ![${name} at 390 px](screenshots/${phone.file}) | ![${name} at 1366 px](screenshots/${laptop.file}) |`;
});
writeFileSync(
  new URL('../docs/SCREENSHOTS.md', import.meta.url),
  [
    '# Screenshots',
    '',
    'The main pages on a phone (390 px) and a laptop (1366 px), signed in as the demo customer',
    'where a page needs it. Made by `node scripts/screenshots.mjs BASE_URL EMAIL PASSWORD`',
    '(see the script), never by hand.',
    '',
    '| Page | 390 px | 1366 px |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ].join('\n'),
);
console.log(`${shots.length} screenshots in docs/screenshots/, listed in docs/SCREENSHOTS.md`);
