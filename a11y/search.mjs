// The search page in headless Chromium (Debian's): serves a built site over
// HTTP with a strict Content-Security-Policy (the one README.md gives), types
// a query into Pagefind's search box with the keyboard, and reports what it
// found; then runs axe (WCAG 2.1 AA) over the page with its results shown,
// and opens the same page from file://, where it must say why search does
// not work there. Prints one JSON object for the Rust test
// (tests/testsuite/search.rs).
//
// Usage: node search.mjs OUTPUT_DIR QUERY [--also QUERY] [--screenshots DIR]
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, extname, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

const [dir, query, ...rest] = process.argv.slice(2);
const root = resolve(dir);
let screenshots = null;
let also = null;
while (rest.length) {
  const flag = rest.shift();
  if (flag === '--screenshots') screenshots = resolve(rest.shift());
  else if (flag === '--also') also = rest.shift();
  else throw new Error(`unknown argument ${flag}`);
}

// What README.md tells a web host to send.
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self'",
].join('; ');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.wasm': 'application/wasm',
};
const requests = [];
const server = createServer(async (req, res) => {
  try {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) throw new Error('outside');
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    requests.push(path);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
    });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404, { 'content-type': TYPES['.html'] });
    res.end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

// Waits until every result has loaded: each card fills in only when it
// scrolls into view, so bring the first placeholder into view until none
// is left.
async function settle(page) {
  for (let i = 0; i < 80; i++) {
    await page.waitForTimeout(200);
    const waiting = await page.evaluate(() => {
      const placeholders = document.querySelectorAll('pagefind-results .pf-skeleton');
      placeholders[0]?.scrollIntoView();
      return placeholders.length;
    });
    if (waiting === 0) break;
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const report = { query, results: [], csp_violations: [], console_errors: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK' });
  const page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') report.console_errors.push(m.text()); });
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(base + 'soeg/index.html', { waitUntil: 'load' });

  // By keyboard, as a reader would: Tab from the top until the search box
  // has focus, then type.
  let tabs = 0;
  for (; tabs < 30; tabs++) {
    await page.keyboard.press('Tab');
    const inBox = await page.evaluate(() => document.activeElement?.closest?.('pagefind-input') !== null
      && document.activeElement?.tagName === 'INPUT');
    if (inBox) break;
  }
  report.tabs_to_search_box = tabs + 1;
  report.search_box_label = await page.evaluate(() => {
    const input = document.querySelector('pagefind-input input');
    if (!input) return null;
    const by = input.getAttribute('aria-labelledby');
    return input.getAttribute('aria-label')
      ?? (by && document.getElementById(by)?.textContent)
      ?? (input.labels?.[0]?.textContent ?? null);
  });
  await page.keyboard.type(query, { delay: 20 });
  await page.waitForFunction(() => document.querySelectorAll('pagefind-results a[href]').length > 0, null, { timeout: 15000 })
    .catch(() => {});
  // Results load as they scroll into view: scroll until none is waiting.
  await settle(page);
  report.results = await page.evaluate(() => [...document.querySelectorAll('pagefind-results a[href]')]
    .map((a) => ({ href: new URL(a.getAttribute('href'), location.href).pathname + new URL(a.getAttribute('href'), location.href).hash, text: a.textContent.trim() })));
  report.summary = await page.evaluate(() => document.querySelector('pagefind-summary')?.textContent.trim() ?? null);
  report.notice_visible = await page.evaluate(() => !document.getElementById('soeg-virker-ikke').hidden);

  // Down-arrow from the box moves to the first result, Enter opens it.
  await page.keyboard.press('ArrowDown');
  report.after_arrow = await page.evaluate(() => {
    const el = document.activeElement;
    const selected = document.querySelector('pagefind-results [aria-selected="true"], pagefind-results [data-pf-selected]');
    return { tag: el?.tagName ?? null, selected: selected ? (selected.textContent || '').trim().slice(0, 80) : null };
  });

  if (screenshots) await page.screenshot({ path: join(screenshots, 'soeg-resultater-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 320, height: 900 });
  report.overflow_320 = await page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
  if (screenshots) await page.screenshot({ path: join(screenshots, 'soeg-resultater-320.png'), fullPage: true });
  report.csp_violations = await page.evaluate(() => window.__csp);
  report.requests = requests.filter((r) => r.startsWith('/pagefind/'));

  // axe over the page with results, in a context that bypasses the CSP
  // (axe is injected as an inline script).
  const open = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'da-DK', bypassCSP: true });
  const p2 = await open.newPage();
  await p2.goto(base + 'soeg/index.html', { waitUntil: 'load' });
  await p2.locator('pagefind-input input').fill(query);
  await p2.waitForFunction(() => document.querySelectorAll('pagefind-results a[href]').length > 0, null, { timeout: 15000 })
    .catch(() => {});
  await settle(p2);
  await p2.addScriptTag({ content: axeSource });
  const axe = await p2.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  report.axe_violations = axe.violations.map((v) => ({
    id: v.id, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')),
  }));
  report.axe_results_shown = await p2.evaluate(() => document.querySelectorAll('pagefind-results a[href]').length);

  // A second query, results only.
  if (also) {
    const p3 = await context.newPage();
    await p3.goto(base + 'soeg/index.html', { waitUntil: 'load' });
    await p3.locator('pagefind-input input').fill(also);
    await p3.waitForFunction(() => document.querySelectorAll('pagefind-results a[href]').length > 0, null, { timeout: 15000 })
      .catch(() => {});
    await settle(p3);
    report.also = await p3.evaluate(() => [...document.querySelectorAll('pagefind-results a.pf-result-link')]
      .map((a) => new URL(a.getAttribute('href'), location.href).pathname));
  }

  // From the disk: a clear Danish notice, and the fallback link.
  const disk = await context.newPage();
  await disk.goto(pathToFileURL(join(root, 'soeg/index.html')).href, { waitUntil: 'load' });
  await disk.waitForTimeout(300);
  report.file = await disk.evaluate(() => {
    const notice = document.getElementById('soeg-virker-ikke');
    const shown = [...notice.querySelectorAll('p')].filter((p) => !p.hidden && p.offsetParent !== null);
    return {
      notice_visible: !notice.hidden && notice.offsetParent !== null,
      text: shown.map((p) => p.textContent.replace(/\s+/g, ' ').trim()),
      fallback: document.querySelector('.search-fallback a')?.getAttribute('href') ?? null,
      search_hidden: document.getElementById('soegning').hidden,
    };
  });
  if (screenshots) await disk.screenshot({ path: join(screenshots, 'soeg-file-390.png'), fullPage: true });
} catch (e) {
  report.error = String(e?.message ?? e);
} finally {
  await browser.close();
  server.close();
}
process.stdout.write(JSON.stringify(report) + '\n');
