// report.json's probes are written from the typed-array matrix without an object per probe: the text must be the
// one the object-per-probe writer gave, byte for byte, whatever the names, latencies and missing cells.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CELL_FAILED, CELL_NONE, CELL_OK, type HealthMatrix } from '../../../src/model/health.js';
import type { Report } from '../../../src/model/report.js';
import { buildReport } from '../../../src/stages/correlate/report.js';
import { runChecks } from '../../../src/stages/correlate/runner.js';
import { probesOf, renderJson, toReportJson } from '../../../src/stages/render/json.js';
import { jsonSafe } from '../../../src/stages/render/sanitise.js';
import { emptyBundle } from '../../helpers/bundle.js';

/** The writer the compact one replaced: one ProbeJson object per probe, each through JSON.stringify (and jsonSafe, as all of report.json). */
function objectPerProbe(report: Report, text: string): string {
  const at = text.indexOf('"probes": ') + '"probes": '.length;
  const rest = text.slice(at);
  const end = rest.startsWith('[]') ? 2 : rest.indexOf('\n    ]') + '\n    ]'.length;
  const lines = [...probesOf(report.health.matrix)].map((p) => `      ${jsonSafe(JSON.stringify(p))}`);
  return `${text.slice(0, at)}${lines.length ? `[\n${lines.join(',\n')}\n    ]` : '[]'}${rest.slice(end)}`;
}

function reportOf(m: HealthMatrix | null): Report {
  const bundle = { ...emptyBundle(), info: { ...emptyBundle().info, files: 1 }, health: m };
  return buildReport(bundle, runChecks(bundle, []), [], { generatorVersion: 'test' });
}

function matrix(names: string[], fill: (i: number) => [number, number]): HealthMatrix {
  const D = names.length;
  const size = D * D * 4;
  const state = new Uint8Array(size);
  const latencyMs = new Float32Array(size);
  for (let i = 0; i < size; i++) [state[i], latencyMs[i]] = fill(i);
  return {
    nodes: names,
    observers: names.map((node, o) => ({ node, pod: `cilium-${o}`, file: `f-${o}`, source: 'health-json', probeTime: null })),
    secondary: null,
    state,
    latencyMs,
    notes: new Map(),
    addresses: names.map(() => [null, null]),
  };
}

describe('report.json probes', () => {
  it('are the text an object per probe gives: odd names, NaN, infinite and negative-zero latencies, missing cells', () => {
    const names = ['node-a', 'node "quoted"', 'nöde-ü\u2028', 'node\\back'];
    const odd = [Number.NaN, Number.POSITIVE_INFINITY, -0, 0.0004, 1e-7, 12345.6789, 0.1 + 0.2];
    const m = matrix(names, (i) => [i % 7 === 3 ? 0 : i % 5 === 0 ? CELL_FAILED : CELL_OK, odd[i % odd.length] as number]);
    const report = reportOf(m);
    const text = [...renderJson(report)].join('');
    assert.equal(text, objectPerProbe(report, text));
    JSON.parse(text);
  });

  it('are cut into batches that never split a line, and join to the same text, past 64 KiB', () => {
    const names = Array.from({ length: 60 }, (_, i) => `node-${i}`);
    const m = matrix(names, (i) => [CELL_OK, (i % 1000) / 7]);
    const report = reportOf(m);
    const chunks = [...renderJson(report)];
    const text = chunks.join('');
    assert.equal(text, objectPerProbe(report, text));
    assert.ok(chunks.length > 4, `${chunks.length} chunks`);
    assert.ok(chunks.every((c) => c.length < 1 << 17));
    const probes = (JSON.parse(text) as { health: { probes: unknown[] } }).health.probes;
    assert.equal(probes.length, 60 * 60 * 4);
  });

  it('keep the secondary addresses\' probes apart, in secondaryProbes, written the same way', () => {
    const names = ['node-a', 'node-b'];
    const m = matrix(names, (i) => [i % 3 === 0 ? CELL_OK : CELL_NONE, i / 4]);
    const size = names.length * names.length * 4;
    const state = new Uint8Array(size);
    const latencyMs = new Float32Array(size).fill(Number.NaN);
    // node-b's secondary address fails from node-a over ICMP to the node: the primary cell there stays as it is.
    const failed = ((0 * 2 + 1) * 2 + 0) * 2 + 0;
    state[failed] = CELL_FAILED;
    state[failed + 1] = CELL_OK;
    latencyMs[failed + 1] = 0.25;
    m.secondary = { state, latencyMs, notes: new Map(), addresses: [[null, null], ['fd00::b', null]] };
    const report = reportOf(m);
    const text = [...renderJson(report)].join('');
    const health = (JSON.parse(text) as { health: { probes: unknown[]; secondaryProbes?: unknown[] } }).health;
    assert.deepEqual(health.secondaryProbes, [
      { from: 'node-a', to: 'node-b', target: 'node', protocol: 'icmp', ok: false, latencyMs: null },
      { from: 'node-a', to: 'node-b', target: 'node', protocol: 'http', ok: true, latencyMs: 0.25 },
    ]);
    assert.deepEqual(health.probes, JSON.parse(JSON.stringify([...probesOf(m)])));
    assert.deepEqual(toReportJson(report).health.secondaryProbes, health.secondaryProbes);
    assert.equal(text, objectPerProbe(report, text), 'the primary probes are unchanged');
  });

  it('have no secondaryProbes when no agent printed a secondary address', () => {
    const report = reportOf(matrix(['node-a'], () => [CELL_OK, 1]));
    assert.equal('secondaryProbes' in (JSON.parse([...renderJson(report)].join('')) as { health: object }).health, false);
  });

  it('are an empty list without a matrix', () => {
    const report = reportOf(null);
    const text = [...renderJson(report)].join('');
    assert.match(text, /"probes": \[\]/);
    assert.equal(text, objectPerProbe(report, text));
  });
});
