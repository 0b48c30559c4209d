// SPDX-License-Identifier: AGPL-3.0-or-later
// Progressive enhancement only: every page works without this file.
'use strict';
document.addEventListener('DOMContentLoaded', () => {
  // Move the focus to the error summary so screen readers announce it.
  const summary = document.getElementById('error-summary');
  if (summary) {
    summary.setAttribute('tabindex', '-1');
    summary.focus();
  }
});

// Show-password toggle for inputs marked data-reveal: a button after the
// field switches it between hidden and plain text. Its labels come from the
// page (data-show, data-hide), so this file holds no language.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('input[data-reveal]').forEach((input) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'btn btn-sm btn-outline-primary password-reveal';
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
    input.insertAdjacentElement('afterend', button);
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
// score and, for a refused password, the reason.
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
      const body = new URLSearchParams({ password: input.value });
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
      } catch (e) {
        // no meter then; the server still checks on submit
      }
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      if (!input.value) {
        meter.hidden = true;
        return;
      }
      meter.hidden = false;
      timer = setTimeout(rate, 300);
    });
  });
});
