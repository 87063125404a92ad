import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { marked } from 'marked';
import { analyse } from '../../../src/index.js';
import { type Report, ReportJsonSchema } from '../../../src/model/report.js';
import { exitCode } from '../../../src/stages/render/exit-code.js';
import { renderHtml } from '../../../src/stages/render/html.js';
import { renderJson, toReportJson } from '../../../src/stages/render/json.js';
import { renderJunit } from '../../../src/stages/render/junit.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from '../../../src/stages/render/markdown.js';
import { reportJsonSchema } from '../../../src/stages/render/schema.js';
import { assertGolden } from '../../helpers/golden.js';
import { hostileFiles, PAYLOADS } from '../../helpers/hostile.js';

const SAMPLES = new URL('../../../samples/', import.meta.url).pathname;
const GOLDEN = new URL('./golden/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-render-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

let faults: Report;
let hostile: Report;
before(async () => {
  faults = await analyse(join(SAMPLES, 'faults-1.18.zip'));
  const dir = join(tmp, 'hostile');
  for (const [path, content] of Object.entries(hostileFiles())) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  hostile = await analyse(dir);
});

function golden(name: string, actual: string): void {
  assertGolden(join(GOLDEN, name), actual);
}

/** A report with many findings, to push the Markdown past a GitHub comment. */
function inflated(report: Report, times: number): Report {
  const findings = Array.from({ length: times }, (_, i) => report.findings.map((f) => ({ ...f, message: `${f.message} #${i}`, evidence: [...f.evidence, ...f.evidence, ...f.evidence] }))).flat();
  return { ...report, findings };
}

describe('Markdown', () => {
  it('matches its golden for the faults sample', () => golden('faults-1.18.md', renderMarkdown(faults)));

  it('renders as GitHub-flavoured Markdown: tables are tables, and nothing from the bundle becomes HTML or a link', () => {
    const html = marked.parse(renderMarkdown(hostile, { full: true }), { gfm: true, async: false }) as string;
    assert.ok((html.match(/<table>/g) ?? []).length >= 2, 'tables did not render');
    assert.ok(!/<script/i.test(html), 'a script element came through');
    assert.ok(!/<img/i.test(html), 'an img element came through');
    assert.ok(!/<b>x<\/b>/.test(html), 'markup came through');
    assert.ok(!/href="javascript:/i.test(html), 'a javascript: link came through');
    assert.ok(!/<a href="http/.test(html), 'a bundle URL became a link');
    assert.ok(html.includes('&lt;script&gt;window.__pwned=1&lt;/script&gt;'), 'the payload is not shown as text');
  });

  it('fits a GitHub comment by default and says what it left out; --md-full keeps all', () => {
    const big = inflated(faults, 60);
    const trimmed = renderMarkdown(big);
    assert.ok(trimmed.length <= GITHUB_COMMENT_LIMIT, `${trimmed.length} characters`);
    assert.match(trimmed, /\d+ more (findings )?omitted/);
    const full = renderMarkdown(big, { full: true });
    assert.ok(full.length > GITHUB_COMMENT_LIMIT);
    assert.equal((full.match(/^### /gm) ?? []).length - (trimmed.match(/^### /gm) ?? []).length > 0, true);
  });
});

describe('JSON', () => {
  it('validates against the contract schema, and streams the same text as the whole object', () => {
    const json = renderJson(faults);
    const parsed = JSON.parse(json) as unknown;
    assert.doesNotThrow(() => ReportJsonSchema.parse(parsed));
    assert.deepEqual(parsed, JSON.parse(JSON.stringify(toReportJson(faults))));
    assert.equal((parsed as { health: { probes: unknown[] } }).health.probes.length, 9 * 9 * 4 - 4 * 0);
  });

  it('report.schema.json is the schema of the code (npm run schema)', () => {
    assert.deepEqual(JSON.parse(readFileSync(new URL('../../../report.schema.json', import.meta.url), 'utf8')), reportJsonSchema());
  });
});

describe('JUnit', () => {
  it('matches its golden: one testcase per check, failures and skips', () => golden('faults-1.18.junit.xml', renderJunit(faults)));

  it('escapes what the bundle says', () => {
    const xml = renderJunit(hostile);
    assert.ok(!xml.includes(PAYLOADS.script));
    assert.ok(xml.includes('&lt;script&gt;window.__pwned=1&lt;/script&gt;'));
    assert.equal((xml.match(/<testcase /g) ?? []).length, hostile.checks.length);
  });
});

describe('HTML', () => {
  it('allows exactly its own style and script by hash, and loads nothing', () => {
    const html = renderHtml(faults);
    // The attribute is HTML-escaped (`'` as `&#x27;`, `=` as `&#x3D;`); the browser reads it unescaped.
    const csp = (/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '').replace(/&#x27;/g, "'").replace(/&#x3D;/g, '=');
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const hash = (t: string) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`;
    assert.ok(csp.includes("default-src 'none'"));
    assert.ok(csp.includes(`style-src ${hash(style)}`));
    assert.ok(csp.includes(`script-src ${hash(script)}`));
    assert.ok(!/(src|href)="(https?:)?\/\//.test(html), 'a remote reference');
    assert.ok(!/ style="/.test(html), 'an inline style attribute would need unsafe-inline');
  });

  it('escapes every bundle string', () => {
    const html = renderHtml(hostile);
    assert.equal((html.match(/<script>/g) ?? []).length, 1);
    assert.ok(!html.includes(PAYLOADS.img));
    assert.ok(html.includes('&lt;script&gt;window.__pwned&#x3D;1&lt;/script&gt;'));
  });
});

describe('exit code', () => {
  const with_ = (...severities: ('error' | 'warning' | 'info')[]) => ({ findings: severities.map((severity) => ({ severity })) });
  it('follows the contract table', () => {
    assert.equal(exitCode(with_(), { failOn: 'error', exitZero: false }), 0);
    assert.equal(exitCode(with_('warning'), { failOn: 'error', exitZero: false }), 0);
    assert.equal(exitCode(with_('warning'), { failOn: 'warning', exitZero: false }), 3);
    assert.equal(exitCode(with_('error'), { failOn: 'error', exitZero: false }), 3);
    assert.equal(exitCode(with_('info'), { failOn: 'info', exitZero: false }), 3);
    assert.equal(exitCode(with_('error'), { failOn: 'none', exitZero: false }), 0);
    assert.equal(exitCode(with_('error'), { failOn: 'error', exitZero: true }), 0);
  });
});
