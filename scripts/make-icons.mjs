// Draws the installable portal's PNG icons (public/icons/) from the logo, public/favicon.svg,
// with the Chromium the browser tests use. Run it when the logo changes and commit the
// pictures:  node scripts/make-icons.mjs
// "any" icons are the logo as it is; the maskable one is the logo at 80 % on a full-bleed
// background, so its glyph sits well inside the safe zone a launcher may cut to a circle.
import { launchChromium } from './lib/chromium.mjs';
import { mkdirSync, readFileSync } from 'node:fs';

const logo = readFileSync(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const out = new URL('../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });

const ICONS = [
  { file: 'icon-192.png', size: 192, scale: 1, background: 'transparent' },
  { file: 'icon-512.png', size: 512, scale: 1, background: 'transparent' },
  { file: 'maskable-512.png', size: 512, scale: 0.8, background: '#0284c7' },
];

const browser = await launchChromium();
try {
  for (const icon of ICONS) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    const inner = Math.round(icon.size * icon.scale);
    await page.setContent(
      `<html><body style="margin:0;display:grid;place-items:center;width:${icon.size}px;height:${icon.size}px;background:${icon.background}">` +
        `<div style="width:${inner}px;height:${inner}px">${logo.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body></html>`,
    );
    await page.screenshot({ path: new URL(icon.file, out).pathname, omitBackground: icon.background === 'transparent' });
    await page.close();
    console.log(`public/icons/${icon.file}`);
  }
} finally {
  await browser.close();
}
