// WCAG 2.1 AA audit of a built mrplan site: every HTML page is loaded in
// headless Chromium (Debian's, never a downloaded one) and checked with
// axe-core, plus the checks axe cannot make: the skip link is the first
// focusable element and shows a focus style, and the page does not scroll
// sideways at 320 px width or at 200 % zoom (a 1280 px window seen as 640).
//
// Usage: node audit.mjs OUTPUT_DIR [--screenshots DIR] [--only PATH ...]
// Prints one JSON object on stdout (read by `mrplan check --a11y` and the
// tests); exits 0 even when pages have violations, so the caller decides.
//
// mrplan carries this script inside its binary and runs a copy of it, so
// the npm packages are looked up in MRPLAN_A11Y_MODULES/node_modules (the
// cache folder mrplan fetched them into) when that is set, and beside the
// script otherwise (a checkout after `npm ci --prefix a11y`).
import { createServer } from 'node:http';
import { readFile, readdir, stat, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, extname, resolve, sep } from 'node:path';

const modules = process.env.MRPLAN_A11Y_MODULES;
const require = createRequire(modules ? join(resolve(modules), 'audit.mjs') : import.meta.url);
const { chromium } = require('playwright-core');
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const axeVersion = require('axe-core/package.json').version;
// axe's own Danish translation, so the messages reach users in Danish.
const axeLocale = JSON.parse(await readFile(require.resolve('axe-core/locales/da.json'), 'utf8'));

const args = process.argv.slice(2);
const root = resolve(args.shift() ?? 'output');
let screenshots = null;
const only = [];
while (args.length) {
  const flag = args.shift();
  if (flag === '--screenshots') screenshots = resolve(args.shift());
  else if (flag === '--only') only.push(args.shift());
  else throw new Error(`unknown argument ${flag}`);
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript', '.json': 'application/json', '.xml': 'application/xml',
  '.csv': 'text/csv; charset=utf-8', '.pdf': 'application/pdf', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

// A static server over the output folder, as a web host would serve it.
const server = createServer(async (req, res) => {
  try {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) throw new Error('outside');
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(await readFile(file));
  } catch {
    res.writeHead(404, { 'content-type': TYPES['.html'] });
    res.end(await readFile(join(root, '404.html')).catch(() => 'not found'));
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}/`;

async function htmlPages(dir, prefix = '') {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) found.push(...await htmlPages(join(dir, entry.name), rel + '/'));
    else if (entry.name.endsWith('.html')) found.push(rel);
  }
  return found.sort();
}

const pages = only.length ? only : await htmlPages(root);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--no-first-run', '--disable-component-update', '--disable-sync'],
});
if (screenshots) await mkdir(screenshots, { recursive: true });

// Sideways scrolling is what makes a page unusable when narrow or zoomed.
const overflow = () => Math.max(0, document.documentElement.scrollWidth - window.innerWidth);

async function auditPage(context, path) {
  const page = await context.newPage();
  const result = { path, violations: [] };
  try {
    const response = await page.goto(base + path, { waitUntil: 'load' });
    if (response.status() !== 200) throw new Error(`HTTP ${response.status()}`);
    await page.addScriptTag({ content: axeSource });
    const axe = await page.evaluate(async (locale) => {
      window.axe.configure({ locale });
      return window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      });
    }, axeLocale);
    result.violations = axe.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
    result.passes = axe.passes.length;

    // The first Tab from the top of the page.
    await page.keyboard.press('Tab');
    result.first_focus = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const href = el.getAttribute('href');
      return {
        text: el.textContent.trim(),
        href,
        target_exists: !!(href && href.startsWith('#') && document.getElementById(href.slice(1))),
        visible: el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().height > 0,
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
      };
    });
    // Every link and button draws a focus outline.
    result.focus_without_outline = await page.evaluate(async () => {
      const missing = [];
      for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')) {
        el.focus();
        // Not shown (display: none, as Pagefind's empty clear button), so
        // no one can reach it: there is no focus to draw.
        if (document.activeElement !== el) continue;
        const s = getComputedStyle(el);
        if (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) < 2) missing.push(el.outerHTML.slice(0, 80));
      }
      return missing;
    });

    const shoot = async (name) => {
      if (!screenshots) return;
      const file = join(screenshots, `${path.replaceAll('/', '_').replace(/\.html$/, '')}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
    };
    await page.evaluate(() => document.activeElement?.blur());
    await shoot('1280');
    await page.setViewportSize({ width: 320, height: 800 });
    result.overflow_320 = await page.evaluate(overflow);
    await shoot('320');
  } catch (error) {
    result.error = String(error.message ?? error);
  } finally {
    await page.close();
  }
  return result;
}

// 200 % zoom: the same window with twice the device scale; CSS sees 640 px.
async function zoomPage(context, path) {
  const page = await context.newPage();
  try {
    await page.goto(base + path, { waitUntil: 'load' });
    const px = await page.evaluate(overflow);
    if (screenshots) {
      await page.screenshot({ path: join(screenshots, `${path.replaceAll('/', '_').replace(/\.html$/, '')}-zoom200.png`) });
    }
    return px;
  } finally {
    await page.close();
  }
}

const report = { axe: axeVersion, standard: 'WCAG 2.1 AA', pages: [] };
try {
  const normal = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'da-DK' });
  const zoomed = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2, locale: 'da-DK' });
  // Two pages at a time: the machines this runs on have two cores.
  const queue = [...pages];
  const worker = async () => {
    while (queue.length) {
      const path = queue.shift();
      const result = await auditPage(normal, path);
      result.overflow_zoom200 = await zoomPage(zoomed, path).catch(() => null);
      report.pages.push(result);
    }
  };
  // One at a time when taking screenshots: Chromium garbles full-page
  // captures taken side by side.
  await Promise.all(screenshots ? [worker()] : [worker(), worker()]);
} finally {
  await browser.close();
  server.close();
}
report.pages.sort((a, b) => a.path.localeCompare(b.path));
report.violations = report.pages.reduce((n, p) => n + p.violations.length, 0);
process.stdout.write(JSON.stringify(report) + '\n');
