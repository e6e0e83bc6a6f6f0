// Reflow check (WCAG 1.4.10) of built pages in headless Chromium: at each
// width, the page must not scroll sideways, no table may be wider than the
// viewport, and no word in a table's header may be
// broken across lines (narrow screens stack rows as cards instead). Prints one JSON object for the Rust test
// (tests/testsuite/publication.rs): {"problems": [...], "checked": N}.
//
// Usage: node reflow.mjs WIDTH FILE...   (FILE: an HTML file of output/)
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [width, ...files] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const problems = [];
let checked = 0;
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
  for (const file of files) {
    await page.goto(pathToFileURL(file).href);
    const found = await page.evaluate(() => {
      const out = [];
      const vw = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > vw + 1) {
        out.push(`siden er ${document.documentElement.scrollWidth} px bred`);
      }
      // A word broken inside an element: its range has rects on two lines.
      const brokenWords = (el) => {
        const words = [];
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const m of node.data.matchAll(/\S+/g)) {
            const r = document.createRange();
            r.setStart(node, m.index);
            r.setEnd(node, m.index + m[0].length);
            const tops = new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top)));
            if (tops.size > 1) words.push(m[0]);
          }
        }
        return words;
      };
      for (const table of document.querySelectorAll('main table')) {
        const box = table.getBoundingClientRect();
        const name = table.className || 'tabel';
        if (box.right > vw + 1 || box.left < -1) out.push(`tabellen ${name} går ud over skærmen (${Math.round(box.width)} px)`);
        for (const th of table.querySelectorAll('thead th')) {
          if (th.getClientRects().length === 0 || th.offsetWidth < 2) continue; // hidden (cards)
          for (const w of brokenWords(th)) out.push(`ordet "${w}" i tabellen ${name}s overskrift er brudt`);
        }
      }
      return out;
    });
    for (const p of found) problems.push(`${file.replace(/.*\/output\//, '')} ved ${width} px: ${p}`);
    checked += 1;
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ problems, checked }));
