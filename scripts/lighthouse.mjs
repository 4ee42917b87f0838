// Lighthouse (mobile preset: a mid-range phone on slow 4G, simulated) on the pages a visitor
// and a customer open first, against a running server with the release build of the site.
// Fails when a score is below its threshold. Prints a Markdown table of scores and bytes.
//   node scripts/lighthouse.mjs http://127.0.0.1:3000 customer@example.com password
// Public pages must score performance >= 95 and 100 for accessibility, best practices and
// SEO; signed-in pages (not indexed, behind a cookie) performance >= 95 and accessibility 100.
// The control panel of a server the customer owns is measured (one is ordered and paid on
// the demo's simulated gateway if there is none).
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { chromium } from '@playwright/test';
import { ownServer, signIn } from './lib/customer.mjs';

const [base, email, password] = process.argv.slice(2);
if (!base || !email || !password) {
  console.error('usage: node scripts/lighthouse.mjs BASE_URL EMAIL PASSWORD');
  process.exit(2);
}

const PUBLIC = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
const SIGNED_IN = { performance: 95, accessibility: 100 };

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const rows = [];
const failures = [];
try {
  const measure = async (path, thresholds) => {
    const result = await lighthouse(`${base}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: Object.keys(thresholds),
    });
    const { categories, audits, runtimeError } = result.lhr;
    if (runtimeError) {
      failures.push(`${path}: Lighthouse could not measure it: ${runtimeError.code} ${runtimeError.message}`);
    }
    const scores = Object.fromEntries(Object.keys(thresholds).map((id) => [id, Math.round(categories[id].score * 100)]));
    const kib = Math.round(audits['total-byte-weight'].numericValue / 1024);
    rows.push({ path, scores, kib, lcp: audits['largest-contentful-paint'].displayValue, tbt: audits['total-blocking-time'].displayValue });
    for (const [id, minimum] of Object.entries(thresholds)) {
      if (scores[id] < minimum) {
        const failed = Object.values(audits)
          .filter((audit) => audit.score !== null && audit.score < 1 && categories[id].auditRefs.some((ref) => ref.id === audit.id && ref.weight > 0))
          .map((audit) => `${audit.id} (${audit.displayValue ?? audit.score})`);
        failures.push(`${path}: ${id} ${scores[id]} < ${minimum}; failing audits: ${failed.join(', ')}`);
      }
    }
  };

  for (const path of ['/', '/plans', '/order']) await measure(path, PUBLIC);

  // Sign in within the same browser: Lighthouse keeps cookies between runs.
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
  const page = await browser.contexts()[0].newPage();
  await signIn(page, base, email, password);
  const service = await ownServer(page, base);
  await page.close();
  await browser.close();
  await measure('/dashboard', SIGNED_IN);
  await measure(service, SIGNED_IN);
} finally {
  await chrome.kill();
}

console.log('| Page | Performance | Accessibility | Best practices | SEO | LCP | TBT | Bytes |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { path, scores, kib, lcp, tbt } of rows) {
  const shown = path.startsWith('/services/') ? '/services/…' : path;
  console.log(`| \`${shown}\` | ${scores.performance} | ${scores.accessibility} | ${scores['best-practices'] ?? '—'} | ${scores.seo ?? '—'} | ${lcp} | ${tbt} | ${kib} KiB |`);
}
if (failures.length) {
  console.error(`Lighthouse thresholds not met:\n${failures.join('\n')}`);
  process.exit(1);
}
