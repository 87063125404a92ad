import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { analyse } from '../../src/index.js';
import { diffReports, renderDiffHtml } from '../../src/stages/diff/index.js';
import { renderHtml } from '../../src/stages/render/html.js';
import { findChromium } from '../helpers/chromium.js';
import { hostileFiles, PAYLOADS } from '../helpers/hostile.js';

const CHROMIUM = findChromium();
const SAMPLES = new URL('../../samples/', import.meta.url).pathname;
const SCREENSHOT = new URL('../../docs/screenshot.png', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-browser-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Chromium as the machine notes run it: no background networking, so any request the page makes is its own. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface Visit {
  external: string[];
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
}

async function open(browser: Browser, html: string, name: string, act?: (page: import('playwright-core').Page) => Promise<void>) {
  const path = join(tmp, `${name}.html`);
  writeFileSync(path, html);
  const context = await browser.newContext({ viewport: { width: 1300, height: 1400 }, javaScriptEnabled: true });
  const page = await context.newPage();
  const visit: Visit = { external: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `file://${path}`) return route.continue();
    visit.external.push(url);
    return route.abort();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') visit.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => visit.pageErrors.push(e.message));
  page.on('dialog', (d) => {
    visit.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`file://${path}`);
  await page.waitForLoadState('load');
  await act?.(page);
  const pwned = await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned ?? null);
  return { page, context, visit, pwned };
}

describe('HTML report in a real browser', { skip: 'missing' in CHROMIUM ? CHROMIUM.missing : false }, () => {
  let browser: Browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: 'path' in CHROMIUM ? CHROMIUM.path : '', args: ARGS });
  });
  after(async () => browser?.close());

  const samples = existsSync(SAMPLES) ? readdirSync(SAMPLES).filter((f) => /\.(zip|tar\.gz)$/.test(f)).sort() : [];
  for (const sample of samples) {
    it(`${sample}: loads offline with no request, no console error, the verdict and the matrix`, async () => {
      const report = await analyse(join(SAMPLES, sample));
      const { page, context, visit, pwned } = await open(browser, renderHtml(report), sample, async (p) => {
        if (sample === 'seed-1.10.zip') {
          // The README's screenshot; rewritten only when asked so that a test run leaves the checkout clean.
          const png = await p.screenshot();
          assert.ok(png.length > 10_000);
          if (process.env.UPDATE_SCREENSHOT === '1' || !existsSync(SCREENSHOT)) {
            mkdirSync(dirname(SCREENSHOT), { recursive: true });
            writeFileSync(SCREENSHOT, png);
          }
        }
        // Sorting is script: clicking a header orders the nodes table.
        await p.click('#nodes-table thead th:first-child');
      });
      assert.deepEqual(visit.external, [], 'requests left the page');
      assert.deepEqual(visit.consoleErrors, [], 'console errors (a CSP violation is one)');
      assert.deepEqual(visit.pageErrors, []);
      assert.equal(pwned, null);
      assert.match((await page.textContent('#verdict .verdict-line')) ?? '', /error|warning|No problem/);
      assert.equal(await page.getAttribute('#nodes-table thead th:first-child', 'aria-sort'), 'ascending');
      if (report.health.matrix) assert.ok((await page.locator('table.matrix td.cell').count()) > 0, 'no matrix cells');
      if (sample === 'seed-1.10.zip') {
        assert.equal(await page.locator('table.matrix td.h-ok-fail').count(), 12, 'the 12 observers that fail the endpoint of one node');
      }
      await context.close();
    });
  }

  it('runs nothing from a hostile bundle and shows its strings as text', async () => {
    const dir = join(tmp, 'hostile');
    for (const [path, content] of Object.entries(hostileFiles())) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const report = await analyse(dir);
    assert.ok(report.findings.length >= 2);
    const { page, context, visit, pwned } = await open(browser, renderHtml(report), 'hostile');
    assert.equal(pwned, null, 'a payload ran');
    assert.deepEqual(visit.dialogs, []);
    assert.deepEqual(visit.external, []);
    assert.deepEqual(visit.pageErrors, []);
    const text = (await page.textContent('body')) ?? '';
    for (const p of [PAYLOADS.script, PAYLOADS.img, PAYLOADS.handlebars]) assert.ok(text.includes(p), `${p} not shown as text`);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 1, 'only the report\'s own script');
    assert.equal(await page.locator('b').count(), 0);
    await context.close();
  });

  it('shows a diff of two bundles offline, with both sides, and no CSP violation', async () => {
    const diff = diffReports(await analyse(join(SAMPLES, 'before-1.17.zip')), await analyse(join(SAMPLES, 'after-1.17.zip')));
    const { page, context, visit } = await open(browser, renderDiffHtml(diff), 'diff');
    assert.deepEqual(visit.external, []);
    assert.deepEqual(visit.consoleErrors, []);
    assert.deepEqual(visit.pageErrors, []);
    assert.equal(await page.locator('#appeared tbody tr').count(), 3);
    assert.equal(await page.locator('#resolved tbody tr').count(), 1);
    assert.equal(await page.locator('#health-changes td.cell-failed').count(), 16);
    await context.close();
  });

  it('opens the lines around each cited line of evidence, with script off; the cited line is marked', async () => {
    const report = await analyse(join(SAMPLES, 'faults-1.18.zip'));
    const path = join(tmp, 'drill.html');
    writeFileSync(path, renderHtml(report));
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`file://${path}`);
    const cited = report.findings.flatMap((f) => f.evidence).filter((e) => e.line !== null);
    assert.ok(cited.length > 0);
    assert.equal(await page.locator('details.ctx').count(), cited.length, 'every cited file:line has a window');
    const first = page.locator('details.ctx').first();
    assert.equal(await first.locator('pre.window').isVisible(), false, 'the window starts closed');
    await first.locator('summary').click();
    assert.equal(await first.locator('pre.window').isVisible(), true, 'clicking file:line did not open its context');
    const lines = await first.locator('pre.window .ln').allTextContents();
    assert.ok(lines.length >= 5, `only ${lines.length} lines of context`);
    const hit = (await first.locator('pre.window .ln.hit .no').first().textContent()) ?? '';
    const e = cited[0] as { line: number; excerpt: string };
    assert.equal(Number(hit), e.line, 'the marked line is not the cited one');
    const hitText = (await first.locator('pre.window .ln.hit').first().textContent()) ?? '';
    assert.ok(hitText.includes(e.excerpt.replace(/…$/, '').trim().slice(0, 60)), `the marked line ${JSON.stringify(hitText)} is not the excerpt ${JSON.stringify(e.excerpt)}`);
    assert.ok((await page.locator('#mentions-table tbody tr').count()) >= report.nodes.length, 'the mention index lists every node');
    await context.close();
  });

  it('runs nothing from a hostile bundle when its evidence windows are opened', async () => {
    const dir = join(tmp, 'hostile-ctx');
    for (const [path, content] of Object.entries(hostileFiles())) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    const report = await analyse(dir);
    assert.ok((report.context?.windows.length ?? 0) > 0, 'no window to open');
    const { page, context, visit, pwned } = await open(browser, renderHtml(report), 'hostile-ctx', async (p) => {
      for (const summary of await p.locator('details.ctx > summary').all()) await summary.click();
      for (const summary of await p.locator('#mentions details > summary').all()) await summary.click();
    });
    assert.equal(pwned, null, 'a payload ran');
    assert.deepEqual(visit.dialogs, []);
    assert.deepEqual(visit.external, []);
    assert.deepEqual(visit.pageErrors, []);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('script').count(), 1, "only the report's own script");
    await context.close();
  });

  it('works with script disabled: everything is there, in order', async () => {
    const report = await analyse(join(SAMPLES, 'faults-1.18.zip'));
    const path = join(tmp, 'noscript.html');
    writeFileSync(path, renderHtml(report));
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`file://${path}`);
    assert.equal(await page.locator('ol.findings > li').count(), report.findings.length);
    assert.equal(await page.locator('#nodes-table tbody tr').count(), report.nodes.length);
    await context.close();
  });
});
