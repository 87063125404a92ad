// The health analysis and the latency check over the compact matrix, tested through the model (matrices built
// straight into typed arrays, as the normalise stage leaves them): every result must equal the straightforward
// implementation it replaced (reference/health.ts) on matrices with every health pattern, missing probes,
// duplicate observers, observers that are no destination and shared evidence lines; and a partition of a large
// cluster must not be held as a list of its cells.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import healthLatency from '../../src/checks/health-latency.js';
import { analyseHealth, cellEvidence, CitedCells, type HealthAnalysis, MAX_CELL_EVIDENCE } from '../../src/checks/util-health.js';
import type { Evidence } from '../../src/model/common.js';
import { CELL_FAILED, CELL_OK, type CellNote, type HealthMatrix } from '../../src/model/health.js';
import type { K8sNode } from '../../src/model/k8s.js';
import { runChecks } from '../../src/stages/correlate/runner.js';
import { prng } from '../../scripts/lib/scenario.js';
import { emptyBundle } from '../helpers/bundle.js';
import { referenceAnalyse, referenceCellEvidence, referenceLatency } from './reference/health.js';

type Rand = () => number;

interface Shape {
  nodes: number;
  /** Observer i watches from node observerNode[i] (-1: a node that is not a destination). */
  observerNode: number[];
}

/** A matrix with the patterns the checks look for, laid over mostly OK probes, from one seed. */
function randomMatrix(seed: number): { m: HealthMatrix; k8s: K8sNode[] } {
  const r: Rand = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const D = int(2, 26);
  const shape: Shape = { nodes: D, observerNode: [] };
  for (let d = 0; d < D; d++) if (r() < 0.9) shape.observerNode.push(d);
  if (r() < 0.3) shape.observerNode.push(int(0, D - 1)); // the same node twice (two agent pods)
  if (r() < 0.2) shape.observerNode.push(-1);
  const O = shape.observerNode.length;
  const names = Array.from({ length: D }, (_, d) => `node-${String(d).padStart(2, '0')}`);
  const state = new Uint8Array(O * D * 4);
  const latencyMs = new Float32Array(O * D * 4).fill(Number.NaN);
  const line = new Uint32Array(O * D * 4);
  const notes = new Map<number, CellNote>();
  const missing = r() < 0.3 ? r() * 0.2 : 0;
  for (let i = 0; i < state.length; i++) {
    if (r() < missing) continue;
    state[i] = CELL_OK;
    if (r() < 0.9) latencyMs[i] = Math.fround(0.1 + r() * 2);
    // Lines repeat now and then, so evidence must skip a line already cited.
    line[i] = r() < 0.1 ? 0 : int(1, 60);
  }
  const fail = (o: number, d: number, t: number, p: number) => {
    const i = (o * D + d) * 4 + t * 2 + p;
    state[i] = CELL_FAILED;
    latencyMs[i] = Number.NaN;
    if (r() < 0.8) notes.set(i, { excerpt: `ICMP to stack:   Connection timed out (${o}→${d})`, error: 'Connection timed out', line: line[i] || null });
  };
  const patterns = int(0, 4);
  for (let k = 0; k < patterns; k++) {
    const kind = int(0, 4);
    if (kind === 0) {
      const d = int(0, D - 1);
      const t = int(0, 1);
      for (let o = 0; o < O; o++) if (r() < 0.9) for (let p = 0; p < 2; p++) if (r() < 0.8) fail(o, d, t, p);
    } else if (kind === 1) {
      const o = int(0, O - 1);
      for (let d = 0; d < D; d++) if (r() < 0.85) fail(o, d, int(0, 1), int(0, 1));
    } else if (kind === 2) {
      const cut = int(1, D - 1);
      for (let o = 0; o < O; o++) {
        const a = (shape.observerNode[o] as number) < cut;
        for (let d = 0; d < D; d++) if (a !== d < cut && r() < 0.95) for (let c = 0; c < 4; c++) if (r() < 0.7) fail(o, d, c >> 1, c & 1);
      }
    } else if (kind === 3) {
      for (let n = 0; n < int(1, 6); n++) fail(int(0, O - 1), int(0, D - 1), int(0, 1), int(0, 1));
    } else {
      const d = int(0, D - 1);
      const slow = 20 + r() * 80;
      for (let o = 0; o < O; o++) {
        for (let c = 0; c < 4; c++) {
          const i = (o * D + d) * 4 + c;
          if (state[i] !== CELL_OK || r() < 0.2) continue;
          latencyMs[i] = Math.fround(slow + r() * 10);
          if (r() < 0.9) notes.set(i, { excerpt: `HTTP to agent:   OK, RTT=${latencyMs[i]}ms`, error: null, line: line[i] || null });
        }
      }
    }
  }
  const observerName = (d: number) => (d >= 0 ? (names[d] as string) : 'node-elsewhere');
  const m: HealthMatrix = {
    nodes: names,
    observers: shape.observerNode.map((d, o) => ({ node: observerName(d), pod: `cilium-${o}`, file: `bundle/cilium-bugtool-cilium-${o}/cmd/cilium-health-status--o-json.md`, source: 'health-json', probeTime: null })),
    secondary: null,
    state,
    latencyMs,
    notes,
    addresses: names.map((_, d) => [`10.20.0.${d}`, `10.0.${d}.9`]),
  };
  const k8s = names.map((name, d) => ({ name, internalIP: `10.20.${d % 3}.${d}`, zone: `zone-${d % 2}` }) as unknown as K8sNode);
  return { m, k8s };
}

/** An analysis with each pattern's cells replaced by the evidence they give. */
function comparable(a: HealthAnalysis, evidence: (cells: readonly number[]) => Evidence[]) {
  const strip = <T extends { failedCells: number[] }>(x: T) => ({ ...x, failedCells: undefined, evidence: evidence(x.failedCells) });
  return { selfIndex: [...a.selfIndex], partitions: a.partitions.map(strip), unreachable: a.unreachable.map(strip), isolated: a.isolated.map(strip), asymmetric: a.asymmetric.map(strip) };
}

function latencyOf(m: HealthMatrix, thresholds: { factor: number; minMs: number }) {
  const reported: unknown[] = [];
  const result = runChecks({ ...emptyBundle(), info: { ...emptyBundle().info, files: 1 }, health: m }, [healthLatency], {
    thresholds: { 'health-latency.factor': thresholds.factor, 'health-latency.minMs': thresholds.minMs },
    onReport: (_slug, r) => reported.push({ messageId: r.messageId, data: r.data, nodes: [...r.nodes], evidence: [...r.evidence] }),
  });
  const skipped = result.notEvaluated.find((n) => n.slug === 'health-latency');
  return skipped ? skipped.reason : reported;
}

describe('health analysis over the compact matrix', () => {
  it('finds what the straightforward implementation finds, cites the same evidence, on 400 random matrices', () => {
    let patterns = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { m, k8s } = randomMatrix(seed);
      const thresholds = { unreachableFraction: [0.5, 0.3, 0.7][seed % 3] as number, isolatedFraction: [0.5, 0.6][seed % 2] as number, partitionFraction: [0.8, 0.5][seed % 2] as number };
      const actual = comparable(analyseHealth(m, k8s, thresholds), (cells) => cellEvidence(m, cells));
      const expected = comparable(referenceAnalyse(m, k8s, thresholds), (cells) => referenceCellEvidence(m, cells));
      assert.deepEqual(actual, expected, `seed ${seed}`);
      patterns += expected.partitions.length + expected.unreachable.length + expected.isolated.length + expected.asymmetric.length;
    }
    // The matrices must exercise the patterns, or the comparison proves nothing.
    assert.ok(patterns > 400, `${patterns} patterns found in 400 matrices`);
  });

  it('reports the same slow probes as the straightforward latency check, on 400 random matrices', () => {
    let findings = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const { m } = randomMatrix(seed);
      const thresholds = { factor: [5, 3][seed % 2] as number, minMs: [10, 1][seed % 2] as number };
      const expected = referenceLatency(m, thresholds);
      assert.deepEqual(latencyOf(m, thresholds), expected, `seed ${seed}`);
      if (typeof expected !== 'string') findings += expected.length;
    }
    assert.ok(findings > 100, `${findings} latency findings in 400 matrices`);
  });

  it('says the latency check cannot run when no probe carries a round-trip time', () => {
    const { m } = randomMatrix(7);
    m.latencyMs.fill(Number.NaN);
    assert.match(String(latencyOf(m, { factor: 5, minMs: 10 })), /no health probe in the bundle carries a round-trip time/);
  });

  it('keeps at most the cells it cites, one per file and line, when a partition spans most of a 300-node matrix', () => {
    const D = 300;
    const state = new Uint8Array(D * D * 4).fill(CELL_OK);
    const notes = new Map<number, CellNote>();
    for (let o = 0; o < D; o++) {
      for (let d = 0; d < D; d++) {
        if (o < 150 === d < 150) continue;
        for (let c = 0; c < 4; c++) {
          const i = (o * D + d) * 4 + c;
          state[i] = CELL_FAILED;
          notes.set(i, { excerpt: 'HTTP to agent:   context deadline exceeded', error: 'timeout', line: 1 + (i % 4) });
        }
      }
    }
    const names = Array.from({ length: D }, (_, d) => `node-${String(d).padStart(3, '0')}`);
    const m: HealthMatrix = {
      nodes: names,
      observers: names.map((node, o) => ({ node, pod: `cilium-${o}`, file: `f-${o}`, source: 'health-json', probeTime: null })),
      secondary: null,
      state,
      latencyMs: new Float32Array(D * D * 4).fill(1),
      notes,
      addresses: names.map(() => [null, null]),
    };
    const [p] = analyseHealth(m, null).partitions;
    assert.ok(p, 'the partition is found');
    assert.deepEqual(p.groups.map((g) => g.length), [150, 150]);
    assert.equal(p.failedCells.length, MAX_CELL_EVIDENCE);
    assert.deepEqual(cellEvidence(m, p.failedCells), referenceCellEvidence(m, referenceAnalyse(m, [], { unreachableFraction: 0.5, isolatedFraction: 0.5, partitionFraction: 0.8 }).partitions[0]?.failedCells ?? []));
  });

  it('cites a cell once per observer file and line, only cells with an excerpt, and stops at the limit', () => {
    const { m } = randomMatrix(3);
    const cited = new CitedCells(m, 3);
    const failed: number[] = [];
    for (let i = 0; i < m.state.length; i++) if (m.state[i] === CELL_FAILED || m.notes.has(i)) failed.push(i);
    for (const i of failed) cited.add(i);
    assert.deepEqual(cellEvidence(m, cited.cells), referenceCellEvidence(m, failed, 3));
    assert.ok(cited.cells.every((i) => m.notes.has(i)));
    assert.ok(cited.cells.length <= 3);
  });
});
