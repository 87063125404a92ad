import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { marked } from 'marked';
import { main } from '../../../src/cli.js';
import { analyse } from '../../../src/index.js';
import type { Report } from '../../../src/model/report.js';
import { DiffJsonSchema, diffReports, renderDiffJunit, renderDiffMarkdown, worsened } from '../../../src/stages/diff/index.js';
import { validateXML } from 'xmllint-wasm';

const SAMPLES = new URL('../../../samples/', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'cilium-report-diff-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
const silent = { stdout: { write: () => true }, stderr: { write: () => true }, env: {} };

let beforeReport: Report;
let afterReport: Report;
before(async () => {
  beforeReport = await analyse(join(SAMPLES, 'before-1.17.zip'));
  afterReport = await analyse(join(SAMPLES, 'after-1.17.zip'));
});

const briefly = (fs: { slug: string; nodes: string[] }[]) => fs.map((f) => `${f.slug} ${f.nodes.join(',')}`).sort();

describe('cilium-report diff on one cluster before and after an incident', () => {
  it('names the findings that appeared and were resolved, by check and node', () => {
    const d = diffReports(beforeReport, afterReport);
    assert.deepEqual(briefly(d.findings.appeared), ['agent-restarts shop-w1', 'node-unreachable shop-w2', 'pod-cidr-mismatch shop-w4']);
    assert.deepEqual(briefly(d.findings.resolved), ['controllers-failing shop-w3']);
    assert.deepEqual(d.findings.changed, []);
    assert.deepEqual(d.findings.unverified, []);
    assert.deepEqual(d.visibility.lost, []);
  });

  it('names the pod CIDR change and the health probes that started failing', () => {
    const d = diffReports(beforeReport, afterReport);
    assert.deepEqual(d.cidrs, [{ node: 'shop-w4', source: 'agent', old: ['10.244.4.0/24'], new: ['10.244.40.0/24'] }]);
    assert.deepEqual(d.nodes, { added: [], removed: [], shared: 5 });
    assert.deepEqual(d.notes, []);
    assert.equal(d.health.newlyFailing, 16);
    assert.equal(d.health.recovered, 0);
    assert.deepEqual([...new Set(d.health.cells.map((c) => c.to))], ['shop-w2']);
  });

  it('the reverse direction resolves the incident and brings back the old warning', () => {
    const d = diffReports(afterReport, beforeReport);
    assert.deepEqual(briefly(d.findings.appeared), ['controllers-failing shop-w3']);
    assert.equal(d.findings.resolved.length, 3);
    assert.equal(d.health.recovered, 16);
  });

  it('a bundle against itself changes nothing', () => {
    const d = diffReports(afterReport, afterReport);
    assert.deepEqual([d.findings.appeared, d.findings.resolved, d.findings.changed, d.agents, d.cidrs, d.health.cells], [[], [], [], [], [], []]);
    assert.equal(d.findings.unchanged, afterReport.findings.length);
  });

  it('a check that lost its input is lost visibility, and its old findings are unverified, not resolved', () => {
    const blind: Report = {
      ...afterReport,
      findings: afterReport.findings.filter((f) => f.slug !== 'node-unreachable'),
      notEvaluated: [...afterReport.notEvaluated, { slug: 'node-unreachable', reason: 'No health output from any agent' }],
    };
    const d = diffReports(afterReport, blind);
    assert.deepEqual(d.visibility.lost, [{ slug: 'node-unreachable', reason: 'No health output from any agent' }]);
    assert.deepEqual(briefly(d.findings.unverified), ['node-unreachable shop-w2']);
    assert.deepEqual(d.findings.resolved, []);
  });

  it('a finding that spread to more nodes is changed, and counts as worse', () => {
    const grown: Report = { ...afterReport, findings: afterReport.findings.map((f) => (f.slug === 'node-unreachable' ? { ...f, nodes: [...f.nodes, 'shop-w3'] } : f)) };
    const d = diffReports(afterReport, grown);
    assert.deepEqual(
      d.findings.changed.map((c) => [c.slug, c.nodesAdded, c.nodesRemoved]),
      [['node-unreachable', ['shop-w3'], []]],
    );
    assert.equal(worsened(d).length, 1);
  });

  it('the CLI writes HTML, Markdown and JSON, and exits 3 on new findings at --fail-on', async () => {
    const out = join(tmp, 'cli');
    assert.equal(await main(['diff', join(SAMPLES, 'before-1.17.zip'), join(SAMPLES, 'after-1.17.zip'), '-o', out], silent), 3);
    const json = DiffJsonSchema.parse(JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')));
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.kind, 'cilium-report-diff');
    const html = readFileSync(join(out, 'diff.html'), 'utf8');
    assert.match(html, /Content-Security-Policy" content="default-src &#x27;none&#x27;/);
    assert.ok(!html.includes('<script'));
    assert.match(html, /Before<\/th><th scope="col">After/);
    const md = readFileSync(join(out, 'diff.md'), 'utf8');
    const rendered = await marked.parse(md, { gfm: true });
    assert.match(rendered, /<h2>New findings \(3\)<\/h2>/);
    // The reverse brings only a warning back: exit 0 at the default --fail-on error, 3 at warning.
    assert.equal(await main(['diff', join(SAMPLES, 'after-1.17.zip'), join(SAMPLES, 'before-1.17.zip'), '-o', join(tmp, 'rev'), '-q'], silent), 0);
    assert.equal(await main(['diff', join(SAMPLES, 'after-1.17.zip'), join(SAMPLES, 'before-1.17.zip'), '-o', join(tmp, 'rev'), '-q', '--fail-on', 'warning'], silent), 3);
    assert.equal(await main(['diff', join(SAMPLES, 'after-1.17.zip')], silent), 2);
  });

  it('two bundles that share no node say so before anything else', async () => {
    const other = await analyse(join(SAMPLES, 'faults-1.18.zip'));
    const d = diffReports(afterReport, other);
    const union = new Set([...afterReport.nodes, ...other.nodes].map((n) => n.name)).size;
    assert.equal(d.nodes.shared, 0);
    assert.equal(d.notes?.length, 1);
    assert.match(d.notes?.[0] ?? '', new RegExp(`^these bundles share 0 of ${union} nodes: same cluster\\?`));
    assert.match(renderDiffMarkdown(d), /\*\*\n\n> ⚠️ these bundles share 0 of/);
    let stderr = '';
    await main(['diff', join(SAMPLES, 'after-1.17.zip'), join(SAMPLES, 'faults-1.18.zip'), '-o', join(tmp, 'other')], { ...silent, stderr: { write: (t: string) => (stderr += t) } });
    assert.match(stderr.split('\n')[1] ?? '', /^ {2}note: these bundles share 0 of \d+ nodes: same cluster\?/);
  });

  it('lists new findings in the order the new report ranks them', () => {
    const d = diffReports(beforeReport, afterReport);
    const rank = (f: (typeof d.findings.appeared)[number]) => afterReport.findings.indexOf(f);
    const ranks = d.findings.appeared.map(rank);
    assert.ok(ranks.every((r) => r >= 0));
    assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b));
    // Walked check by check (alphabetically by slug), they would come out in slug order instead.
    const bySlug = [...d.findings.appeared].sort((a, b) => a.slug.localeCompare(b.slug)).map(rank);
    assert.notDeepEqual(ranks, bySlug, 'the sample cannot tell rank order from slug order');
  });

  it('--redact uses one mapping for both bundles: the same findings match, and no node name is left', async () => {
    const out = join(tmp, 'redacted');
    assert.equal(await main(['diff', join(SAMPLES, 'before-1.17.zip'), join(SAMPLES, 'after-1.17.zip'), '-o', out, '-q', '--redact-key', 'k', '-f', 'json,md'], silent), 3);
    const json = DiffJsonSchema.parse(JSON.parse(readFileSync(join(out, 'diff.json'), 'utf8')));
    const plain = diffReports(beforeReport, afterReport);
    assert.equal(json.findings.appeared.length, plain.findings.appeared.length);
    assert.equal(json.findings.resolved.length, plain.findings.resolved.length);
    assert.equal(json.findings.unchanged, plain.findings.unchanged);
    assert.equal(json.nodes.shared, plain.nodes.shared, 'a node got two pseudonyms');
    assert.deepEqual(json.cidrs.map((c) => c.source), plain.cidrs.map((c) => c.source));
    const text = readFileSync(join(out, 'diff.json'), 'utf8') + readFileSync(join(out, 'diff.md'), 'utf8');
    for (const n of [...beforeReport.nodes, ...afterReport.nodes]) assert.ok(!text.includes(n.name), `${n.name} left in the redacted diff`);
    assert.ok(!text.includes('10.244.4.0/24'), 'a pod CIDR left in the redacted diff');
  });

  it('-f junit writes JUnit that the Jenkins/Ant schema accepts; new findings fail at --fail-on', async () => {
    const xsd = readFileSync(new URL('../render/xsd/junit-10.xsd', import.meta.url), 'utf8');
    const d = diffReports(beforeReport, afterReport);
    for (const failOn of ['error', 'warning', 'none'] as const) {
      const xml = renderDiffJunit(d, { failOn });
      const v = await validateXML({ xml: [{ fileName: 'diff.xml', contents: xml }], schema: [{ fileName: 'junit-10.xsd', contents: xsd }] });
      assert.ok(v.valid, v.errors.map((e) => e.rawMessage).join('\n'));
      if (failOn === 'none') assert.ok(!xml.includes('<failure'));
    }
    const xml = renderDiffJunit(d);
    const failing = worsened(d).filter((f) => f.severity === 'error').length;
    assert.ok(failing > 0);
    assert.match(xml, /<testsuites name="cilium-report diff" tests="\d+" failures="[1-9]/);
    assert.match(xml, /<system-out>resolved: /);
    let stdout = '';
    const code = await main(['diff', join(SAMPLES, 'before-1.17.zip'), join(SAMPLES, 'after-1.17.zip'), '-f', 'junit', '-o', '-', '-q'], { ...silent, stdout: { write: (t: string) => (stdout += t) } });
    assert.equal(code, 3);
    assert.equal(stdout, xml);
  });
});
