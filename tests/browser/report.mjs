// The HTML report of `qicase report` in a real browser (Debian's headless chromium, driven by
// puppeteer-core): opened with no console error and no request; its figures equal those of
// `report --format json` of the same run; each delegate has its section and each chart its
// accessible title; axe-core finds no serious or critical violation; the Nu HTML Checker no
// error; printed to PDF, a page or more per delegate, each page headed by its delegate and
// numbered "page N of M". Leaves report.html, report.png and
// report.pdf in OUT for people to look at.
//   node report.mjs QICASE SOURCE_DIR OUT_DIR
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

const require = createRequire(import.meta.url);
const [qicase, source, out] = process.argv.slice(2);
if (!qicase || !source || !out) {
  console.error('usage: node report.mjs QICASE SOURCE_DIR OUT_DIR');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const failures = [];
const fail = (what) => failures.push(what);
// The rows of every table of the page in the browser, each its cells' text (rows with an empty
// cell left out): run in the page by page.evaluate().
const tableRows = () => [...document.querySelectorAll('table tbody tr')]
  .map((tr) => [...tr.cells].map((c) => c.textContent.trim()))
  .filter((cells) => cells.length > 1 && cells.every((c) => c));
// No table row is split across printed pages: each row's first and last cells (their first
// characters) are found together on one page of the PDF's text in reading order (pdftotext -raw),
// all whitespace removed (a cell wraps, and a wrapped id breaks at its hyphen).
const rowsWhole = (what, rows, pdfPath) => {
  const raw = execFileSync('pdftotext', ['-raw', pdfPath, '-']).toString();
  const flat = raw.split('\f').map((t) => t.replace(/\s+/g, ''));
  for (const cells of rows) {
    const ends = [cells[0], cells[cells.length - 1]].map((c) => c.replace(/\s+/g, '').slice(0, 12));
    if (!flat.some((t) => ends.every((e) => t.includes(e)))) {
      fail(`${what}: a table row split across pages: ${ends.join(' ... ')}`);
    }
  }
};

const asOf = '2024-09-30';
// The page is written to OUT: its links to the case files start with the way back to SOURCE.
const linkBase = `${path.relative(path.resolve(out), path.resolve(source)) || '.'}/`;
const run = (format) => execFileSync(qicase, ['--as-of', asOf, 'report', 'examples', '--format', format,
                                              '--link-base', linkBase],
                                     { cwd: source, maxBuffer: 64 << 20 });
const html = run('html');
const json = JSON.parse(run('json').toString());
if (!run('html').equals(html)) fail('two runs with the same inputs and as-of gave different bytes');
const htmlPath = path.resolve(out, 'report.html');
writeFileSync(htmlPath, html);

// The Nu HTML Checker: no error (warnings are advice). With --format json it reports on stderr
// and exits 1 when it found an error.
const vnu = require('vnu-jar'); // the jar's path
let vnuMessages = [];
try {
  execFileSync('java', ['-jar', vnu, '--errors-only', '--format', 'json', htmlPath], { stdio: ['ignore', 'pipe', 'pipe'] });
} catch (e) {
  let parsed = null;
  try { parsed = JSON.parse(e.stderr.toString()); } catch { /* not its report */ }
  if (parsed) vnuMessages = parsed.messages; else fail(`vnu did not run: ${e.message}`);
}
for (const m of vnuMessages) fail(`vnu: line ${m.lastLine}: ${m.message}`);

const profile = mkdtempSync(path.join(tmpdir(), 'qicase-chromium-'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         `--user-data-dir=${profile}`],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const url = pathToFileURL(htmlPath).href;
  page.on('console', (m) => { if (m.type() === 'error') fail(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  page.on('requestfailed', (r) => fail(`request failed: ${r.url()}`));
  const opened = new Set([url]); // the pages opened; anything else fetched is a failure
  page.on('request', (r) => { if (!opened.has(r.url())) fail(`the page fetched ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });

  // The figures on the page are those of the JSON report.
  const shown = await page.evaluate(() => {
    const text = (el) => (el ? el.textContent.trim() : null);
    const figures = {};
    for (const dd of document.querySelectorAll('#summary [data-figure]')) figures[dd.dataset.figure] = text(dd);
    const rows = (root, list) => root.querySelectorAll(`[data-list="${list}"] tbody tr, ol[data-list="${list}"] > li`).length;
    const delegates = [...document.querySelectorAll('section.delegate')].map((s) => ({
      key: s.dataset.delegate,
      heading: text(s.querySelector('h2')),
      cases: rows(s, 'cases'),
      overdue: rows(s, 'overdue'),
      due_soon: rows(s, 'due_soon'),
      met_late: rows(s, 'met_late'),
      findings: s.querySelectorAll('[data-list="findings"] li').length,
      percents: [...s.querySelectorAll('[data-list="audits"] [data-figure="percent"]')].map(text),
      measures: rows(s, 'measures'),
      trend: [...s.querySelectorAll('[data-list="trend"] tbody tr')].map((tr) => [...tr.cells].map(text).join(' ')),
      charts: [...s.querySelectorAll('svg')].map((svg) => {
        const ids = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
        return { role: svg.getAttribute('role'), title: text(svg.querySelector('title')),
                 labelled: ids.length > 0 && ids.every((id) => document.getElementById(id)) };
      }),
    }));
    const links = [...document.querySelectorAll('a[href]')].map((a) => a.href);
    const matrix = [...document.querySelectorAll('[data-list="matrix"] tbody tr')]
      .map((tr) => [...tr.cells].map(text));
    return { figures, attention: rows(document, 'attention'), matrix, delegates, title: document.title, links };
  });
  // Every link leads somewhere: a section of the page, or a case file that exists.
  for (const href of shown.links) {
    const u = new URL(href);
    if (u.protocol !== 'file:') { fail(`a link that leaves the files: ${href}`); continue; }
    const target = fileURLToPath(u);
    if (u.hash && target === htmlPath) {
      const id = decodeURIComponent(u.hash.slice(1));
      if (!(await page.$(`[id="${id}"]`))) fail(`a link to no section: ${href}`);
    } else if (!existsSync(target)) {
      fail(`a link to no file: ${href}`);
    }
  }
  const s = json.summary;
  for (const key of ['cases', 'overdue', 'due_soon', 'met_late', 'findings', 'file_problems']) {
    if (shown.figures[key] !== String(s[key])) fail(`summary ${key}: page ${shown.figures[key]}, json ${s[key]}`);
  }
  if (shown.attention !== s.attention.length) fail(`attention: page ${shown.attention}, json ${s.attention.length}`);
  // Page one's matrix: each delegate's rating and each area's cell, as the JSON gives them.
  const cell = (a) => {
    if (a.cases === 0) return '-';
    let t = `${a.rating}: ${a.cases} case${a.cases === 1 ? '' : 's'}`;
    if (a.overdue) t += `, ${a.overdue} overdue`;
    if (a.met_late) t += `, ${a.met_late} met late`;
    if (a.findings) t += `, ${a.findings} finding${a.findings === 1 ? '' : 's'}`;
    return t;
  };
  const matrix = json.delegates.map((d) => [d.name || 'Cases tied to no delegate', d.key ? d.rating : '-',
                                            ...d.areas.map(cell)]);
  if (JSON.stringify(shown.matrix) !== JSON.stringify(matrix)) {
    fail(`matrix: page ${JSON.stringify(shown.matrix)}, json ${JSON.stringify(matrix)}`);
  }
  if (shown.delegates.length !== json.delegates.length) {
    fail(`delegate sections: page ${shown.delegates.length}, json ${json.delegates.length}`);
  }
  json.delegates.forEach((d, i) => {
    const p = shown.delegates[i] || {};
    const who = d.name || '(no delegate)';
    if (p.key !== d.key) fail(`section ${i + 1}: page ${p.key}, json ${d.key}`);
    if (d.name && p.heading !== d.name) fail(`${who}: heading ${p.heading}`);
    for (const list of ['cases', 'overdue', 'due_soon', 'met_late', 'measures']) {
      if (p[list] !== d[list].length) fail(`${who}: ${list} page ${p[list]}, json ${d[list].length}`);
    }
    if (p.findings !== d.findings) fail(`${who}: findings page ${p.findings}, json ${d.findings}`);
    const percents = d.audits.map((a) => (a.percent === null ? 'not rated' : `${a.percent.toFixed(2)}%`));
    if (JSON.stringify(p.percents) !== JSON.stringify(percents)) {
      fail(`${who}: audit percents page ${p.percents}, json ${percents}`);
    }
    // The audits' totals and standards, and the trend of every registered or named delegate.
    const charts = (d.audits.length > 0 ? 2 : 0) + (d.key ? 1 : 0);
    if ((p.charts || []).length !== charts) fail(`${who}: ${p.charts.length} charts, not ${charts}`);
    const trend = d.key ? d.trend.map((t) => `${t.quarter} ${t.overdue} ${t.met_late}`) : [];
    if (JSON.stringify(p.trend) !== JSON.stringify(trend)) fail(`${who}: trend page ${p.trend}, json ${trend}`);
    for (const c of p.charts || []) {
      if (c.role !== 'img' || !c.title || !c.labelled) fail(`${who}: a chart without its accessible title`);
    }
  });

  // axe-core in the page: no serious or critical violation.
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const axe = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
  });
  for (const v of axe) {
    if (v.impact === 'serious' || v.impact === 'critical') fail(`axe ${v.impact}: ${v.id} (${v.nodes} nodes): ${v.help}`);
  }

  await page.screenshot({ path: path.join(out, 'report.png') });
  // Printed: the committee packet, a page break before each delegate.
  const pdf = await page.pdf({ format: 'Letter', printBackground: true });
  writeFileSync(path.join(out, 'report.pdf'), pdf);
  // Each delegate starts a page of its own (poppler's pdftotext; pages end with a form feed).
  const text = execFileSync('pdftotext', ['-layout', path.join(out, 'report.pdf'), '-']).toString();
  const pageTops = text.split('\f').map((t) => (t.split('\n').find((l) => l.trim()) || '').trim());
  const pages = pageTops.filter((t, i) => i < pageTops.length - 1 || t).length;
  shown.delegates.forEach((d) => {
    if (!pageTops.includes(d.heading)) fail(`printed, ${d.heading} does not start a page`);
  });
  rowsWhole('printed portfolio', await page.evaluate(tableRows), path.join(out, 'report.pdf'));
  if (pages < json.delegates.length + 1) {
    fail(`the PDF has ${pages} pages for ${json.delegates.length} delegates and the summary`);
  }
  // Every printed page carries, at its top, the portfolio's title or the delegate whose section
  // it prints, and at its foot the as-of date and "page N of M".
  const headings = new Set(['Oversight portfolio', ...shown.delegates.map((d) => d.heading)]);
  text.split('\f').slice(0, pages).forEach((t, i) => {
    const lines = t.split('\n').filter((l) => l.trim());
    const top = (lines[0] || '').trim();
    const foot = lines[lines.length - 1] || '';
    if (!headings.has(top)) fail(`printed page ${i + 1} starts with "${top}", not the portfolio's title or a delegate`);
    if (!foot.includes(`page ${i + 1} of ${pages}`)) fail(`printed page ${i + 1} has no "page ${i + 1} of ${pages}": ${foot.trim()}`);
    if (!foot.includes(`As of ${asOf}`)) fail(`printed page ${i + 1} does not say the as-of date at its foot`);
  });
  console.log(`report: ${json.delegates.length} delegate sections, ${shown.links.length} links, ${pages} PDF pages, ` +
              `${axe.length} axe violations below serious, ${vnuMessages.length} vnu errors`);

  // One delegate's packet for one quarter: every figure on the page is the packet's JSON; the JSON
  // is what `due --delegate` and `audit-score` say of the delegate's files; no other delegate's
  // name appears; printed, every page names the packet or the delegate and says "page N of M".
  const packetArgs = ['--as-of', asOf, 'report', 'examples', '--delegate', 'bayside', '--from', '2024-07-01',
                      '--to', asOf, '--link-base', linkBase];
  const qi = (args) => execFileSync(qicase, args, { cwd: source, maxBuffer: 64 << 20 });
  const packet = JSON.parse(qi([...packetArgs, '--format', 'json']).toString());
  const packetPath = path.resolve(out, 'packet.html');
  writeFileSync(packetPath, qi([...packetArgs, '--format', 'html']));
  if (packet.delegates.length !== 1) fail(`packet: ${packet.delegates.length} delegate sections`);
  const pd = packet.delegates[0];
  const due = JSON.parse(qi(['--as-of', asOf, 'due', 'examples', '--delegate', 'bayside', '--format', 'json']).toString());
  if (due.summary.overdue !== pd.overdue.length) fail(`packet overdue ${pd.overdue.length}, due says ${due.summary.overdue}`);
  if (due.summary.due_soon !== pd.due_soon.length) fail(`packet due soon ${pd.due_soon.length}, due says ${due.summary.due_soon}`);
  const overdueKeys = (list) => list.map((o) => `${o.case} ${o.due} ${o.what}`).sort().join('\n');
  if (overdueKeys(due.obligations.filter((o) => o.status === 'overdue')) !== overdueKeys(pd.overdue)) {
    fail('packet overdue obligations differ from due --delegate');
  }
  for (const a of pd.audits) {
    const r = JSON.parse(qi(['--as-of', asOf, 'audit-score', a.path, '--format', 'json']).toString()).files[0].report;
    // audit-score prints the percent with one decimal, the packet with two: both rounded down.
    if (r.total.possible !== a.possible || r.total.received !== a.received
        || Math.floor(a.percent * 10 + 1e-6) / 10 !== r.total.percent || r.rating !== a.rating) {
      fail(`packet audit ${a.id}: ${a.received}/${a.possible} ${a.percent}% ${a.rating}, audit-score says ` +
           `${r.total.received}/${r.total.possible} ${r.total.percent}% ${r.rating}`);
    }
  }
  opened.add(pathToFileURL(packetPath).href);
  await page.goto(pathToFileURL(packetPath).href, { waitUntil: 'load' });
  const onPacket = await page.evaluate(() => {
    const text = (el) => (el ? el.textContent.trim() : null);
    const figures = {};
    for (const dd of document.querySelectorAll('#summary [data-figure]')) figures[dd.dataset.figure] = text(dd);
    const s = document.querySelector('section.delegate');
    const inPeriod = {};
    for (const el of s.querySelectorAll('ul.period [data-figure]')) inPeriod[el.dataset.figure] = text(el);
    return { figures, inPeriod, fellDue: s.querySelectorAll('[data-list="fell_due"] tbody tr').length,
             body: document.body.innerText, title: document.title };
  });
  for (const key of ['cases', 'overdue', 'due_soon', 'met_late', 'findings', 'file_problems']) {
    if (onPacket.figures[key] !== String(packet.summary[key])) {
      fail(`packet summary ${key}: page ${onPacket.figures[key]}, json ${packet.summary[key]}`);
    }
  }
  const period = pd.period;
  const expected = { fell_due: period.fell_due.length, met: period.met, met_late_in_period: period.met_late,
                     raised: period.findings_raised.length, resolved: period.findings_resolved.length };
  for (const [key, n] of Object.entries(expected)) {
    if (onPacket.inPeriod[key] !== String(n)) fail(`packet period ${key}: page ${onPacket.inPeriod[key]}, json ${n}`);
  }
  if (onPacket.fellDue !== period.fell_due.length) fail(`packet fell due: ${onPacket.fellDue} rows`);
  for (const d of json.delegates) {
    if (d.key && d.key !== pd.key && d.name && onPacket.body.includes(d.name)) fail(`the packet names ${d.name}`);
  }
  writeFileSync(path.join(out, 'packet.pdf'), await page.pdf({ format: 'Letter', printBackground: true }));
  const packetText = execFileSync('pdftotext', ['-layout', path.join(out, 'packet.pdf'), '-']).toString();
  const packetPages = packetText.split('\f').filter((t) => t.trim());
  rowsWhole('printed packet', await page.evaluate(tableRows), path.join(out, 'packet.pdf'));
  packetPages.forEach((t, i) => {
    const lines = t.split('\n').filter((l) => l.trim());
    const top = (lines[0] || '').trim();
    const foot = lines[lines.length - 1] || '';
    if (!top.startsWith('Oversight packet') && top !== pd.name) fail(`packet page ${i + 1} starts with "${top}"`);
    if (!foot.includes(`page ${i + 1} of ${packetPages.length}`)) fail(`packet page ${i + 1}: no "page ${i + 1} of ${packetPages.length}"`);
  });
  console.log(`packet: ${pd.name}, ${period.fell_due.length} fell due in the period, ${packetPages.length} PDF pages`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
