// SPDX-License-Identifier: AGPL-3.0-or-later
// The contrast check that runs on every page the browser tests visit (WCAG
// 2.1 SC 1.4.3): each visible button and link must have text at least
// 4.5:1 against the background it is drawn on. axe-core leaves such cases
// "to review" (a button whose colour a later rule overrides); this check
// computes them: text colour against the effective background, found by
// walking up the ancestors to the first opaque background colour and
// blending the translucent ones above it.
//
// support.js wires it into every page of every browser the tests launch:
// a page is checked when it loads and before each navigation or action the
// test awaits, and the test fails with the offending elements listed.
'use strict';

const MIN_RATIO = 4.5;

// Runs inside the page. Returns the problems of this document, once per
// document (a later call returns null).
function pageContrastProblems(minRatio) {
  if (window.__varcoContrastChecked) return null;
  window.__varcoContrastChecked = true;

  const parse = (c) => {
    const m = /^rgba?\(([^)]+)\)$/.exec(c.trim());
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(parseFloat);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const over = (top, under) => ({ // top blended over an opaque colour
    r: top.r * top.a + under.r * (1 - top.a),
    g: top.g * top.a + under.g * (1 - top.a),
    b: top.b * top.a + under.b * (1 - top.a),
    a: 1,
  });
  const lum = (c) => {
    const f = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // The colour behind el: its own and its ancestors' background colours,
  // blended from the first opaque one (white canvas if none). null when an
  // image or gradient is in the way (the colour cannot be known).
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage && s.backgroundImage !== 'none') return null;
      const c = parse(s.backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let base = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) base = over(layers[i], base);
    return base;
  };
  const translucent = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (parseFloat(getComputedStyle(e).opacity) < 1) return true;
    }
    return false;
  };
  const describe = (el) => {
    const html = el.outerHTML.replace(/\s+/g, ' ');
    return html.length > 160 ? `${html.slice(0, 157)}...` : html;
  };

  const problems = [];
  const controls = document.querySelectorAll(
    'a[href], button, [role=button], input[type=submit], input[type=button], label.btn, input.upload + label');
  for (const el of controls) {
    if (el.disabled || el.getAttribute('aria-disabled') === 'true') continue; // WCAG: inactive controls are exempt
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue; // visually hidden (skip link until focused)
    const text = (el.tagName === 'INPUT' ? el.value : el.innerText || '').trim();
    if (!text) continue; // icon-only controls carry their name in aria-label
    if (translucent(el)) continue; // a fading element: its colours are not final
    const bg = background(el);
    if (!bg) continue;
    const fgRaw = parse(getComputedStyle(el).color);
    if (!fgRaw) continue;
    const fg = over(fgRaw, bg);
    const r = ratio(fg, bg);
    if (r < minRatio) {
      problems.push(`${r.toFixed(2)}:1 "${text.slice(0, 60)}" `
        + `(rgb(${Math.round(fg.r)},${Math.round(fg.g)},${Math.round(fg.b)}) on `
        + `rgb(${Math.round(bg.r)},${Math.round(bg.g)},${Math.round(bg.b)})): ${describe(el)}`);
    }
  }
  return problems;
}

// Checks the page's current document (once per document). Returns a list
// of problem lines, empty when the document is fine or already checked or
// went away during the check (a navigation: the next document is checked
// when it loads).
async function checkPage(page) {
  let problems = null;
  try {
    const url = page.url();
    if (!/^https?:/.test(url)) return [];
    problems = await page.evaluate(pageContrastProblems, MIN_RATIO);
    if (problems && problems.length) {
      return problems.map((p) => `contrast below ${MIN_RATIO}:1 on ${new URL(url).pathname}: ${p}`);
    }
  } catch (e) {
    // the document went away mid-check, or the page is closed or is not
    // HTML (a PDF): nothing to check
  }
  return [];
}

// Page methods after which a new document has loaded: the page is checked
// right away (if the load event has not done it yet).
const NAVIGATIONS = ['goto', 'reload', 'goBack', 'goForward', 'waitForLoadState', 'waitForURL'];
// Other awaited actions only report what the load events found, without a
// round trip to the browser (a test that races a throttle's short wait must
// not be slowed down by the check); the synchronous methods (locator, url)
// are left alone.
const ACTIONS = ['click', 'fill', 'check', 'uncheck', 'selectOption', 'setInputFiles', 'press',
  'type', 'textContent', 'innerText', 'content', 'title'];

// Makes page report contrast problems: each load is checked, and each
// awaited action first fails with what was found since the last one.
function watchPage(page) {
  if (page.__varcoContrast) return page;
  const found = [];
  const pending = new Set();
  const run = () => {
    const p = checkPage(page).then((lines) => { found.push(...lines); });
    pending.add(p);
    p.finally(() => pending.delete(p));
    return p;
  };
  page.on('load', run);
  const settle = async (check) => {
    if (check) await run();
    await Promise.all([...pending]);
    if (found.length) {
      const lines = found.splice(0);
      throw new Error(lines.join('\n'));
    }
  };
  for (const name of [...NAVIGATIONS, ...ACTIONS]) {
    const original = page[name].bind(page);
    const check = NAVIGATIONS.includes(name);
    page[name] = async (...args) => {
      const out = await original(...args);
      await settle(check);
      return out;
    };
  }
  page.__varcoContrast = { settle };
  return page;
}

// Wraps browser so that every page of every context it opens is watched;
// closing a context first reports what its pages had not reported yet.
// browser.newContextUnchecked(...) opens a context without the check (the
// check's own test, which builds a page that must fail it).
function watchBrowser(browser) {
  const newContext = browser.newContext.bind(browser);
  browser.newContextUnchecked = newContext;
  browser.newContext = async (...args) => {
    const ctx = await newContext(...args);
    ctx.on('page', watchPage);
    const newPage = ctx.newPage.bind(ctx);
    ctx.newPage = async (...a) => watchPage(await newPage(...a));
    const close = ctx.close.bind(ctx);
    ctx.close = async (...a) => {
      const errors = [];
      for (const p of ctx.pages()) {
        try {
          if (p.__varcoContrast) await p.__varcoContrast.settle(true);
        } catch (e) {
          errors.push(e.message);
        }
      }
      await close(...a);
      if (errors.length) throw new Error(errors.join('\n'));
    };
    return ctx;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (...args) => watchPage(await newPage(...args));
  return browser;
}

module.exports = { watchBrowser, watchPage, checkPage, MIN_RATIO };
