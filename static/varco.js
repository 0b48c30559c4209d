// SPDX-License-Identifier: AGPL-3.0-or-later
// Progressive enhancement only: every page works without this file.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  // The error summary (GOV.UK, Designers Italia): focused on load so that
  // screen readers announce it; each of its links moves the focus to its
  // field and brings the field's label into view, not just the input.
  const summary = document.getElementById('error-summary');
  if (!summary) return;
  summary.setAttribute('tabindex', '-1');
  summary.focus();
  summary.querySelectorAll('a[href^="#"]').forEach((link) => {
    link.addEventListener('click', (event) => {
      const field = document.getElementById(link.getAttribute('href').slice(1));
      if (!field) return;
      event.preventDefault();
      const label = document.querySelector(`label[for="${field.id}"]`);
      (label || field).scrollIntoView();
      field.focus({ preventScroll: true });
    });
  });
});

// Show-password toggle for inputs marked data-reveal: a button after the
// field switches it between hidden and plain text. Its labels come from the
// page (data-show, data-hide), so this file holds no language.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('input[data-reveal]').forEach((input) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn btn-outline-primary password-reveal';
    button.textContent = input.dataset.show;
    button.setAttribute('aria-controls', input.id);
    button.setAttribute('aria-pressed', 'false');
    button.setAttribute('aria-label', input.dataset.showLabel || input.dataset.show);
    button.addEventListener('click', () => {
      const shown = input.type === 'text';
      input.type = shown ? 'password' : 'text';
      button.textContent = shown ? input.dataset.show : input.dataset.hide;
      button.setAttribute('aria-pressed', String(!shown));
    });
    // inside the field's group (templates wrap the input in .input-group),
    // so that the button sits at the end of the field, never beside the help
    const group = input.closest('.input-group');
    if (group) group.appendChild(button);
    else input.insertAdjacentElement('afterend', button);
    // hidden again when the form is sent, whatever the person left it at
    if (input.form) {
      input.form.addEventListener('submit', () => {
        input.type = 'password';
        button.textContent = input.dataset.show;
        button.setAttribute('aria-pressed', 'false');
      });
    }
  });
});

// Strength meter for inputs marked data-strength: after 300 ms without
// typing, the server rates the password with the very rule it applies on
// submit (POST /password/valuta), and the meter below the field shows the
// score and, for a refused password, the reason. data-fresh="true" on the
// meter: what it shows is the rating of what the field holds now (not of
// what it held a keystroke ago).
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('input[data-strength]').forEach((input) => {
    const meter = document.getElementById(`${input.id}-meter`);
    if (!meter || !input.form) return;
    const bar = meter.querySelector('.progress-bar');
    const text = meter.querySelector('.password-meter-text');
    const colours = ['bg-danger', 'bg-danger', 'bg-warning', 'bg-success', 'bg-success'];
    let timer = null;
    let asked = 0;
    const rate = async () => {
      const mine = ++asked;
      const sent = input.value;
      const body = new URLSearchParams({ password: sent });
      for (const name of ['csrf', 'email', 'codice_fiscale', 'matricola']) {
        const f = input.form.elements.namedItem(name);
        if (f && f.value) body.set(name, f.value);
      }
      try {
        const res = await fetch('/password/valuta', { method: 'POST', body, credentials: 'same-origin' });
        if (!res.ok || mine !== asked) return;
        const r = await res.json();
        bar.style.width = `${(r.score + 1) * 20}%`;
        bar.className = `progress-bar ${colours[r.score]}`;
        bar.setAttribute('aria-valuenow', String(r.score));
        meter.dataset.score = String(r.score);
        text.textContent = r.message ? `${r.label}: ${r.message}` : r.label;
        meter.dataset.fresh = String(input.value === sent);
      } catch (e) {
        // no meter then; the server still checks on submit
      }
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      meter.dataset.fresh = 'false';
      if (!input.value) {
        meter.hidden = true;
        return;
      }
      meter.hidden = false;
      timer = setTimeout(rate, 300);
    });
  });
});

// File fields with bootstrap-italia's upload component (input.upload and its
// label as the button): the chosen file's name and size in the list under
// it, since the native "No file chosen" text is hidden with the input.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('input.upload[type=file]').forEach((input) => {
    const list = document.getElementById(`${input.id}-list`);
    if (!list) return;
    input.addEventListener('change', () => {
      list.replaceChildren();
      for (const f of input.files) {
        const item = document.createElement('li');
        item.className = 'upload-file success';
        const name = document.createElement('p');
        name.textContent = f.name;
        const size = document.createElement('span');
        size.className = 'upload-file-weight';
        size.textContent = `${Math.max(1, Math.round(f.size / 1024))} KB`;
        name.appendChild(document.createTextNode(' '));
        name.appendChild(size);
        item.appendChild(name);
        list.appendChild(item);
      }
    });
  });
});

// The offices' map (/sportelli): an enhancement of the list, which works
// without it. Each office of the list with a position becomes a marker
// (focusable, named by its title); choosing one marks its card in the list,
// brings it into view and moves the focus there, where its contacts are.
// With a tile server configured ([site] map_tiles) the map has its tiles;
// without, the markers stand on a plain background.
document.addEventListener('DOMContentLoaded', () => {
  const box = document.getElementById('office-map');
  if (!box || !window.L) return;
  const cards = Array.from(document.querySelectorAll('li[data-office][data-lat]'));
  if (!cards.length) return;
  box.hidden = false;
  const tiles = box.dataset.tiles;
  const map = window.L.map(box, { scrollWheelZoom: false, attributionControl: Boolean(tiles) });
  if (tiles) {
    map.attributionControl.setPrefix(false);
    // Leaflet writes the attribution as HTML: the configured text goes in as text
    const text = (box.dataset.attribution || '').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
    window.L.tileLayer(tiles, { attribution: text, maxZoom: 19 }).addTo(map);
  }
  const choose = (card) => {
    cards.forEach((c) => c.removeAttribute('aria-current'));
    card.setAttribute('aria-current', 'true');
    card.scrollIntoView({ block: 'center' });
    card.focus({ preventScroll: true });
  };
  const at = (card) => [Number(card.dataset.lat), Number(card.dataset.lon)];
  // the view first: markers are drawn on a map that has one
  map.fitBounds(cards.map(at), { padding: [24, 24], maxZoom: 13 });
  cards.forEach((card) => {
    const name = card.dataset.name;
    const marker = window.L.marker(at(card), { title: name, alt: name, keyboard: true })
      .addTo(map).on('click', () => choose(card));
    // a focused marker is a button: Enter or Space chooses it
    marker.getElement().addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      e.preventDefault();
      choose(card);
    });
  });
});

// A print button (the recovery codes' page): hidden until this file runs,
// since without it the browser's own menu prints the page.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('button[data-print]').forEach((button) => {
    button.hidden = false;
    button.addEventListener('click', () => window.print());
  });
});
