// mrplan's form editor, served by `mrplan serve` under /rediger/.
//
// One plain script, no build step and no network beyond the serve API. The
// file's front matter is kept as the JSON object the server loaded, and the
// form changes only the keys the user touches, so keys the form does not
// know survive and key order never changes. Every edit is checked by the
// real checker at once (one request in flight at a time), and its messages
// are written next to their fields without re-rendering the form, so focus
// and typing are never disturbed.
'use strict';

(() => {
  const API = '/__mrplan/rediger/api/';
  const TOKEN = document.querySelector('meta[name="mrplan-token"]')?.content ?? '';
  const app = document.getElementById('app');

  // Text fields that hold sentences get a textarea.
  const LONG_KEYS = new Set([
    'beskrivelse', 'målepunkt', 'succeskriterium', 'kommentar', 'tekst', 'baseline',
    'datakilde', 'proces', 'mission', 'vision', 'opnået', 'vurdering', 'analyse',
  ]);
  // How one item of a list is named ("Tilføj mål", "Delmål 2").
  const ITEM_NOUNS = {
    mål: 'mål', strategisk_målbillede: 'strategisk mål', delmål: 'delmål', opfølgning: 'opfølgning',
  };
  // The key whose value names an item ("Mål 3", "Strategisk mål P2").
  const ITEM_NAME_KEYS = { mål: 'nr', strategisk_målbillede: 'id', opfølgning: 'kvartal' };

  // ---------------------------------------------------------------- helpers

  /** Creates an element: h('p', {class: 'x', onclick: f}, 'text', child). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
      else if (name === 'text') el.textContent = value;
      else el.setAttribute(name, value === true ? '' : String(value));
    }
    appendAll(el, children);
    return el;
  }

  function appendAll(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : String(child));
    }
  }

  /** Text only a screen reader reads: the context of a repeated button. */
  const hidden = (text) => h('span', { class: 'visually-hidden' }, text);

  let idSeq = 0;
  const newId = (prefix = 'f') => `${prefix}${++idSeq}`;

  const capitalise = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);
  const labelOf = (key) => capitalise(key.replace(/_/g, ' '));
  const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const sentence = (s) => (/[.?!]$/.test(s) ? s : `${s}.`);
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

  // JSON pointers (RFC 6901): keys raw, '~' as '~0' and '/' as '~1'.
  const pointerJoin = (base, key) => `${base}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const pointerParent = (p) => p.slice(0, Math.max(0, p.lastIndexOf('/')));

  class ApiError extends Error {
    constructor(status, message) {
      super(message);
      this.status = status;
    }
  }

  /** GET (no body) or POST JSON to the editor API; throws ApiError with the server's Danish message. */
  async function api(name, body) {
    const init = body === undefined
      ? { headers: { Accept: 'application/json' } }
      : {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Mrplan-Token': TOKEN },
        body: JSON.stringify(body),
      };
    let res;
    try {
      res = await fetch(API + name, init);
    } catch {
      throw new ApiError(0, 'Kan ikke få forbindelse til mrplan serve. Kører den stadig?');
    }
    const type = res.headers.get('content-type') || '';
    if (!res.ok) {
      let message = `Serveren svarede med fejl ${res.status}.`;
      if (type.includes('json')) {
        try {
          const data = await res.json();
          if (data && data.fejl) message = data.fejl;
        } catch { /* keep the generic message */ }
      }
      throw new ApiError(res.status, message);
    }
    if (type.includes('application/pdf')) return res.blob();
    return res.json();
  }

  // ---------------------------------------------------------------- state

  const state = {
    sti: '',
    art: '',
    hash: '',
    front: null,
    body: '',
    skema: null,
    agencyName: '',
    dirty: false,
    // Bumped by every add, remove and move: a check answer for an older
    // structure has pointers that no longer fit, so it is dropped.
    structure: 0,
    checking: false,
    checkAgain: false,
    checks: 0,
    lastDiagnostics: [],
  };
  // For the browser test: how the checks went.
  window.__mrplan = { checks: 0, lastCheck: null, busy: () => state.checking || state.checkAgain };

  // Each list (array object) -> its items as loaded or last saved. Items are
  // matched by identity (objects) or value (ids), so the server learns where
  // every item came from and can move text blocks instead of rewriting
  // them. Kept beside the data so `front` stays exactly the file's data.
  let loadedLists = new WeakMap();

  function rememberLists(value) {
    if (Array.isArray(value)) {
      loadedLists.set(value, value.slice());
      value.forEach(rememberLists);
    } else if (isObject(value)) {
      Object.values(value).forEach(rememberLists);
    }
  }

  /** The `origins` for the API: for every list, each item's index as loaded (or null if new). */
  function origins() {
    const out = {};
    const walk = (value, pointer) => {
      if (Array.isArray(value)) {
        const was = loadedLists.get(value);
        const used = new Set();
        out[pointer] = value.map((item) => {
          if (!was) return null;
          const i = was.findIndex((old, j) => !used.has(j) && old === item);
          if (i < 0) return null;
          used.add(i);
          return i;
        });
        value.forEach((item, i) => walk(item, pointerJoin(pointer, i)));
      } else if (isObject(value)) {
        for (const [key, item] of Object.entries(value)) walk(item, pointerJoin(pointer, key));
      }
    };
    walk(state.front, '');
    return out;
  }

  const payload = () => ({
    sti: state.sti, hash: state.hash, front: state.front, origins: origins(), body: state.body,
  });

  function markChanged({ structural = false } = {}) {
    state.dirty = true;
    if (structural) state.structure += 1;
    scheduleCheck();
  }

  window.addEventListener('beforeunload', (event) => {
    if (state.dirty) {
      event.preventDefault();
      event.returnValue = '';
    }
  });

  // ---------------------------------------------------------------- routing

  function start() {
    const path = location.pathname;
    if (path === '/rediger/' || path === '/rediger') {
      showOverview();
    } else if (path.startsWith('/rediger/fil/')) {
      let sti;
      try {
        sti = decodeURIComponent(path.slice('/rediger/fil/'.length));
      } catch {
        showFatal('Adressen er ikke gyldig.');
        return;
      }
      state.sti = sti;
      loadFile();
    } else {
      showFatal('Siden findes ikke i redigeringen.');
    }
  }

  /** Replaces the page content (only on first load and on reload, never per edit). */
  function setPage(...children) {
    const wrap = h('div', { class: 'wrap' });
    appendAll(wrap, children);
    app.replaceChildren(wrap);
  }

  function showFatal(message) {
    setPage(
      h('h1', { tabindex: '-1' }, 'Der opstod en fejl'),
      h('p', { class: 'alert', role: 'alert' }, message),
      h('p', {}, h('a', { href: '/rediger/' }, 'Til oversigten over filer')),
    );
  }

  // ---------------------------------------------------------------- overview

  async function showOverview() {
    let data;
    try {
      data = await api('oversigt');
    } catch (e) {
      showFatal(e.message);
      return;
    }
    setPage(
      h('h1', {}, 'Redigér planer og styrelser'),
      data.ministerium ? h('p', { class: 'kicker' }, data.ministerium) : null,
      overviewPlans(data.planer || []),
      overviewAgencies(data.styrelser || []),
      h('h2', {}, 'Indstillinger'),
      h('ul', { class: 'file-list' }, h('li', {}, h('a', { href: fileHref(data.indstillinger || '_index.md') }, 'Redigér sidens indstillinger'))),
      newPlanForm(data),
      newAgencyForm(),
    );
    document.title = 'Redigér – mrplan';
  }

  const fileHref = (sti) => `/rediger/fil/${sti.split('/').map(encodeURIComponent).join('/')}`;

  function overviewPlans(plans) {
    const section = h('section', { 'aria-labelledby': 'planer-h' }, h('h2', { id: 'planer-h' }, 'Planer'));
    if (!plans.length) section.append(h('p', {}, 'Der er ingen planer endnu.'));
    const years = [];
    for (const plan of plans) {
      if (!years.length || years[years.length - 1].year !== plan.år) years.push({ year: plan.år, plans: [] });
      years[years.length - 1].plans.push(plan);
    }
    for (const { year, plans: inYear } of years) {
      section.append(
        h('h3', {}, String(year)),
        h('ul', { class: 'file-list' }, inYear.map((plan) => h('li', {},
          h('a', { href: fileHref(plan.sti) }, `Redigér ${plan.navn} ${plan.år} (${plan.status_da || plan.status || 'uden status'})`)))),
      );
    }
    return section;
  }

  function overviewAgencies(agencies) {
    return h('section', { 'aria-labelledby': 'styrelser-h' },
      h('h2', { id: 'styrelser-h' }, 'Styrelser'),
      agencies.length
        ? h('ul', { class: 'file-list' }, agencies.map((a) => h('li', {},
          h('a', { href: fileHref(a.sti) }, `Redigér ${a.navn}`), a.forkortelse ? ` (${a.forkortelse})` : '')))
        : h('p', {}, 'Der er ingen styrelser endnu.'));
  }

  /** A small form that POSTs and then opens the new file. */
  function creationForm(title, fields, button, send) {
    const headingId = newId('h');
    const error = h('div', { class: 'form-error', role: 'alert' });
    const form = h('form', { class: 'create', 'aria-labelledby': headingId, novalidate: true },
      h('h2', { id: headingId }, title), fields, error,
      h('button', { type: 'submit', class: 'primary' }, button));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.replaceChildren();
      try {
        const result = await send();
        location.assign(fileHref(result.sti));
      } catch (e) {
        error.replaceChildren(h('p', {}, h('strong', {}, 'Fejl: '), e.message));
      }
    });
    return form;
  }

  function newPlanForm(data) {
    const agencies = data.styrelser || [];
    const year = data.næste_år;
    const select = h('select', { id: 'ny-plan-styrelse' },
      agencies.map((a) => h('option', { value: a.slug }, `${a.navn} (${a.forkortelse || a.slug})`)));
    return creationForm(`Ny plan for ${year}`,
      [
        h('p', { class: 'hint' }, 'Planen laves ud fra styrelsens seneste plan, med status udkast.'),
        h('div', { class: 'field' }, h('label', { for: select.id }, 'Styrelse'), select),
      ],
      `Opret plan for ${year}`,
      () => api('ny-plan', { styrelse: select.value, år: year }));
  }

  function newAgencyForm() {
    const input = (id, label, hint, attrs) => {
      const el = h('input', Object.assign({ id, type: 'text', 'aria-describedby': `${id}-hjælp` }, attrs));
      return [el, h('div', { class: 'field' },
        h('label', { for: id }, label),
        h('p', { class: 'hint', id: `${id}-hjælp` }, hint), el)];
    };
    const [slug, slugField] = input('ny-slug', ['Kortnavn', h('span', { class: 'req' }, ' (skal udfyldes)')],
      'Bruges i filnavnet og adressen: små bogstaver, tal og bindestreg, fx fmi.', { autocomplete: 'off', spellcheck: 'false' });
    const [name, nameField] = input('ny-navn', ['Navn', h('span', { class: 'req' }, ' (skal udfyldes)')],
      'Styrelsens fulde navn.', { autocomplete: 'organization' });
    const [abbr, abbrField] = input('ny-forkortelse', ['Forkortelse', h('span', { class: 'req' }, ' (skal udfyldes)')],
      'Fx FMI.', { autocomplete: 'off' });
    const [url, urlField] = input('ny-url', 'Hjemmeside', 'Frivillig. Fx https://www.fmi.dk.', { type: 'url', autocomplete: 'url' });
    return creationForm('Ny styrelse', [slugField, nameField, abbrField, urlField], 'Opret styrelse', () => {
      const body = { slug: slug.value.trim(), navn: name.value.trim(), forkortelse: abbr.value.trim() };
      if (url.value.trim()) body.url = url.value.trim();
      return api('ny-styrelse', body);
    });
  }

  // ---------------------------------------------------------------- file page

  async function loadFile({ focus = false } = {}) {
    let data;
    try {
      // The agency's name is only for the heading: the page works without it.
      const [file, overview] = await Promise.all([
        api(`fil?sti=${encodeURIComponent(state.sti)}`),
        api('oversigt').catch(() => null),
      ]);
      data = file;
      state.agencyName = agencyName(overview, file);
      // The ministry's own word for a plan (dokumentnavn), as on the site.
      state.documentName = overview?.dokumentnavn || 'Mål- og resultatplan';
    } catch (e) {
      showFatal(e.message);
      return;
    }
    Object.assign(state, {
      art: data.art, hash: data.hash, front: data.front, body: data.body ?? '', skema: data.skema,
      dirty: false, structure: state.structure + 1, checkAgain: false, lastDiagnostics: [],
    });
    loadedLists = new WeakMap();
    rememberLists(state.front);
    renderFilePage(data.fejl);
    if (focus) document.getElementById('titel')?.focus();
    if (!data.fejl && isObject(state.front)) scheduleCheck();
    else app.dataset.klar = 'ja';
  }

  function agencyName(overview, file) {
    if (!overview) return '';
    const slug = file.art === 'plan' ? file.front?.styrelse : file.sti.replace(/^styrelser\/|\.md$/g, '');
    return (overview.styrelser || []).find((a) => a.slug === slug)?.navn || '';
  }

  function pageTitle() {
    const front = isObject(state.front) ? state.front : {};
    // The year from the path when the front matter cannot be read.
    if (state.art === 'plan') return `${state.documentName || 'Mål- og resultatplan'} ${front.år ?? state.sti.split('/')[1] ?? ''}`.trim();
    if (state.art === 'styrelse') return `Styrelse: ${front.navn || state.agencyName || state.sti}`;
    return 'Sidens indstillinger';
  }

  function renderFilePage(fejl) {
    const title = pageTitle();
    document.title = `Redigér ${title} – mrplan`;
    const header = [
      h('p', { class: 'crumbs' }, h('a', { href: '/rediger/' }, 'Alle filer')),
      h('h1', { id: 'titel', tabindex: '-1' }, `Redigér ${title[0].toLowerCase()}${title.slice(1)}`),
      h('p', { class: 'kicker' },
        state.art === 'plan' && state.agencyName ? [state.agencyName, ' · '] : null,
        'Fil: ', h('code', {}, `content/${state.sti}`)),
    ];
    if (fejl || !isObject(state.front)) {
      setPage(header,
        h('div', { class: 'alert', role: 'alert' },
          h('p', {}, h('strong', {}, 'Formularen kan ikke åbne filen. '),
            fejl || 'Filens front matter kan ikke læses. Ret den i en teksteditor, og genindlæs så siden.')),
        h('button', { type: 'button', onclick: () => loadFile({ focus: true }) }, 'Genindlæs'));
      return;
    }
    setPage(
      header,
      renderSummary(),
      h('form', { id: 'formular', class: 'editor', novalidate: true, onsubmit: (e) => e.preventDefault() },
        renderTopLevel(state.skema, state.front),
        renderBody()),
      renderActionBar(),
      renderDiffDialog(),
      renderConfirmDialog(),
    );
  }

  // ---------------------------------------------------------------- summary

  function renderSummary() {
    return h('section', { class: 'summary', id: 'tjek', 'aria-labelledby': 'tjek-h' },
      h('h2', { id: 'tjek-h' }, 'Tjek'),
      // aria-atomic false: only what changed is read, not every message on each keystroke.
      h('div', { role: 'status', 'aria-atomic': 'false', id: 'tjek-status' },
        h('p', { class: 'counts', id: 'tjek-antal' }, 'Tjekker …'),
        h('ul', { class: 'diag-list', id: 'tjek-liste' })),
      h('p', { class: 'hint' }, 'Filen tjekkes, mens du skriver, med de samme regler som mrplan check. Meldingerne står også ved felterne.'));
  }

  function countsText(fejl, advarsler) {
    if (!fejl && !advarsler) return 'Ingen fejl eller advarsler.';
    return `${fejl} fejl, ${plural(advarsler, 'advarsel', 'advarsler')}.`;
  }

  function updateSummary(result, placed) {
    const counts = document.getElementById('tjek-antal');
    const list = document.getElementById('tjek-liste');
    if (!counts || !list) return;
    const fejl = result.fejl ?? placed.filter(({ d }) => d.severity === 'fejl').length;
    const advarsler = result.advarsler ?? placed.length - fejl;
    const text = countsText(fejl, advarsler);
    if (counts.textContent !== text) counts.textContent = text;
    counts.dataset.fejl = String(fejl);
    counts.dataset.advarsler = String(advarsler);
    counts.classList.toggle('has-errors', fejl > 0);
    // Rebuild the list only when a message changed, so nothing is re-announced.
    const key = JSON.stringify(placed.map(({ d, target }) => [d.severity, d.message, d.hint, target?.id]));
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    list.replaceChildren(...placed.map(({ d, target }) => {
      const kind = d.severity === 'fejl' ? 'Fejl:' : 'Advarsel:';
      const where = !target && d.line ? ` (linje ${d.line})` : '';
      const text = [h('strong', {}, kind), ' ', d.message, where];
      return h('li', { class: `diag-${d.severity}` }, target
        ? h('a', { href: `#${target.id}`, onclick: (e) => { e.preventDefault(); focusTarget(target); } }, text)
        : text);
    }));
  }

  /** Focuses the field a message belongs to (for a group: its first field). */
  function focusTarget(target) {
    const el = target.matches('input, select, textarea') ? target : firstField(target) || target;
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  }

  // ---------------------------------------------------------------- checking

  /** Sends a check now, or right after the one in flight returns (never more than one at a time). */
  function scheduleCheck() {
    if (state.checking) {
      state.checkAgain = true;
      return;
    }
    runCheck();
  }

  async function runCheck() {
    state.checking = true;
    const structure = state.structure;
    const sent = performance.now();
    try {
      const result = await api('tjek', payload());
      state.checks += 1;
      window.__mrplan.checks = state.checks;
      window.__mrplan.lastCheck = { ms: performance.now() - sent, at: performance.now(), fejl: result.fejl };
      window.__mrplanLastCheck = window.__mrplan.lastCheck;
      if (structure === state.structure) showDiagnostics(result);
      if (result.konflikt) showConflict('Filen er ændret på disken, efter du åbnede den. Genindlæs den, før du gemmer.', 'tjek');
      else clearConflict('tjek');
    } catch (e) {
      if (e.status === 409) showConflict(e.message, 'tjek');
      else say(`Tjekket mislykkedes: ${e.message}`, 'error');
    } finally {
      state.checking = false;
      if (state.checkAgain) {
        state.checkAgain = false;
        runCheck();
      } else {
        app.dataset.klar = 'ja';
      }
    }
  }

  /** Every element a message can be shown at, by its JSON pointer. */
  function messageTargets() {
    const map = new Map();
    for (const el of app.querySelectorAll('[data-pointer]')) map.set(el.dataset.pointer, el);
    return map;
  }

  /** The element for `pointer`, or for the nearest pointer above it that the form shows. */
  function nearestTarget(targets, pointer) {
    let p = pointer || '';
    while (p) {
      const el = targets.get(p);
      if (el) return el;
      p = pointerParent(p);
    }
    return null;
  }

  function showDiagnostics(result) {
    const diagnostics = result.diagnostics || [];
    state.lastDiagnostics = diagnostics;
    const targets = messageTargets();
    const byTarget = new Map();
    const placed = diagnostics.map((d) => {
      const target = nearestTarget(targets, d.pointer);
      if (target) {
        if (!byTarget.has(target)) byTarget.set(target, []);
        byTarget.get(target).push(d);
      }
      return { d, target };
    });
    for (const el of targets.values()) setFieldMessages(el, byTarget.get(el) || []);
    updateSummary(result, placed);
  }

  /** Writes the messages of one field, touching the DOM only when they changed. */
  function setFieldMessages(el, diagnostics) {
    const key = diagnostics.length ? JSON.stringify(diagnostics.map((d) => [d.severity, d.message, d.hint])) : '';
    if ((el.dataset.diag || '') === key) return;
    el.dataset.diag = key;
    const box = document.getElementById(el.dataset.msg);
    if (box) box.replaceChildren(...diagnostics.map(diagnosticNode));
    const hasError = diagnostics.some((d) => d.severity === 'fejl');
    if (el.matches('input, select, textarea')) {
      if (hasError) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
    }
    el.closest('.field, .group')?.classList.toggle('has-error', hasError);
  }

  function diagnosticNode(d) {
    const error = d.severity === 'fejl';
    return h('p', { class: `diag diag-${error ? 'fejl' : 'advarsel'}` },
      h('span', { class: 'diag-icon', 'aria-hidden': 'true' }, error ? '✖' : '⚠'),
      h('strong', { class: 'diag-kind' }, error ? 'Fejl:' : 'Advarsel:'), ' ',
      h('span', { class: 'diag-message' }, d.message),
      d.hint ? [' ', h('span', { class: 'diag-hint' }, `Tip: ${d.hint}`)] : null);
  }

  // ---------------------------------------------------------------- form building

  /** The top level: plain fields first under one heading, then one section per group. */
  function renderTopLevel(table, front) {
    const plain = table.fields.filter((f) => f.type !== 'object' && f.type !== 'list');
    const groups = table.fields.filter((f) => f.type === 'object' || f.type === 'list');
    const basics = h('fieldset', { class: 'group top', id: newId('g') },
      h('legend', {}, h('h2', {}, state.art === 'plan' ? 'Planen' : state.art === 'styrelse' ? 'Styrelsen' : 'Siden')),
      plain.map((f) => renderField(f, front, '', { table, level: 2 })),
      state.art === 'plan' ? approvalNotice() : null,
      unknownKeysNote(table, front));
    return [basics, groups.map((f) => renderField(f, front, '', { table, level: 2 }))];
  }

  function approvalNotice() {
    const notice = h('p', { class: 'notice', id: 'godkendt-note' },
      'Når status er godkendt, må planen ingen fejl have, og påtegningen skal have sted, dato og begge underskrifter.');
    notice.hidden = state.front.status !== 'godkendt';
    return notice;
  }

  /** Keys the form does not know: listed so the user knows they are kept. */
  function unknownKeysNote(table, obj) {
    const known = new Set(table.fields.map((f) => f.key));
    const unknown = Object.keys(obj).filter((k) => !known.has(k));
    if (!unknown.length) return null;
    return h('p', { class: 'hint' }, `Felter, formularen ikke kender, gemmes uændret: ${unknown.join(', ')}.`);
  }

  function renderField(field, obj, base, ctx) {
    const pointer = pointerJoin(base, field.key);
    if (field.type === 'object') return renderObject(field, obj, pointer, ctx);
    if (field.type === 'list') return renderList(field, obj, pointer, ctx);
    return renderScalar(field, obj, pointer, ctx);
  }

  /** Whether the user must fill this field: the table says so, or the plan is approved (påtegning). */
  const isRequired = (field, ctx) => field.required || Boolean(ctx.requireAll);

  function hintText(field) {
    const parts = [];
    if (field.help) parts.push(sentence(capitalise(field.help)));
    if (field.type === 'ids') parts.push('Skriv id\'erne adskilt af komma, fx P1, P2.');
    else if (field.type === 'int' && field.min !== undefined && field.max !== undefined) parts.push(`Et helt tal fra ${field.min} til ${field.max}.`);
    else if (['text', 'url', 'name', 'nr'].includes(field.type) && field.example) parts.push(`Fx: ${field.example}`);
    return parts.join(' ');
  }

  function labelNodes(field, ctx) {
    return [labelOf(field.key), isRequired(field, ctx) ? h('span', { class: 'req' }, ' (skal udfyldes)') : null];
  }

  /** One input with its label, hint and message box. */
  function renderScalar(field, obj, pointer, ctx) {
    const id = newId();
    const value = obj[field.key];
    const wrap = h('div', { class: 'field' });
    if (value !== undefined && value !== null && typeof value === 'object' && field.type !== 'ids') {
      // A list or group where a single value belongs: shown, kept, and left to the checker.
      wrap.append(h('p', { class: 'label-like' }, labelOf(field.key)),
        h('p', { class: 'hint' }, 'Værdien har en form, formularen ikke kan vise. Den gemmes uændret; ret den i filen.'));
      const msgId = `${id}-besked`;
      wrap.dataset.pointer = pointer;
      wrap.dataset.msg = msgId;
      wrap.id = id;
      wrap.append(h('div', { class: 'msg', id: msgId }));
      return wrap;
    }
    const control = makeControl(field, value, id);
    const hint = hintText(field);
    const describedBy = [hint ? `${id}-hjælp` : null, `${id}-besked`].filter(Boolean).join(' ');
    control.setAttribute('aria-describedby', describedBy);
    control.dataset.pointer = pointer;
    control.dataset.msg = `${id}-besked`;
    const update = () => onScalarEdit(field, obj, control, ctx);
    control.addEventListener('input', update);
    control.addEventListener('change', update);
    appendAll(wrap, [
      h('label', { for: id }, labelNodes(field, ctx)),
      hint ? h('p', { class: 'hint', id: `${id}-hjælp` }, hint) : null,
      control,
      h('div', { class: 'msg', id: `${id}-besked` }),
    ]);
    return wrap;
  }

  function displayValue(field, value) {
    if (value === undefined || value === null) return '';
    if (field.type === 'ids') return Array.isArray(value) ? value.join(', ') : String(value);
    return String(value);
  }

  function makeControl(field, value, id) {
    const text = displayValue(field, value);
    switch (field.type) {
      case 'word':
        return makeSelect(field, value, id);
      case 'bool':
        // The file holds true/false; the select holds their text.
        return makeSelect(field, typeof value === 'boolean' ? String(value) : value, id);
      case 'int':
      case 'version':
        // Text, not type=number: a number input throws away "abc", and the
        // checker should see and explain exactly what was typed.
        return h('input', {
          id, type: 'text', inputmode: 'numeric', value: text, autocomplete: 'off',
          readonly: field.type === 'version' && typeof value === 'number',
        });
      case 'date':
        // A date input cannot show a value that is not ÅÅÅÅ-MM-DD: keep it visible as text.
        return /^\d{4}-\d{2}-\d{2}$/.test(text) || text === ''
          ? h('input', { id, type: 'date', value: text })
          : h('input', { id, type: 'text', value: text, autocomplete: 'off' });
      case 'datetime':
        return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(text) || text === ''
          ? h('input', { id, type: 'datetime-local', value: text })
          : h('input', { id, type: 'text', value: text, autocomplete: 'off' });
      case 'url':
        return h('input', { id, type: 'url', value: text, autocomplete: 'off', spellcheck: 'false' });
      case 'text':
        if (LONG_KEYS.has(field.key) || text.length > 60 || text.includes('\n')) {
          const area = h('textarea', { id, rows: String(Math.min(8, Math.max(2, Math.ceil(text.length / 70)))) });
          area.value = text;
          return area;
        }
        return h('input', { id, type: 'text', value: text });
      default: // name, nr, ids and anything new: plain text
        return h('input', { id, type: 'text', value: text, autocomplete: 'off', spellcheck: field.type === 'ids' || field.type === 'name' ? 'false' : null });
    }
  }

  function makeSelect(field, value, id) {
    const select = h('select', { id });
    const values = field.values || [];
    const known = values.some((v) => v.key === value);
    if (!field.required || !known) {
      select.append(h('option', { value: '' }, field.required ? '(vælg)' : '(ingen)'));
    }
    if (!known && value !== undefined && value !== null && value !== '') {
      // A word the checker will reject: shown and kept until the user picks another.
      select.append(h('option', { value: String(value), 'data-unknown': 'ja' }, `${value} (ikke gyldig)`));
    }
    for (const v of values) select.append(h('option', { value: v.key }, v.da || v.key));
    select.value = value === undefined || value === null ? '' : String(value);
    return select;
  }

  const EMPTY = Symbol('tom');

  /** The JSON value the control holds, as the API wants it. */
  function readControl(field, control) {
    const raw = control.value;
    const trimmed = raw.trim();
    if (field.type === 'ids') {
      const ids = raw.split(',').map((s) => s.trim()).filter(Boolean);
      return ids.length ? ids : EMPTY;
    }
    if (trimmed === '') return EMPTY;
    if ((field.type === 'int' || field.type === 'version') && /^[+-]?\d+$/.test(trimmed)) return Number(trimmed);
    if (field.type === 'nr' && /^\d+$/.test(trimmed)) return Number(trimmed);
    if (field.type === 'bool' && (trimmed === 'true' || trimmed === 'false')) return trimmed === 'true';
    // A point-decimal is a number; a Danish "1.234,5" stays text for the checker to read.
    if (field.type === 'decimal' && /^-?\d+(\.\d+)?$/.test(trimmed) && !/^-?\d{1,3}(\.\d{3})+$/.test(trimmed)) return Number(trimmed);
    return raw;
  }

  function onScalarEdit(field, obj, control, ctx) {
    const before = JSON.stringify(obj[field.key]);
    applyValue(field, obj, readControl(field, control), ctx);
    if (JSON.stringify(obj[field.key]) === before) return;
    if (obj === state.front && field.key === 'status' && state.art === 'plan') onStatusChange();
    const item = control.closest('.item');
    if (item && ITEM_NAME_KEYS[item.dataset.list] === field.key) retitleItem(item);
    markChanged();
  }

  function applyValue(field, obj, value, ctx) {
    const key = field.key;
    if (value === EMPTY) {
      // A required field stays, empty, so the checker names it; an optional one goes.
      if (isRequired(field, ctx)) setKey(obj, key, '', ctx.table);
      else delete obj[key];
      return;
    }
    const current = obj[key];
    if (field.type === 'ids') {
      if (Array.isArray(current)) {
        // The same list object, so the ids' origins are still known.
        current.splice(0, current.length, ...value);
        return;
      }
      // `understøtter: P1` in the file stays a single id while it is one.
      const single = typeof current === 'string' && current !== '' && value.length === 1;
      setKey(obj, key, single ? value[0] : value, ctx.table);
      return;
    }
    setKey(obj, key, value, ctx.table);
  }

  /**
   * Sets obj[key], keeping the object itself (lists know their items by
   * identity) and its key order. A new key goes where the table puts it,
   * after the keys that come before it in the table.
   */
  function setKey(obj, key, value, table) {
    if (Object.prototype.hasOwnProperty.call(obj, key) || !table) {
      obj[key] = value;
      return;
    }
    const order = new Map(table.fields.map((f, i) => [f.key, i]));
    const mine = order.get(key);
    const keys = Object.keys(obj);
    const at = mine === undefined ? -1 : keys.findIndex((k) => order.has(k) && order.get(k) > mine);
    if (at < 0) {
      obj[key] = value;
      return;
    }
    // Re-add the keys after the insertion point, so they follow the new key.
    const moved = keys.slice(at).map((k) => [k, obj[k]]);
    for (const [k] of moved) delete obj[k];
    obj[key] = value;
    for (const [k, v] of moved) obj[k] = v;
  }

  function newObject(table, list) {
    const obj = {};
    for (const f of table.fields) {
      if (!f.required) continue;
      if (f.type === 'object') obj[f.key] = newObject(f.table);
      else if (f.type === 'list') obj[f.key] = [];
      else if (f.type === 'nr') obj[f.key] = nextNumber(list || []);
      else obj[f.key] = '';
    }
    return obj;
  }

  /** The number after the highest whole-number `nr` in the list. */
  function nextNumber(list) {
    let max = 0;
    for (const item of list) {
      const n = Number(isObject(item) ? item.nr : NaN);
      if (Number.isInteger(n) && n > max) max = n;
    }
    return Math.max(max, list.length) + 1;
  }

  // ---------------------------------------------------------------- groups

  function groupShell(field, pointer, ctx, extraClass) {
    const id = newId('g');
    const msgId = `${id}-besked`;
    const hint = field.help ? sentence(capitalise(field.help)) : '';
    const hintId = hint ? `${id}-hjælp` : null;
    const level = Math.min(ctx.level, 6);
    const heading = h(`h${level}`, {}, labelNodes(field, ctx));
    const box = h('fieldset', {
      class: `group ${extraClass}`, id, 'data-pointer': pointer, 'data-msg': msgId,
      'aria-describedby': [hintId, msgId].filter(Boolean).join(' '),
    }, h('legend', {}, heading), hint ? h('p', { class: 'hint', id: hintId }, hint) : null, h('div', { class: 'msg', id: msgId }));
    return box;
  }

  /** A group of fields (opfølgning, påtegning, resultat ...). */
  function renderObject(field, parent, pointer, ctx) {
    const requireAll = field.key === 'påtegning' && parent === state.front && state.front.status === 'godkendt';
    const box = groupShell(field, pointer, ctx, 'object');
    box.dataset.key = field.key;
    const value = parent[field.key];
    const rerender = (focusFirst) => {
      const fresh = renderObject(field, parent, pointer, ctx);
      box.replaceWith(fresh);
      markChanged({ structural: true });
      const target = focusFirst ? firstField(fresh) : fresh.querySelector('button.add-group');
      target?.focus();
    };
    if (value === undefined) {
      box.append(h('button', {
        type: 'button', class: 'add-group',
        onclick: () => {
          setKey(parent, field.key, newObject(field.table), ctx.table);
          rerender(true);
          say(`${labelOf(field.key)} tilføjet.`);
        },
      }, `Tilføj ${field.key}`, ctx.context ? hidden(` til ${ctx.context}`) : null));
      return box;
    }
    if (!isObject(value)) {
      box.append(h('p', { class: 'hint' }, 'Værdien er ikke en gruppe af felter, så formularen kan ikke vise den. Den gemmes uændret; ret den i filen.'));
      return box;
    }
    const inner = { table: field.table, level: ctx.level + 1, context: ctx.context, requireAll };
    appendAll(box, [field.table.fields.map((f) => renderField(f, value, pointer, inner)), unknownKeysNote(field.table, value)]);
    if (!field.required && !requireAll) {
      box.append(h('button', {
        type: 'button', class: 'remove',
        onclick: () => {
          delete parent[field.key];
          rerender(false);
          say(`${labelOf(field.key)} fjernet.`);
        },
      }, `Fjern ${field.key}`, ctx.context ? hidden(` fra ${ctx.context}`) : null));
    }
    return box;
  }

  // The påtegning the form added when the status became godkendt, so it can
  // go again if the status goes back before anything is written in it.
  let createdSignature = null;

  /** Keeps påtegning in step with the status: shown and required once the plan is approved. */
  function onStatusChange() {
    const approved = state.front.status === 'godkendt';
    const note = document.getElementById('godkendt-note');
    if (note) note.hidden = !approved;
    const table = state.skema;
    const field = table.fields.find((f) => f.key === 'påtegning');
    if (!field) return;
    if (approved && state.front.påtegning === undefined) {
      const signature = {};
      for (const f of field.table.fields) signature[f.key] = '';
      setKey(state.front, 'påtegning', signature, table);
      createdSignature = signature;
    } else if (!approved && createdSignature && state.front.påtegning === createdSignature
      && Object.values(createdSignature).every((v) => v === '')) {
      // Undo what approving added, when nothing was written in it.
      delete state.front.påtegning;
      createdSignature = null;
    }
    const old = app.querySelector('fieldset.group[data-key="påtegning"]');
    if (old) {
      old.replaceWith(renderObject(field, state.front, pointerJoin('', 'påtegning'), { table, level: 2 }));
      state.structure += 1;
    }
  }

  // ---------------------------------------------------------------- lists

  const nounOf = (key) => ITEM_NOUNS[key] || key;

  function itemTitle(key, item, index) {
    const nameKey = ITEM_NAME_KEYS[key];
    const name = isObject(item) && nameKey && item[nameKey] !== undefined && item[nameKey] !== '' ? item[nameKey] : index + 1;
    return `${capitalise(nounOf(key))} ${name}`;
  }

  /** A list of groups: one fieldset per item with move and remove buttons, and an add button. */
  function renderList(field, parent, pointer, ctx) {
    const box = groupShell(field, pointer, ctx, 'list');
    fillList(box, field, parent, pointer, ctx);
    return box;
  }

  function fillList(box, field, parent, pointer, ctx) {
    // Keep the shell (legend, hint, message box); replace the items.
    for (const el of [...box.children]) if (el.classList.contains('item') || el.classList.contains('list-end')) el.remove();
    const list = parent[field.key];
    if (list !== undefined && !Array.isArray(list)) {
      box.append(h('p', { class: 'hint list-end' }, 'Værdien er ikke en liste, så formularen kan ikke vise den. Den gemmes uændret; ret den i filen.'));
      return;
    }
    const items = list || [];
    const ops = {
      add: () => addItem(box, field, parent, pointer, ctx),
      remove: (i) => removeItem(box, field, parent, pointer, ctx, i),
      move: (i, by, action) => moveItem(box, field, parent, pointer, ctx, i, by, action),
    };
    items.forEach((item, i) => box.append(renderItem(field, item, i, items.length, pointer, ctx, ops)));
    const noun = nounOf(field.key);
    box.append(h('div', { class: 'list-end' },
      items.length ? null : h('p', { class: 'hint' }, `Ingen ${noun} endnu.`),
      h('button', { type: 'button', class: 'add', onclick: ops.add },
        `Tilføj ${noun}`, ctx.context ? hidden(` til ${ctx.context}`) : null)));
  }

  function renderItem(field, item, index, count, listPointer, ctx, ops) {
    const pointer = pointerJoin(listPointer, index);
    const id = newId('g');
    const msgId = `${id}-besked`;
    const title = itemTitle(field.key, item, index);
    const level = Math.min(ctx.level + 1, 6);
    const box = h('fieldset', {
      class: 'group item', id, 'data-pointer': pointer, 'data-msg': msgId, 'data-list': field.key, 'aria-describedby': msgId,
    }, h('legend', {}, h(`h${level}`, { class: 'item-title' }, title)), h('div', { class: 'msg', id: msgId }));
    const button = (action, label, disabled, onclick) => h('button', {
      type: 'button', class: `item-action ${action}`, 'data-action': action, disabled, onclick,
    }, label, h('span', { class: 'visually-hidden item-name' }, `: ${title}`));
    box.append(h('div', { class: 'item-actions' },
      button('op', 'Flyt op', index === 0, () => ops.move(index, -1, 'op')),
      button('ned', 'Flyt ned', index === count - 1, () => ops.move(index, 1, 'ned')),
      button('fjern', 'Fjern', false, () => ops.remove(index))));
    if (!isObject(item)) {
      box.append(h('p', { class: 'hint' }, `Punktet er ikke en gruppe af felter: ${JSON.stringify(item)}. Det gemmes uændret.`));
      return box;
    }
    const inner = { table: field.table, level: level + 1, context: title.toLowerCase() };
    appendAll(box, [field.table.fields.map((f) => renderField(f, item, pointer, inner)), unknownKeysNote(field.table, item)]);
    return box;
  }

  /** After the naming field changed: the heading and the buttons' hidden context follow. */
  function retitleItem(itemEl) {
    const index = [...itemEl.parentElement.children].filter((c) => c.classList.contains('item')).indexOf(itemEl);
    const list = listOfItemElement(itemEl);
    if (!list) return;
    const title = itemTitle(itemEl.dataset.list, list[index], index);
    const heading = itemEl.querySelector(':scope > legend .item-title');
    if (heading) heading.textContent = title;
    for (const span of itemEl.querySelectorAll(':scope > .item-actions .item-name')) span.textContent = `: ${title}`;
  }

  function listOfItemElement(itemEl) {
    const pointer = itemEl.parentElement.dataset.pointer;
    let value = state.front;
    for (const part of pointer.split('/').slice(1)) {
      const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
      value = value?.[Array.isArray(value) ? Number(key) : key];
    }
    return Array.isArray(value) ? value : null;
  }

  function itemElements(box) {
    return [...box.children].filter((c) => c.classList.contains('item'));
  }

  function firstField(el) {
    return el.querySelector('.field input:not([readonly]), .field select, .field textarea, .field input');
  }

  function addItem(box, field, parent, pointer, ctx) {
    let list = parent[field.key];
    if (!Array.isArray(list)) {
      list = [];
      setKey(parent, field.key, list, ctx.table);
    }
    const item = newObject(field.table, list);
    list.push(item);
    fillList(box, field, parent, pointer, ctx);
    markChanged({ structural: true });
    const added = itemElements(box)[list.length - 1];
    firstField(added)?.focus();
    say(`${itemTitle(field.key, item, list.length - 1)} tilføjet.`);
  }

  function removeItem(box, field, parent, pointer, ctx, index) {
    const list = parent[field.key];
    const title = itemTitle(field.key, list[index], index);
    list.splice(index, 1);
    // An optional list left empty goes, as an emptied optional field does.
    if (!list.length && !field.required) delete parent[field.key];
    fillList(box, field, parent, pointer, ctx);
    markChanged({ structural: true });
    const next = itemElements(box)[index];
    (next ? firstField(next) : box.querySelector(':scope > .list-end button.add'))?.focus();
    say(`${title} fjernet.`);
  }

  function moveItem(box, field, parent, pointer, ctx, index, by, action) {
    const list = parent[field.key];
    const to = index + by;
    if (to < 0 || to >= list.length) return;
    [list[index], list[to]] = [list[to], list[index]];
    fillList(box, field, parent, pointer, ctx);
    markChanged({ structural: true });
    const moved = itemElements(box)[to];
    // The same button in the item's new place; at the end of the list it is
    // disabled, so the other move button takes focus.
    const same = moved.querySelector(`:scope > .item-actions [data-action="${action}"]`);
    const other = moved.querySelector(`:scope > .item-actions [data-action="${action === 'op' ? 'ned' : 'op'}"]`);
    (same && !same.disabled ? same : other)?.focus();
    say(`${itemTitle(field.key, list[to], to)} flyttet ${action}, nu nummer ${to + 1} af ${list.length}.`);
  }

  // ---------------------------------------------------------------- body

  function renderBody() {
    const area = h('textarea', { id: 'brødtekst', rows: '16', class: 'body', 'aria-describedby': 'brødtekst-hjælp brødtekst-besked', 'data-pointer': '#brødtekst', 'data-msg': 'brødtekst-besked' });
    area.value = state.body;
    area.addEventListener('input', () => {
      state.body = area.value;
      markChanged();
    });
    const preview = h('div', { class: 'preview prose', id: 'forhåndsvisning', tabindex: '0', role: 'region', 'aria-label': 'Forhåndsvisning af teksten' });
    preview.hidden = true;
    const toggle = h('button', { type: 'button', 'aria-pressed': 'false', 'aria-controls': 'forhåndsvisning' }, 'Forhåndsvis');
    toggle.addEventListener('click', () => togglePreview(toggle, area, preview));
    return h('fieldset', { class: 'group body-group', id: 'tekst' },
      h('legend', {}, h('h2', {}, 'Tekst')),
      h('div', { class: 'field' },
        h('label', { for: 'brødtekst' }, 'Tekst under felterne (Markdown)'),
        h('p', { class: 'hint', id: 'brødtekst-hjælp' }, 'Skrives i Markdown: ## giver en overskrift, en tom linje et nyt afsnit.'),
        area, h('div', { class: 'msg', id: 'brødtekst-besked' })),
      h('div', { class: 'preview-bar' }, toggle),
      preview);
  }

  async function togglePreview(toggle, area, preview) {
    const show = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(show));
    if (!show) {
      preview.hidden = true;
      area.hidden = false;
      return;
    }
    preview.replaceChildren(h('p', {}, 'Indlæser forhåndsvisning …'));
    preview.hidden = false;
    area.hidden = true;
    try {
      const { html } = await api('markdown', { body: area.value });
      // The server sanitises the HTML, as on the built site. Its heading
      // ids could repeat the form's own, so they go.
      preview.innerHTML = html;
      for (const el of preview.querySelectorAll('[id]')) el.removeAttribute('id');
    } catch (e) {
      preview.replaceChildren(h('p', { class: 'alert' }, h('strong', {}, 'Fejl: '), e.message));
    }
  }

  // ---------------------------------------------------------------- actions

  function renderActionBar() {
    return h('div', { class: 'action-bar', role: 'region', 'aria-label': 'Handlinger' },
      h('div', { class: 'wrap' },
        h('div', { class: 'conflict', id: 'konflikt', role: 'alert' }),
        h('p', { class: 'action-msg', id: 'handling-besked', role: 'status' }),
        h('div', { class: 'buttons' },
          h('button', { type: 'button', class: 'primary', id: 'knap-gem', onclick: save }, 'Gem'),
          h('button', { type: 'button', id: 'knap-pdf', onclick: previewPdf }, 'Forhåndsvis pdf'),
          h('button', { type: 'button', id: 'knap-genindlæs', onclick: () => reload(false) }, 'Genindlæs'))));
  }

  let pdfUrl = null;

  /** Shows a short result in the action bar, read by screen readers (polite). */
  function say(text, kind = 'info', extra = null) {
    const box = document.getElementById('handling-besked');
    if (!box) return;
    box.className = `action-msg ${kind}`;
    box.replaceChildren();
    if (!text) return;
    appendAll(box, [kind === 'error' ? h('strong', {}, 'Fejl: ') : null, text, extra ? [' ', extra] : null]);
  }

  /** Shows that the file changed on disk; `source` says who found it (tjek or gem). */
  function showConflict(message, source) {
    const box = document.getElementById('konflikt');
    if (!box) return;
    // A refused save says more than a check's notice: never replaced by it.
    if (source === 'tjek' && box.dataset.kilde === 'gem') return;
    box.dataset.kilde = source;
    box.replaceChildren(
      h('p', {}, h('strong', {}, 'Konflikt: '), h('span', { class: 'conflict-message' }, message)),
      h('p', {}, 'Dine ændringer står i formularen, indtil du genindlæser filen fra disken.'),
      h('button', { type: 'button', class: 'primary', onclick: () => reload(true) }, 'Genindlæs fra disken'));
  }

  /** Removes the conflict notice (only a check's own, when `source` is tjek). */
  function clearConflict(source) {
    const box = document.getElementById('konflikt');
    if (!box || (source && box.dataset.kilde !== source)) return;
    box.replaceChildren();
    delete box.dataset.kilde;
  }

  function handleError(e) {
    if (e.status === 409) {
      say('');
      showConflict(e.message, 'gem');
    } else {
      say(e.message, 'error');
    }
  }

  async function save() {
    say('Finder ændringerne …');
    let diff;
    try {
      diff = await api('forskel', payload());
    } catch (e) {
      handleError(e);
      return;
    }
    if (!diff.ændret) {
      say('Ingen ændringer at gemme.');
      return;
    }
    say('');
    if (!(await confirmDiff(diff))) {
      say('Intet er gemt.');
      document.getElementById('knap-gem')?.focus();
      return;
    }
    say('Gemmer …');
    try {
      const result = await api('gem', payload());
      state.hash = result.hash;
      // What is on disk now is the new starting point for the origins.
      loadedLists = new WeakMap();
      rememberLists(state.front);
      state.dirty = false;
      clearConflict();
      say('Gemt.', 'success');
    } catch (e) {
      handleError(e);
    }
    document.getElementById('knap-gem')?.focus();
  }

  function renderDiffDialog() {
    return h('dialog', { id: 'forskel', class: 'diff-dialog', 'aria-labelledby': 'forskel-h' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'forskel-h' }, 'Gem ændringerne?'),
        h('p', { class: 'hint' }, 'Sådan ændres filen: linjer med + tilføjes (grønne), linjer med - fjernes (røde).'),
        h('p', { class: 'notice', id: 'forskel-fejl', hidden: true }),
        h('pre', { class: 'diff', id: 'forskel-tekst', tabindex: '0', 'aria-label': 'Ændringerne i filen', autofocus: true }),
        h('div', { class: 'buttons' },
          h('button', { type: 'submit', value: 'gem', class: 'primary', id: 'forskel-gem' }, 'Gem ændringerne'),
          h('button', { type: 'submit', value: 'fortryd', id: 'forskel-fortryd' }, 'Fortryd'))));
  }

  /** Shows the diff in a modal dialog; resolves true when the user confirms. */
  function confirmDiff(diff) {
    const dialog = document.getElementById('forskel');
    const pre = document.getElementById('forskel-tekst');
    pre.replaceChildren(...diff.diff.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1).map((line) => {
      let kind = 'same';
      if (line.startsWith('+++') || line.startsWith('---')) kind = 'head';
      else if (line.startsWith('@@')) kind = 'hunk';
      else if (line.startsWith('+')) kind = 'add';
      else if (line.startsWith('-')) kind = 'del';
      return h('span', { class: `diff-line diff-${kind}` }, `${line}\n`);
    }));
    const errors = document.getElementById('forskel-fejl');
    errors.hidden = !diff.fejl;
    errors.textContent = diff.fejl
      ? `Filen har stadig ${diff.fejl} fejl. Du kan gemme den, men den kan ikke bygges, før fejlene er rettet.`
      : '';
    dialog.returnValue = '';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'gem'), { once: true });
      dialog.showModal();
    });
  }

  function renderConfirmDialog() {
    return h('dialog', { id: 'bekræft', class: 'confirm-dialog', 'aria-labelledby': 'bekræft-h' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'bekræft-h' }, 'Kassér dine ændringer?'),
        h('p', {}, 'Du har ændringer, der ikke er gemt. Genindlæser du, går de tabt.'),
        h('div', { class: 'buttons' },
          h('button', { type: 'submit', value: 'ja', class: 'danger' }, 'Genindlæs og kassér ændringerne'),
          h('button', { type: 'submit', value: 'nej', autofocus: true }, 'Fortryd'))));
  }

  async function reload(force) {
    if (!force && state.dirty) {
      const dialog = document.getElementById('bekræft');
      dialog.returnValue = '';
      const ok = await new Promise((resolve) => {
        dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ja'), { once: true });
        dialog.showModal();
      });
      if (!ok) return;
    }
    state.dirty = false;
    await loadFile({ focus: true });
    say('Filen er genindlæst fra disken.');
  }

  async function previewPdf() {
    say('Laver pdf\'en …');
    try {
      const blob = await api('pdf', payload());
      if (!(blob instanceof Blob)) throw new ApiError(0, 'Serveren sendte ikke en pdf.');
      if (pdfUrl) URL.revokeObjectURL(pdfUrl);
      pdfUrl = URL.createObjectURL(blob);
      say('Pdf\'en er klar:', 'success',
        h('a', { href: pdfUrl, target: '_blank', rel: 'noopener' }, 'Åbn pdf\'en', hidden(' (åbner i en ny fane)')));
    } catch (e) {
      handleError(e);
    }
  }

  start();
})();
