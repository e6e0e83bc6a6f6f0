// Browser test of `mrplan serve`'s live reload: open a served page in
// headless Chromium, edit the plan file behind it, and wait for the page to
// reload itself with the new text. Prints one JSON object for the Rust test
// (tests/testsuite/serve.rs) to assert on.
//
// Usage: node livereload.mjs URL FILE FROM TO
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const [url, file, from, to] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const result = { url, loads: 0 };
try {
  const page = await browser.newPage();
  page.on('load', () => { result.loads += 1; });
  await page.goto(url, { waitUntil: 'load' });
  result.before = await page.locator('main').innerText();
  // A mark that a reload wipes: proof the page reloaded rather than changed in place.
  await page.evaluate(() => { window.__mrplanMark = true; });
  // Give the event stream a moment to connect before editing.
  await page.waitForTimeout(300);
  const reloaded = page.waitForEvent('load', { timeout: 20000 });
  const started = Date.now();
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  await reloaded;
  result.reload_ms = Date.now() - started;
  result.mark_after = await page.evaluate(() => window.__mrplanMark === true);
  result.after = await page.locator('main').innerText();
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result) + '\n');
