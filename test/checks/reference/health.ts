// The health analysis and the latency check as they were before they were made linear in the cells (issue 16):
// the straightforward form, kept as the specification the compact implementation is tested against
// (test/checks/util-health.test.ts). Not used by the tool.
import type { Evidence } from '../../../src/model/common.js';
import { CELL_FAILED, CELL_NONE, CELL_OK, type HealthMatrix } from '../../../src/model/health.js';
import type { K8sNode } from '../../../src/model/k8s.js';
import type { Asymmetric, HealthAnalysis, HealthThresholds, Isolated, Partition, Unreachable } from '../../../src/checks/util-health.js';
import { quoteList } from '../../../src/checks/util-nodes.js';

/** Verdict of one observer → destination pair for one target: NONE, OK (every cell OK) or FAILED (any cell failed). */
function pairState(m: HealthMatrix, o: number, d: number, target: 0 | 1): number {
  const base = ((o * m.nodes.length + d) * 2 + target) * 2;
  const a = m.state[base] as number;
  const b = m.state[base + 1] as number;
  if (a === CELL_FAILED || b === CELL_FAILED) return CELL_FAILED;
  if (a === CELL_OK || b === CELL_OK) return CELL_OK;
  return CELL_NONE;
}

/** Failed cells of a pair, for evidence. */
function failedCellsOf(m: HealthMatrix, o: number, d: number, targets: readonly (0 | 1)[]): number[] {
  const out: number[] = [];
  for (const t of targets) {
    for (const p of [0, 1]) {
      const i = ((o * m.nodes.length + d) * 2 + t) * 2 + p;
      if (m.state[i] === CELL_FAILED) out.push(i);
    }
  }
  return out;
}

export function referenceAnalyse(m: HealthMatrix, k8sNodes: readonly K8sNode[], t: HealthThresholds): HealthAnalysis {
  const O = m.observers.length;
  const D = m.nodes.length;
  const indexOf = new Map(m.nodes.map((n, i) => [n, i]));
  const selfIndex = new Int32Array(O).map((_, o) => indexOf.get((m.observers[o] as { node: string }).node) ?? -1);
  const observerOf = new Int32Array(D).fill(-1);
  selfIndex.forEach((d, o) => {
    if (d >= 0 && observerOf[d] === -1) observerOf[d] = o;
  });
  /** explained[o * D + d]: the pair's failures belong to a pattern already found. */
  const explained = new Uint8Array(O * D);
  const failedPair = (o: number, d: number) => selfIndex[o] !== d && (pairState(m, o, d, 0) === CELL_FAILED || pairState(m, o, d, 1) === CELL_FAILED);

  // 1. Partitions: components of the graph whose edges are pairs with at least one direction fully OK.
  const parent = new Int32Array(D).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  const participants: number[] = [];
  for (let d = 0; d < D; d++) if (observerOf[d] !== -1) participants.push(d);
  const reaches = (a: number, b: number) => {
    const o = observerOf[a] as number;
    const s0 = pairState(m, o, b, 0);
    const s1 = pairState(m, o, b, 1);
    return s0 !== CELL_FAILED && s1 !== CELL_FAILED && (s0 === CELL_OK || s1 === CELL_OK);
  };
  for (const a of participants) for (const b of participants) if (a !== b && reaches(a, b)) parent[find(a)] = find(b);
  const components = new Map<number, number[]>();
  for (const d of participants) {
    const root = find(d);
    components.set(root, [...(components.get(root) ?? []), d]);
  }
  const groups = [...components.values()].filter((g) => g.length >= 2).sort((x, y) => y.length - x.length);
  const partitions: Partition[] = [];
  if (groups.length >= 2) {
    let cross = 0;
    let crossFailed = 0;
    const failedCells: number[] = [];
    for (const g of groups) {
      for (const a of g) {
        const o = observerOf[a] as number;
        for (const h of groups) {
          if (h === g) continue;
          for (const b of h) {
            if (pairState(m, o, b, 0) === CELL_NONE && pairState(m, o, b, 1) === CELL_NONE) continue;
            cross++;
            if (failedPair(o, b)) {
              crossFailed++;
              explained[o * D + b] = 1;
              failedCells.push(...failedCellsOf(m, o, b, [0, 1]));
            }
          }
        }
      }
    }
    if (cross > 0 && crossFailed / cross >= t.partitionFraction) {
      partitions.push({
        groups: groups.map((g) => g.map((d) => m.nodes[d] as string).sort()),
        shared: sharedTraits(groups.map((g) => g.map((d) => m.nodes[d] as string)), k8sNodes),
        failedCells,
      });
    } else {
      explained.fill(0);
    }
  }

  // 2 and 3. Unreachable destinations and isolated observers, found greedily: the most failing one first (a
  // destination on a tie), its failures set aside, and the rest judged again. Two isolated agents then do not make
  // every other node look unreachable, and a node nobody reaches does not make every agent look isolated.
  const probedD = [new Int32Array(D), new Int32Array(D)];
  const failedD = [new Int32Array(D), new Int32Array(D)];
  const probedO = new Int32Array(O);
  const failedO = new Int32Array(O);
  const count = (o: number, d: number, sign: 1 | -1) => {
    if (selfIndex[o] === d || explained[o * D + d]) return;
    let any = false;
    let anyFailed = false;
    for (const t of [0, 1] as const) {
      const st = pairState(m, o, d, t);
      if (st === CELL_NONE) continue;
      any = true;
      (probedD[t] as Int32Array)[d] = ((probedD[t] as Int32Array)[d] as number) + sign;
      if (st === CELL_FAILED) {
        anyFailed = true;
        (failedD[t] as Int32Array)[d] = ((failedD[t] as Int32Array)[d] as number) + sign;
      }
    }
    if (any) probedO[o] = (probedO[o] as number) + sign;
    if (anyFailed) failedO[o] = (failedO[o] as number) + sign;
  };
  for (let o = 0; o < O; o++) for (let d = 0; d < D; d++) count(o, d, 1);
  const explain = (o: number, d: number) => {
    count(o, d, -1);
    if (selfIndex[o] !== d) explained[o * D + d] = 1;
  };
  const destScore = (d: number) =>
    Math.max(...([0, 1] as const).map((t) => ((probedD[t] as Int32Array)[d] ? ((failedD[t] as Int32Array)[d] as number) / ((probedD[t] as Int32Array)[d] as number) : 0)));
  const observerScore = (o: number) => ((probedO[o] as number) >= 2 ? (failedO[o] as number) / (probedO[o] as number) : 0);

  const unreachable: Unreachable[] = [];
  const isolated: Isolated[] = [];
  const flaggedD = new Uint8Array(D);
  const flaggedO = new Uint8Array(O);
  for (;;) {
    let best = -1;
    let bestScore = 0;
    let bestIsDest = true;
    for (let d = 0; d < D; d++) {
      if (flaggedD[d]) continue;
      const score = destScore(d);
      if (score > t.unreachableFraction && score > bestScore) [best, bestScore, bestIsDest] = [d, score, true];
    }
    for (let o = 0; o < O; o++) {
      if (flaggedO[o]) continue;
      const score = observerScore(o);
      if (score > t.isolatedFraction && score > bestScore) [best, bestScore, bestIsDest] = [o, score, false];
    }
    if (best < 0) break;
    if (bestIsDest) {
      const d = best;
      flaggedD[d] = 1;
      const targets: ('node' | 'endpoint')[] = [];
      let failedObservers = 0;
      let probingObservers = 0;
      for (const target of [0, 1] as const) {
        const probed = (probedD[target] as Int32Array)[d] as number;
        const failed = (failedD[target] as Int32Array)[d] as number;
        if (probed > 0 && failed / probed > t.unreachableFraction) {
          targets.push(target === 0 ? 'node' : 'endpoint');
          failedObservers = Math.max(failedObservers, failed);
          probingObservers = Math.max(probingObservers, probed);
        }
      }
      const ts = targets.map((x) => (x === 'node' ? 0 : 1)) as (0 | 1)[];
      const failedCells: number[] = [];
      for (let o = 0; o < O; o++) {
        if (selfIndex[o] === d || explained[o * D + d]) continue;
        const cells = failedCellsOf(m, o, d, ts);
        if (cells.length === 0) continue;
        failedCells.push(...cells);
        explain(o, d);
      }
      const entry: Unreachable = { node: m.nodes[d] as string, d, targets, failedObservers, probingObservers, alsoBlind: false, failedCells };
      unreachable.push(entry);
      // A node nobody reaches whose own agent reaches almost no one is one cause: the node is cut off.
      const self = observerOf[d] as number;
      if (self >= 0 && !flaggedO[self] && observerScore(self) > t.isolatedFraction) {
        flaggedO[self] = 1;
        entry.alsoBlind = true;
        for (let x = 0; x < D; x++) if (failedPair(self, x)) explain(self, x);
      }
    } else {
      const o = best;
      flaggedO[o] = 1;
      const failedCells: number[] = [];
      let failed = 0;
      for (let d = 0; d < D; d++) {
        if (selfIndex[o] === d || explained[o * D + d] || !failedPair(o, d)) continue;
        failed++;
        failedCells.push(...failedCellsOf(m, o, d, [0, 1]));
      }
      const probed = probedO[o] as number;
      for (let d = 0; d < D; d++) if (failedPair(o, d)) explain(o, d);
      isolated.push({ node: (m.observers[o] as { node: string }).node, o, failed, probed, failedCells });
    }
  }
  unreachable.sort((a, b) => a.d - b.d);
  isolated.sort((a, b) => a.o - b.o);

  // 4. One-way failures left: o fails d while d's own agent reaches o's node.
  const asymmetric: Asymmetric[] = [];
  for (let o = 0; o < O; o++) {
    const from = selfIndex[o] as number;
    if (from < 0) continue;
    const to: string[] = [];
    const failedCells: number[] = [];
    for (let d = 0; d < D; d++) {
      if (d === from || explained[o * D + d] || !failedPair(o, d)) continue;
      const back = observerOf[d] as number;
      if (back < 0 || !reaches(d, from)) continue;
      to.push(m.nodes[d] as string);
      failedCells.push(...failedCellsOf(m, o, d, [0, 1]));
    }
    if (to.length > 0) asymmetric.push({ from: m.nodes[from] as string, o, to, failedCells });
  }

  return { matrix: m, selfIndex, partitions, unreachable, isolated, asymmetric };
}

/** What every member of each group has in common and the other groups do not: a /24 of InternalIPs or a zone. */
function sharedTraits(groups: readonly string[][], k8sNodes: readonly K8sNode[]): string[] {
  const byName = new Map(k8sNodes.map((n) => [n.name, n]));
  const trait = (names: readonly string[], f: (n: K8sNode) => string | null): string | null => {
    const values = new Set(names.map((n) => {
      const node = byName.get(n);
      return node ? f(node) : null;
    }));
    return values.size === 1 ? ([...values][0] ?? null) : null;
  };
  return groups.map((g) => {
    const zone = trait(g, (n) => n.zone);
    const subnet = trait(g, (n) => (n.internalIP && /^\d+\.\d+\.\d+\./.exec(n.internalIP)?.[0] ? `${/^\d+\.\d+\.\d+\./.exec(n.internalIP)?.[0]}0/24` : null));
    const parts = [zone ? `zone ${zone}` : null, subnet ? `subnet ${subnet}` : null].filter(Boolean);
    return parts.join(', ');
  });
}

/** Evidence for matrix cells: the observer's file and line, and the excerpt the normalise stage kept. */
export function referenceCellEvidence(m: HealthMatrix, cells: readonly number[], max = 20): Evidence[] {
  const out: Evidence[] = [];
  const perCell = m.nodes.length * 4;
  for (const i of cells) {
    if (out.length >= max) break;
    const o = Math.floor(i / perCell);
    const note = m.notes.get(i);
    const observer = m.observers[o];
    if (!note || !observer) continue;
    const line = note.line ?? 0;
    if (out.some((e) => e.file === observer.file && e.line === (line || null))) continue;
    out.push({ file: observer.file, line: line || null, excerpt: note.excerpt, note: `seen by ${observer.node}` });
  }
  // Observers in the order given, and each observer's lines top to bottom, as a reader goes through the files.
  const files = [...new Set(out.map((e) => e.file))];
  return out.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file) || (a.line ?? 0) - (b.line ?? 0));
}


export interface LatencyReport {
  messageId: string;
  data: Record<string, unknown>;
  nodes: string[];
  evidence: Evidence[];
}

/** The latency check's findings, or the reason it was not evaluated. */
export function referenceLatency(m: HealthMatrix, thresholds: { factor: number; minMs: number }): LatencyReport[] | string {
  const out: LatencyReport[] = [];
  const notEvaluated = (reason: string) => reason;
  const O = m.observers.length;
  const D = m.nodes.length;
  const values: number[] = [];
  for (let i = 0; i < m.state.length; i++) {
    const v = m.latencyMs[i] as number;
    if (m.state[i] === CELL_OK && !Number.isNaN(v)) values.push(v);
  }
  if (values.length === 0) {
    return notEvaluated('no health probe in the bundle carries a round-trip time (the status summary table prints none)');
  }
  const sorted = Float64Array.from(values).sort();
  const median = sorted.length % 2 ? (sorted[sorted.length >> 1] as number) : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
  const limit = Math.max(median * thresholds.factor, thresholds.minMs);
  const ms = (v: number) => (v >= 10 ? v.toFixed(0) : v.toFixed(2));

  const slowTo = new Map<number, number[]>();
  const slowFrom = new Map<number, number[]>();
  const probesTo = new Int32Array(D);
  const probesFrom = new Int32Array(O);
  const selfOf = m.observers.map((obs) => m.nodes.indexOf(obs.node));
  for (let o = 0; o < O; o++) {
    for (let d = 0; d < D; d++) {
      // Probes of an agent to its own node say nothing about the network between nodes.
      if (selfOf[o] === d) continue;
      for (let k = 0; k < 4; k++) {
        const i = (o * D + d) * 4 + k;
        const v = m.latencyMs[i] as number;
        if (m.state[i] !== CELL_OK || Number.isNaN(v)) continue;
        probesTo[d] = (probesTo[d] as number) + 1;
        probesFrom[o] = (probesFrom[o] as number) + 1;
        if (v <= limit) continue;
        push(slowTo, d, i);
        push(slowFrom, o, i);
      }
    }
  }
  const worst = (cells: readonly number[]) => ms(Math.max(...cells.map((i) => m.latencyMs[i] as number)));
  const reported = new Set<number>();
  for (const [d, cells] of slowTo) {
    if (cells.length * 2 <= (probesTo[d] as number) || cells.length < 2) continue;
    cells.forEach((i) => reported.add(i));
    const node = m.nodes[d] as string;
    out.push({ messageId: 'slowNode', data: { node, slow: cells.length, probes: probesTo[d] as number, worstMs: worst(cells), medianMs: ms(median) }, nodes: [node], evidence: referenceCellEvidence(m, cells) });
  }
  for (const [o, all] of slowFrom) {
    const cells = all.filter((i) => !reported.has(i));
    if (cells.length === 0) continue;
    const node = (m.observers[o] as { node: string }).node;
    if (cells.length * 2 > (probesFrom[o] as number) && cells.length >= 2) {
      out.push({ messageId: 'slowObserver', data: { node, slow: cells.length, probes: probesFrom[o] as number, worstMs: worst(cells), medianMs: ms(median) }, nodes: [node], evidence: referenceCellEvidence(m, cells) });
      continue;
    }
    const to = [...new Set(cells.map((i) => m.nodes[Math.floor((i % (D * 4)) / 4)] as string))];
    out.push({ messageId: 'slowPairs', data: { node, to: quoteList(to), worstMs: worst(cells), medianMs: ms(median) }, nodes: [node, ...to], evidence: referenceCellEvidence(m, cells) });
  }
  return out;
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
