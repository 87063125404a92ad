import type { Evidence } from '../model/common.js';
import { CELL_FAILED, CELL_NONE, CELL_OK, type HealthMatrix } from '../model/health.js';
import type { K8sNode } from '../model/k8s.js';

/**
 * The health checks read the matrix as patterns, not pairs: one cause, one finding. The patterns are found in an
 * order that lets each explain failures before the next looks at them:
 *   1. partitions: groups of two or more nodes that reach each other but not the other groups;
 *   2. unreachable destinations: a node (host or health endpoint) most observers fail to reach;
 *   3. isolated observers: an agent that fails to reach most of the nodes the others reach;
 *   4. one-way failures left over: A fails to reach B while B reaches A.
 * Each check reports its own pattern from the same analysis.
 */
export interface HealthAnalysis {
  matrix: HealthMatrix;
  /** `o` → destination index of the observer's own node, -1 when it is not a destination. */
  selfIndex: Int32Array;
  partitions: Partition[];
  unreachable: Unreachable[];
  isolated: Isolated[];
  asymmetric: Asymmetric[];
}

export interface Partition {
  /** Node names per group, largest group first. */
  groups: string[][];
  /** What the members of each group share (subnet, zone), when something does. */
  shared: string[];
  /** The failed cells the finding cites ({@link CitedCells}). */
  failedCells: number[];
}

export interface Unreachable {
  node: string;
  d: number;
  /** Targets most observers fail: `node` (host) and/or `endpoint` (health endpoint). */
  targets: ('node' | 'endpoint')[];
  failedObservers: number;
  probingObservers: number;
  /** The destination's own agent also fails to reach most nodes: the node looks cut off, not just slow to answer. */
  alsoBlind: boolean;
  /** The failed cells the finding cites ({@link CitedCells}). */
  failedCells: number[];
}

export interface Isolated {
  node: string;
  o: number;
  failed: number;
  probed: number;
  /** The failed cells the finding cites ({@link CitedCells}). */
  failedCells: number[];
}

export interface Asymmetric {
  /** The observer that fails. */
  from: string;
  o: number;
  /** Destinations it fails to reach although they reach it. */
  to: string[];
  /** The failed cells the finding cites ({@link CitedCells}). */
  failedCells: number[];
}

export interface HealthThresholds {
  /** A destination is unreachable when more than this share of the observers that probe it fail. */
  unreachableFraction: number;
  /** An observer is isolated when it fails more than this share of the destinations it probes. */
  isolatedFraction: number;
  /** Groups form a partition when at least this share of the probes across them fail. */
  partitionFraction: number;
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = { unreachableFraction: 0.5, isolatedFraction: 0.5, partitionFraction: 0.8 };

const cache = new WeakMap<HealthMatrix, Map<string, HealthAnalysis>>();

export function analyseHealth(matrix: HealthMatrix, k8sNodes: readonly K8sNode[] | null, thresholds: Partial<HealthThresholds> = {}): HealthAnalysis {
  const t = { ...DEFAULT_HEALTH_THRESHOLDS, ...thresholds };
  const key = JSON.stringify(t);
  let byKey = cache.get(matrix);
  if (!byKey) {
    byKey = new Map();
    cache.set(matrix, byKey);
  }
  const hit = byKey.get(key);
  if (hit) return hit;
  const result = analyse(matrix, k8sNodes ?? [], t);
  byKey.set(key, result);
  return result;
}

/** Evidence entries a health finding cites at most. */
export const MAX_CELL_EVIDENCE = 20;

/**
 * The cells a finding cites, collected as the analysis finds failed cells: only the first ones {@link cellEvidence}
 * keeps (a cell with an excerpt, one per observer file and line), so that a pattern spanning millions of cells (a
 * partition of a 2,000-node cluster) is never held as a list of them.
 */
export class CitedCells {
  readonly cells: number[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly m: HealthMatrix,
    private readonly max = MAX_CELL_EVIDENCE,
  ) {}

  get full(): boolean {
    return this.cells.length >= this.max;
  }

  add(i: number): void {
    if (this.cells.length >= this.max) return;
    const observer = this.m.observers[Math.floor(i / (this.m.nodes.length * 4))];
    const note = this.m.notes.get(i);
    if (!observer || !note) return;
    const key = `${observer.file}\0${note.line ?? 0}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.cells.push(i);
  }
}

/**
 * The verdict of every observer → destination pair for each target, made in one pass over the cells: NONE, OK
 * (a probe OK, none failed) or FAILED (any probe failed). Index `o * D + d`.
 */
function pairStates(m: HealthMatrix): [Uint8Array, Uint8Array] {
  const pairs = m.observers.length * m.nodes.length;
  const out: [Uint8Array, Uint8Array] = [new Uint8Array(pairs), new Uint8Array(pairs)];
  const st = m.state;
  for (let q = 0; q < pairs; q++) {
    for (let t = 0; t < 2; t++) {
      const a = st[q * 4 + t * 2] as number;
      const b = st[q * 4 + t * 2 + 1] as number;
      (out[t] as Uint8Array)[q] = a === CELL_FAILED || b === CELL_FAILED ? CELL_FAILED : a === CELL_OK || b === CELL_OK ? CELL_OK : CELL_NONE;
    }
  }
  return out;
}

/** Offers the failed cells of pair `q` for the targets in `mask` (bit 0 node, bit 1 endpoint), in cell order. */
function citeFailed(m: HealthMatrix, q: number, mask: number, cited: CitedCells): void {
  for (let t = 0; t < 2; t++) {
    if (!(mask & (1 << t))) continue;
    for (let p = 0; p < 2; p++) {
      const i = q * 4 + t * 2 + p;
      if (m.state[i] === CELL_FAILED) cited.add(i);
    }
  }
}

/**
 * One pass of linear work per pattern over typed arrays of the pairs (observers × destinations): no object per
 * cell or pair, so it stays linear in the cells at 2,000 nodes (16 million cells).
 */
function analyse(m: HealthMatrix, k8sNodes: readonly K8sNode[], t: HealthThresholds): HealthAnalysis {
  const O = m.observers.length;
  const D = m.nodes.length;
  const indexOf = new Map(m.nodes.map((n, i) => [n, i]));
  const selfIndex = new Int32Array(O);
  for (let o = 0; o < O; o++) selfIndex[o] = indexOf.get((m.observers[o] as { node: string }).node) ?? -1;
  const observerOf = new Int32Array(D).fill(-1);
  for (let o = 0; o < O; o++) {
    const d = selfIndex[o] as number;
    if (d >= 0 && observerOf[d] === -1) observerOf[d] = o;
  }
  const [p0, p1] = pairStates(m);
  /** failed[o * D + d]: a probe of the pair failed (an agent's probes of its own node excepted). */
  const failed = new Uint8Array(O * D);
  for (let o = 0; o < O; o++) {
    const self = selfIndex[o] as number;
    for (let d = 0, q = o * D; d < D; d++, q++) if (d !== self && (p0[q] === CELL_FAILED || p1[q] === CELL_FAILED)) failed[q] = 1;
  }
  /** explained[o * D + d]: the pair's failures belong to a pattern already found. */
  const explained = new Uint8Array(O * D);
  /** a's agent reaches b: no probe failed and one succeeded. */
  const reaches = (a: number, b: number) => {
    const q = (observerOf[a] as number) * D + b;
    const s0 = p0[q] as number;
    const s1 = p1[q] as number;
    return s0 !== CELL_FAILED && s1 !== CELL_FAILED && (s0 === CELL_OK || s1 === CELL_OK);
  };

  // 1. Partitions: components of the graph whose edges are pairs with at least one direction fully OK.
  const parent = new Int32Array(D);
  for (let d = 0; d < D; d++) parent[d] = d;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x] as number] as number;
      x = parent[x] as number;
    }
    return x;
  };
  const participants: number[] = [];
  for (let d = 0; d < D; d++) if (observerOf[d] !== -1) participants.push(d);
  for (const a of participants) for (const b of participants) if (a !== b && reaches(a, b)) parent[find(a)] = find(b);
  // Groups in the order of their first member, members ascending.
  const byRoot = new Map<number, number[]>();
  for (const d of participants) {
    const root = find(d);
    const group = byRoot.get(root);
    if (group) group.push(d);
    else byRoot.set(root, [d]);
  }
  const groups = [...byRoot.values()].filter((g) => g.length >= 2).sort((x, y) => y.length - x.length);
  const partitions: Partition[] = [];
  if (groups.length >= 2) {
    let cross = 0;
    let crossFailed = 0;
    const cited = new CitedCells(m);
    for (const g of groups) {
      for (const a of g) {
        const o = observerOf[a] as number;
        for (const h of groups) {
          if (h === g) continue;
          for (const b of h) {
            const q = o * D + b;
            if (p0[q] === CELL_NONE && p1[q] === CELL_NONE) continue;
            cross++;
            if (!failed[q]) continue;
            crossFailed++;
            explained[q] = 1;
            if (!cited.full) citeFailed(m, q, 3, cited);
          }
        }
      }
    }
    if (cross > 0 && crossFailed / cross >= t.partitionFraction) {
      partitions.push({
        groups: groups.map((g) => g.map((d) => m.nodes[d] as string).sort()),
        shared: sharedTraits(groups.map((g) => g.map((d) => m.nodes[d] as string)), k8sNodes),
        failedCells: cited.cells,
      });
    } else {
      explained.fill(0);
    }
  }

  // 2 and 3. Unreachable destinations and isolated observers, found greedily: the most failing one first (a
  // destination on a tie), its failures set aside, and the rest judged again. Two isolated agents then do not make
  // every other node look unreachable, and a node nobody reaches does not make every agent look isolated.
  const probedD0 = new Int32Array(D);
  const probedD1 = new Int32Array(D);
  const failedD0 = new Int32Array(D);
  const failedD1 = new Int32Array(D);
  const probedO = new Int32Array(O);
  const failedO = new Int32Array(O);
  const count = (o: number, d: number, sign: 1 | -1) => {
    const q = o * D + d;
    if (selfIndex[o] === d || explained[q]) return;
    const s0 = p0[q] as number;
    const s1 = p1[q] as number;
    if (s0 !== CELL_NONE) {
      probedD0[d] = (probedD0[d] as number) + sign;
      if (s0 === CELL_FAILED) failedD0[d] = (failedD0[d] as number) + sign;
    }
    if (s1 !== CELL_NONE) {
      probedD1[d] = (probedD1[d] as number) + sign;
      if (s1 === CELL_FAILED) failedD1[d] = (failedD1[d] as number) + sign;
    }
    if (s0 !== CELL_NONE || s1 !== CELL_NONE) probedO[o] = (probedO[o] as number) + sign;
    if (s0 === CELL_FAILED || s1 === CELL_FAILED) failedO[o] = (failedO[o] as number) + sign;
  };
  for (let o = 0; o < O; o++) for (let d = 0; d < D; d++) count(o, d, 1);
  const explain = (o: number, d: number) => {
    count(o, d, -1);
    if (selfIndex[o] !== d) explained[o * D + d] = 1;
  };
  const share = (failedN: number, probedN: number) => (probedN ? failedN / probedN : 0);
  const destScore = (d: number) => Math.max(share(failedD0[d] as number, probedD0[d] as number), share(failedD1[d] as number, probedD1[d] as number));
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
      let mask = 0;
      let failedObservers = 0;
      let probingObservers = 0;
      for (const [target, probed, failedN] of [
        [0, probedD0[d] as number, failedD0[d] as number],
        [1, probedD1[d] as number, failedD1[d] as number],
      ] as const) {
        if (probed > 0 && failedN / probed > t.unreachableFraction) {
          targets.push(target === 0 ? 'node' : 'endpoint');
          mask |= 1 << target;
          failedObservers = Math.max(failedObservers, failedN);
          probingObservers = Math.max(probingObservers, probed);
        }
      }
      const cited = new CitedCells(m);
      for (let o = 0; o < O; o++) {
        const q = o * D + d;
        if (selfIndex[o] === d || explained[q]) continue;
        const failedHere = (mask & 1 && p0[q] === CELL_FAILED) || (mask & 2 && p1[q] === CELL_FAILED);
        if (!failedHere) continue;
        if (!cited.full) citeFailed(m, q, mask, cited);
        explain(o, d);
      }
      const entry: Unreachable = { node: m.nodes[d] as string, d, targets, failedObservers, probingObservers, alsoBlind: false, failedCells: cited.cells };
      unreachable.push(entry);
      // A node nobody reaches whose own agent reaches almost no one is one cause: the node is cut off.
      const self = observerOf[d] as number;
      if (self >= 0 && !flaggedO[self] && observerScore(self) > t.isolatedFraction) {
        flaggedO[self] = 1;
        entry.alsoBlind = true;
        for (let x = 0; x < D; x++) if (failed[self * D + x]) explain(self, x);
      }
    } else {
      const o = best;
      flaggedO[o] = 1;
      const cited = new CitedCells(m);
      let failedN = 0;
      for (let d = 0; d < D; d++) {
        const q = o * D + d;
        if (explained[q] || !failed[q]) continue;
        failedN++;
        if (!cited.full) citeFailed(m, q, 3, cited);
      }
      const probed = probedO[o] as number;
      for (let d = 0; d < D; d++) if (failed[o * D + d]) explain(o, d);
      isolated.push({ node: (m.observers[o] as { node: string }).node, o, failed: failedN, probed, failedCells: cited.cells });
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
    const cited = new CitedCells(m);
    for (let d = 0; d < D; d++) {
      const q = o * D + d;
      if (explained[q] || !failed[q]) continue;
      if (observerOf[d] === -1 || !reaches(d, from)) continue;
      to.push(m.nodes[d] as string);
      if (!cited.full) citeFailed(m, q, 3, cited);
    }
    if (to.length > 0) asymmetric.push({ from: m.nodes[from] as string, o, to, failedCells: cited.cells });
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
export function cellEvidence(m: HealthMatrix, cells: readonly number[], max = MAX_CELL_EVIDENCE): Evidence[] {
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

/** Sources of the matrix rows that were not cilium-health output, for `usedFallback`. */
export function fallbackNote(m: HealthMatrix): string | null {
  const fallback = m.observers.filter((o) => o.source === 'status-detailed' || o.source === 'status-table');
  if (fallback.length === 0) return null;
  const names = fallback.slice(0, 5).map((o) => o.node).join(', ');
  return `health read from the cluster health list of \`cilium status --verbose\` for ${fallback.length} agent(s) without cilium-health output (${names}${fallback.length > 5 ? ', …' : ''})`;
}
