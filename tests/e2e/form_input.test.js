// SPDX-License-Identifier: AGPL-3.0-or-later
// Bad input in a form is the person's mistake, told beside the field in
// their language with everything else they typed kept (issue 8, items 11
// and 12): a file one byte over upload_max_bytes (or far over it), on the
// member's upload and the operator's receipt; a field that is not UTF-8
// text, on urlencoded and multipart forms alike. Checked on the wire.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startServer, launchBrowser } = require('./support');
const J = require('./journey');

const MAX = 64 * 1024; // a small limit keeps the test quick; the rule is the same
let server;
let browser;
let member;
let op;
let caseNumber;
before(async () => {
  server = await startServer({ VARCO_UPLOAD_MAX_BYTES: String(MAX) });
  browser = await launchBrowser();
  member = await (await browser.newContext({ locale: 'it-IT', acceptDownloads: true })).newPage();
  op = await (await browser.newContext({ locale: 'it-IT' })).newPage();
  const email = 'anna.ferrari@example.org';
  await J.register(member, server, { matricola: '100004', cf: 'FRRNNA55D50F839U', email, password: 'Girasole!74' });
  await J.confirmEmail(member, server, email);
  const form = await J.downloadForm(member, server);
  caseNumber = /ID-\d{4}-\d{6}/.exec(form.text)[0];
  await J.operatorLogin(op, server);
});
after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// A PDF by its content ("%PDF-") of exactly n bytes.
function pdfOf(n) {
  const b = Buffer.alloc(n, 0x20);
  b.write('%PDF-1.4\n');
  return b;
}

// A multipart body from [name, value] pairs; a value {filename, data} is a
// file part; string values may carry raw bytes as Buffers.
function multipart(parts) {
  const boundary = '----varcotest7d3';
  const chunks = [];
  for (const [name, v] of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if (v && v.filename) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${name}"; filename="${v.filename}"\r\n`
        + 'Content-Type: application/pdf\r\n\r\n'));
      chunks.push(v.data);
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${name}"\r\n\r\n`));
      chunks.push(Buffer.isBuffer(v) ? v : Buffer.from(v));
    }
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

async function post(page, urlPath, parts) {
  const csrf = await page.locator('input[name=csrf]').first().inputValue();
  const { body, type } = multipart([['csrf', csrf], ...parts]);
  return page.request.post(`${server.url}${urlPath}`, {
    data: body, headers: { 'content-type': type, origin: server.url }, maxRedirects: 0,
  });
}

test('member upload: a file of upload_max_bytes + 1 is refused beside the field, in Italian', async () => {
  await member.goto(`${server.url}/area/modulo`);
  const res = await post(member, '/area/modulo', [['documento', { filename: 'grande.pdf', data: pdfOf(MAX + 1) }]]);
  assert.equal(res.status(), 413);
  const html = await res.text();
  assert.match(html, /id="e-documento"[^>]*>Il file è troppo grande: al massimo 64 KB/);
  assert.match(html, /<form id="upload"/, 'the form again, not a bare error');
  assert.match(html, /id="error-summary"[\s\S]*href="#f-documento"/);
  // far over the limit (the body is not even kept whole): the same answer
  await member.goto(`${server.url}/area/modulo`);
  const huge = await post(member, '/area/modulo', [['documento', { filename: 'enorme.pdf', data: pdfOf(MAX * 8) }]]);
  assert.equal(huge.status(), 413);
  assert.match(await huge.text(), /id="e-documento"[^>]*>Il file è troppo grande/);
  // exactly the limit is accepted
  await member.goto(`${server.url}/area/modulo`);
  const ok = await post(member, '/area/modulo', [['documento', { filename: 'giusto.pdf', data: pdfOf(MAX) }]]);
  assert.equal(ok.status(), 303);
});

test('operator receipt: a scan over the limit is refused beside the field, the case number kept', async () => {
  await op.goto(`${server.url}/backoffice/ricevute`);
  const res = await post(op, '/backoffice/ricevute', [
    ['pratica', caseNumber], ['canale', 'fax'], ['scansione', { filename: 'scan.pdf', data: pdfOf(MAX + 1) }],
  ]);
  assert.equal(res.status(), 413);
  const html = await res.text();
  assert.match(html, /id="e-scansione"[^>]*>Il file è troppo grande/);
  assert.match(html, new RegExp(`name="pratica"[^>]*value="${caseNumber}"`));
  assert.match(html, /<option value="fax" selected>/);
  // in English for an English-speaking operator
  await op.goto(`${server.url}/lingua?l=en&next=/backoffice/ricevute`);
  const en = await post(op, '/backoffice/ricevute', [
    ['pratica', caseNumber], ['canale', 'email'], ['scansione', { filename: 'scan.pdf', data: pdfOf(MAX + 1) }],
  ]);
  assert.match(await en.text(), /id="e-scansione"[^>]*>The file is too large/);
  await op.goto(`${server.url}/lingua?l=it&next=/backoffice`);
});

test('a field that is not UTF-8 text: 422, the error beside it, the other values kept (urlencoded)', async () => {
  const ctx = await browser.newContext({ locale: 'it-IT' });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/registrazione`);
  const csrf = await page.locator('input[name=csrf]').first().inputValue();
  const body = `csrf=${csrf}&matricola=%FF%FE12&codice_fiscale=RSSMRA80A41F205B`
    + '&email=nuova.persona%40example.org&password=Girasole!74&password_confirm=Girasole!74&privacy=on';
  const res = await page.request.post(`${server.url}/registrazione`, {
    data: body, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, maxRedirects: 0,
  });
  assert.equal(res.status(), 422);
  const html = await res.text();
  assert.match(html, /id="e-matricola"[^>]*>Questo campo contiene caratteri che non sono testo valido/);
  assert.match(html, /name="codice_fiscale"[^>]*value="RSSMRA80A41F205B"/);
  assert.match(html, /name="email"[^>]*value="nuova.persona@example.org"/);
  assert.match(html, /id="f-privacy"[^>]* checked/);
  assert.doesNotMatch(html, /Girasole!74/, 'passwords are never sent back');
  assert.match(html, /href="#f-matricola"/);
  // nothing was registered: no mail went out
  assert.equal(server.mailsTo('nuova.persona@example.org').length, 0);
  // login: the username is kept, no attempt is counted against anyone
  await page.goto(`${server.url}/accedi`);
  const csrf2 = await page.locator('input[name=csrf]').first().inputValue();
  const login = await page.request.post(`${server.url}/accedi`, {
    data: `csrf=${csrf2}&username=anna.ferrari%40example.org&password=%C3%28`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url }, maxRedirects: 0,
  });
  assert.equal(login.status(), 422);
  const lhtml = await login.text();
  assert.match(lhtml, /name="username"[^>]*value="anna.ferrari@example.org"/);
  assert.match(lhtml, /href="#f-password"/);
  await ctx.close();
});

test('a field that is not UTF-8 text in a multipart form: the same, beside that field', async () => {
  await op.goto(`${server.url}/backoffice/ricevute`);
  const res = await post(op, '/backoffice/ricevute', [
    ['pratica', Buffer.from([0x49, 0x44, 0xff, 0xfe])], ['canale', 'fax'],
    ['scansione', { filename: 'scan.pdf', data: pdfOf(1000) }],
  ]);
  assert.equal(res.status(), 422);
  const html = await res.text();
  assert.match(html, /id="e-pratica"[^>]*>Questo campo contiene caratteri che non sono testo valido/);
  assert.match(html, /<option value="fax" selected>/);
  // a case decision: the reasons field, on the case page
  await J.openCase(op, server, caseNumber);
  const base = new URL(op.url()).pathname;
  const csrf = await op.locator('input[name=csrf]').first().inputValue();
  const reject = await op.request.post(`${server.url}${base}/rifiuta`, {
    data: `csrf=${csrf}&motivi=%FF`, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
    maxRedirects: 0,
  });
  assert.equal(reject.status(), 422);
  assert.match(await reject.text(), /id="e-motivi"[^>]*>Questo campo contiene caratteri/);
});
