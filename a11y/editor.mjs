// Browser test of `mrplan serve`'s form editor (/rediger/): open a plan in
// headless Chromium, audit it with axe-core, edit it with the keyboard and
// the mouse as a user would, and save it; or provoke a conflict with a
// change on disk. Prints one JSON object for the Rust test
// (tests/testsuite/editor_browser.rs) to assert on.
//
// Usage: node editor.mjs BASE_URL SCENARIO FILE
//   SCENARIO rediger:  add a goal, make two mistakes, wait for their
//                      messages at the fields, fix them and save.
//   SCENARIO konflikt: change a field, change FILE on disk, save: the
//                      save must be refused and the disk change kept.
// FILE is the plan on disk (content/planer/2026/fmi.md of the served site).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const [base, scenario, file] = process.argv.slice(2);
const PLAN = '/rediger/fil/planer/2026/fmi.md';
const url = base.replace(/\/$/, '') + PLAN;

// The goal the rediger scenario adds (the Rust test writes the same one
// into a copy of the plan to get the checker's own messages).
const NEW_GOAL = {
  titel: 'Hurtigere svar på leverandørernes spørgsmål',
  kerneopgave: 'Udbud og kontrakter',
  understøtter: 'P2',
  beskrivelse: 'Leverandørerne skal have svar på deres spørgsmål i udbud hurtigere.',
  målepunkt: 'Median antal arbejdsdage fra et spørgsmål modtages, til svaret er sendt.',
  succeskriterium: 'Medianen er højst fem arbejdsdage.',
  frist: '2026-12-31',
  datakilde: 'FMI\'s udbudssystem',
  vægt: '5',
  ansvarlig: 'Indkøbsdivisionen',
};
// Weights sum to 100 (MRP105): goal 3 gives the new goal 5 of its 10. Its
// weight is also where the typed mistake goes.
const WEIGHT = '/mål/2/vægt';
const WEIGHT_FIXED = '5';

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const result = { scenario, url, new_goal: NEW_GOAL, page_errors: [], console_errors: [] };

try {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: 'da-DK',
    // The editor's CSP allows only its own script; axe is injected by the test.
    bypassCSP: true,
  });
  page.on('pageerror', (e) => result.page_errors.push(String(e.message ?? e)));
  page.on('console', (m) => { if (m.type() === 'error') result.console_errors.push(m.text()); });
  result.loads = 0;
  page.on('load', () => { result.loads += 1; });
  await page.goto(url, { waitUntil: 'load' });
  await ready(page);
  if (scenario === 'rediger') await rediger(page);
  else if (scenario === 'konflikt') await konflikt(page);
  else throw new Error(`unknown scenario ${scenario}`);
} catch (error) {
  result.error = String(error.stack ?? error);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(result) + '\n');

// ------------------------------------------------------------------ helpers

/** The form is built and its first check has answered. */
async function ready(page) {
  await page.waitForFunction(() => document.getElementById('app')?.dataset.klar === 'ja', null, { timeout: 20000 });
}

/** No check in flight or queued. */
async function idle(page) {
  await page.waitForFunction(() => window.__mrplan && !window.__mrplan.busy(), null, { timeout: 20000 });
}

function field(page, pointer) {
  return page.locator(`[data-pointer="${pointer}"]`);
}

async function axe(page) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    resultTypes: ['violations'],
  }));
  return found.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
  }));
}

/**
 * Watches the message box of the field at `pointer` (found through the
 * input's aria-describedby, as a screen reader finds it): the clock starts
 * at the next input event and stops when a message containing `expected`
 * is shown there.
 */
async function arm(page, pointer, expected) {
  await page.evaluate(([p, want]) => {
    const input = document.querySelector(`[data-pointer="${p}"]`);
    const box = (input.getAttribute('aria-describedby') || '').split(/\s+/)
      .map((id) => document.getElementById(id)).find((el) => el && el.classList.contains('msg'));
    const watch = { start: null, ms: null, text: null, hint: null, box: box ? box.id : null };
    window.__watch = watch;
    document.addEventListener('input', () => { if (watch.start === null) watch.start = performance.now(); }, { capture: true, once: true });
    if (!box) return;
    const look = () => {
      for (const d of box.querySelectorAll('.diag')) {
        const text = d.querySelector('.diag-message')?.textContent ?? '';
        if (watch.start !== null && text.includes(want)) {
          watch.ms = performance.now() - watch.start;
          watch.text = text;
          watch.kind = d.querySelector('.diag-kind')?.textContent ?? '';
          watch.hint = d.querySelector('.diag-hint')?.textContent ?? null;
          observer.disconnect();
          return;
        }
      }
    };
    const observer = new MutationObserver(look);
    observer.observe(box, { childList: true, subtree: true, characterData: true });
  }, [pointer, expected]);
}

/** Waits for the armed message; returns what was seen and how the field is marked. */
async function caught(page, pointer) {
  await page.waitForFunction(() => window.__watch.ms !== null, null, { timeout: 15000 });
  const watch = await page.evaluate(() => window.__watch);
  watch.aria_invalid = await field(page, pointer).getAttribute('aria-invalid');
  delete watch.start;
  return watch;
}

async function counts(page) {
  return page.evaluate(() => {
    const el = document.getElementById('tjek-antal');
    return { text: el.textContent, fejl: Number(el.dataset.fejl), advarsler: Number(el.dataset.advarsler) };
  });
}

async function activePointer(page) {
  return page.evaluate(() => document.activeElement?.dataset?.pointer ?? document.activeElement?.tagName);
}

// ------------------------------------------------------------------ scenarios

async function rediger(page) {
  result.axe_form = await axe(page);
  // Usable at 320 px (WCAG 1.4.10): no sideways scrolling.
  await page.setViewportSize({ width: 320, height: 800 });
  result.overflow_320 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Add a goal with the keyboard: focus the button and press Enter.
  const goals = await page.evaluate(() => document.querySelectorAll('fieldset.item[data-list="mål"]').length);
  const add = page.getByRole('button', { name: 'Tilføj mål', exact: true });
  await add.focus();
  await page.keyboard.press('Enter');
  const at = `/mål/${goals}`;
  result.new_goal_pointer = at;
  result.focus_after_add = await activePointer(page);
  result.new_goal_nr = await field(page, `${at}/nr`).inputValue();

  for (const [key, value] of Object.entries(NEW_GOAL)) await field(page, `${at}/${key}`).fill(value);
  await idle(page);
  result.counts_filled = await counts(page);

  // Mistake 1, typed: a weight that is not a number. The clock runs from
  // the last keystroke to the checker's message at the field.
  const weight = field(page, WEIGHT);
  await weight.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('ab');
  await arm(page, WEIGHT, '\'abc\'');
  await page.keyboard.press('c');
  result.weight = await caught(page, WEIGHT);
  result.focus_kept = await activePointer(page);
  result.weight_value = await weight.inputValue();

  // Mistake 2: the new goal's deadline outside the plan year.
  await arm(page, `${at}/frist`, '2027');
  await field(page, `${at}/frist`).fill('2027-03-01');
  result.deadline = await caught(page, `${at}/frist`);
  await idle(page);
  result.counts_mistakes = await counts(page);
  result.summary_links = await page.evaluate(() => [...document.querySelectorAll('#tjek-liste a')].map((a) => a.textContent));
  result.axe_errors = await axe(page);

  // Fix both; warnings may remain, errors may not.
  await weight.fill(WEIGHT_FIXED);
  await field(page, `${at}/frist`).fill(NEW_GOAL.frist);
  await page.waitForFunction(() => document.getElementById('tjek-antal')?.dataset.fejl === '0', null, { timeout: 15000 });
  await idle(page);
  result.counts_fixed = await counts(page);
  result.aria_invalid_after_fix = await weight.getAttribute('aria-invalid');

  // Save: the diff is shown in a dialog first.
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await page.locator('dialog#forskel[open]').waitFor({ timeout: 15000 });
  result.diff = await page.locator('#forskel-tekst').textContent();
  result.axe_dialog = await axe(page);
  await page.getByRole('button', { name: 'Gem ændringerne', exact: true }).click();
  await page.waitForFunction(() => /Gemt\./.test(document.getElementById('handling-besked')?.textContent ?? ''), null, { timeout: 15000 });
  result.saved = true;
  result.saved_message = await page.locator('#handling-besked').textContent();

  // Saving again finds nothing to save: the form's base moved to the new file.
  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  await page.waitForFunction(() => /Ingen ændringer/.test(document.getElementById('handling-besked')?.textContent ?? ''), null, { timeout: 15000 });
  result.second_save_message = await page.locator('#handling-besked').textContent();
}

async function konflikt(page) {
  await page.evaluate(() => { window.__mrplanMark = true; });
  const title = field(page, '/mål/0/titel');
  result.form_title = 'Milepæle i materielprojekterne nås til tiden';
  await title.fill(result.form_title);
  await idle(page);

  // Someone else changes the file on disk meanwhile.
  const from = 'Kortere gennemløbstid for udbud';
  const to = 'Kortere gennemløbstid for alle udbud';
  writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  result.disk_change = to;

  await page.getByRole('button', { name: 'Gem', exact: true }).click();
  // Whether the diff dialog shows first depends on when the server notices.
  const dialog = page.locator('dialog#forskel[open]');
  const conflict = page.locator('#konflikt[data-kilde="gem"] .conflict-message');
  await Promise.race([dialog.waitFor({ timeout: 15000 }), conflict.waitFor({ timeout: 15000 })]);
  if (await dialog.isVisible()) await page.getByRole('button', { name: 'Gem ændringerne', exact: true }).click();
  await conflict.waitFor({ timeout: 15000 });
  result.conflict_message = await conflict.textContent();
  result.conflict_button = await page.locator('#konflikt button').textContent();
  // Nothing lost: the form still has the user's value, and the page never reloaded.
  result.title_after_conflict = await title.inputValue();
  result.mark_after = await page.evaluate(() => window.__mrplanMark === true);
  result.file_after = readFileSync(file, 'utf8');

  // Reloading is the user's choice; then the form shows the file on disk.
  await page.getByRole('button', { name: 'Genindlæs fra disken' }).click();
  await page.waitForFunction(([want]) => document.querySelector('[data-pointer="/mål/1/titel"]')?.value === want, [to], { timeout: 15000 });
  await ready(page);
  result.reloaded_title_0 = await field(page, '/mål/0/titel').inputValue();
  result.reloaded_title_1 = await field(page, '/mål/1/titel').inputValue();
  result.conflict_after_reload = await page.locator('#konflikt').textContent();
}
