// Renders media/icon.svg to the 128×128 media/icon.png the marketplace shows, with Debian's Chromium
// (the browser the UI tests use). Run after editing the SVG: npm run icon
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import paths from './code-server.cjs';

const svg = fs.readFileSync('media/icon.svg', 'utf8');
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-icon-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: paths.chromiumPath(),
  headless: true,
  viewport: { width: 128, height: 128 },
  args: paths.CHROMIUM_ARGS,
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: 'media/icon.png', omitBackground: true });
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log('wrote media/icon.png');
