import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { marked } from 'marked';
import { main } from '../../../src/cli.js';
import { analyse } from '../../../src/index.js';
import type { Report } from '../../../src/model/report.js';
import { DiffJsonSchema, diffReports, worsened } from '../../../src/stages/diff/index.js';

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
    assert.deepEqual(d.nodes, { added: [], removed: [] });
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
});
