import type { ClusterHealthNode } from '../../model/agent-status.js';
import {
  CELL_FAILED,
  CELL_NONE,
  CELL_OK,
  type CellNote,
  cellIndex,
  type HealthMatrix,
  type HealthObserver,
  type HealthReport,
  type HealthSource,
  type HealthTarget,
  type Probe,
  type SecondaryMatrix,
} from '../../model/health.js';

/**
 * One observer's health rows in compact form, made as soon as the output is read: an agent's health output grows
 * with the node count, and 2,000 agents × 2,000 rows × 4 probes kept as objects do not fit in memory.
 * Slot of row `r`, target `t` (0 node, 1 endpoint), protocol `p` (0 icmp, 1 http): `r * 4 + t * 2 + p`.
 */
export interface HealthRows {
  /** The observer's own node name, when the output says it. */
  localName: string | null;
  probeTime: string | null;
  /** Destination node name per row, `<cluster>/` prefix removed. */
  names: string[];
  /** Address probed per row and target: `r * 2 + t`. */
  addresses: (string | null)[];
  state: Uint8Array;
  latencyMs: Float32Array;
  /** Line, excerpt and error of failed slots and of slots at least the note floor slow: the ones findings cite. */
  notes: Map<number, CellNote>;
  /**
   * The secondary addresses' probes (`Secondary connectivity to …`), in the same slot layout, kept apart so the
   * primary slots above are what the health checks judge. A slot holds the worst result among a target's
   * secondary addresses; `addresses[r * 2 + t]` lists them comma-separated. Null when no row has any.
   */
  secondary: SecondaryRows | null;
}

export interface SecondaryRows {
  addresses: (string | null)[];
  state: Uint8Array;
  latencyMs: Float32Array;
  notes: Map<number, CellNote>;
}

function emptyRows(count: number, localName: string | null, probeTime: string | null): HealthRows {
  return {
    localName,
    probeTime,
    names: [],
    addresses: new Array<string | null>(count * 2).fill(null),
    state: new Uint8Array(count * 4),
    latencyMs: new Float32Array(count * 4).fill(Number.NaN),
    notes: new Map(),
    secondary: null,
  };
}

function emptySecondary(count: number): SecondaryRows {
  return {
    addresses: new Array<string | null>(count * 2).fill(null),
    state: new Uint8Array(count * 4),
    latencyMs: new Float32Array(count * 4).fill(Number.NaN),
    notes: new Map(),
  };
}

type ProbeLike = Pick<Probe, 'ok' | 'latencyMs' | 'error' | 'src' | 'excerpt'>;

function setSlot(rows: Pick<HealthRows, 'state' | 'latencyMs' | 'notes'>, slot: number, probe: ProbeLike, noteFloorMs: number): void {
  rows.state[slot] = probe.ok ? CELL_OK : CELL_FAILED;
  if (probe.latencyMs !== null) rows.latencyMs[slot] = probe.latencyMs;
  // The parsers locate only these probes (ParseOptions.citeFloorMs): keep this test as citeFloorMs documents it.
  if (!probe.ok || (probe.latencyMs !== null && probe.latencyMs >= noteFloorMs)) rows.notes.set(slot, { excerpt: probe.excerpt, error: probe.error, line: probe.src.line });
}

/** A health report (cilium-health text or JSON, or a 1.17+ verbose status's detailed list) as compact rows. */
export function rowsOfReport(report: HealthReport, noteFloorMs: number): HealthRows {
  const rows = emptyRows(report.nodes.length, report.localName ?? report.nodes.find((n) => n.localhost)?.name ?? null, report.probeTime);
  report.nodes.forEach((node, r) => {
    rows.names.push(node.name);
    const targets: [HealthTarget | null, HealthTarget | null] = [node.host, node.endpoint];
    targets.forEach((target, t) => {
      if (!target) return;
      rows.addresses[r * 2 + t] = target.ip;
      if (target.icmp) setSlot(rows, r * 4 + t * 2, target.icmp, noteFloorMs);
      if (target.http) setSlot(rows, r * 4 + t * 2 + 1, target.http, noteFloorMs);
      if (target.secondary.length === 0) return;
      const sec = (rows.secondary ??= emptySecondary(report.nodes.length));
      sec.addresses[r * 2 + t] = target.secondary.map((p) => p.ip ?? '?').join(',');
      for (const path of target.secondary) {
        ([path.icmp, path.http] as const).forEach((probe, p) => {
          const slot = r * 4 + t * 2 + p;
          // The worst secondary result stands for the slot: one failing address is what needs saying.
          if (probe && !(sec.state[slot] === CELL_FAILED && probe.ok)) setSlot(sec, slot, probe, noteFloorMs);
        });
      }
    });
  });
  return rows;
}

/**
 * The `Name IP Node Endpoints` table of a verbose status as compact rows. The table says only reachable or not per
 * target, never which protocol failed: both protocols get the verdict.
 */
export function rowsOfTable(table: readonly ClusterHealthNode[], probeTime: string | null, noteFloorMs: number): HealthRows {
  const rows = emptyRows(table.length, table.find((n) => n.localhost)?.name ?? null, probeTime);
  table.forEach((row, r) => {
    rows.names.push(row.name);
    rows.addresses[r * 2] = row.ip;
    [row.nodeReachable, row.endpointReachable].forEach((reachable, t) => {
      if (reachable === null) return;
      const probe = { ok: reachable, latencyMs: null, error: reachable ? null : 'unreachable', src: row.src, excerpt: row.excerpt };
      setSlot(rows, r * 4 + t * 2, probe, noteFloorMs);
      setSlot(rows, r * 4 + t * 2 + 1, probe, noteFloorMs);
    });
  });
  return rows;
}

/** One agent's best health data, before it is folded into the matrix. */
export interface ObserverInput {
  node: string;
  pod: string;
  source: HealthSource;
  file: string;
  probeTime: string | null;
  rows: HealthRows;
}

/** Observer × destination pairs a matrix may have (36 bytes each): 5,000 nodes, Kubernetes' tested maximum. */
export const MAX_HEALTH_PAIRS = 5000 * 5000;
/** Pairs allowed per row the observers printed, above the pairs of a 2,000-node cluster (a sparse matrix is cheap to refuse). */
const PAIRS_PER_ROW = 4;
const SMALL_MATRIX_PAIRS = 2000 * 2000;

/**
 * Why the matrix would be too large to build, or null. It grows with observers × destinations, which hostile
 * input can make huge with little data (50,000 agents each printing one row, a million Nodes): refused past
 * {@link MAX_HEALTH_PAIRS}, or when far larger than the rows printed.
 */
export function matrixTooLarge(observers: readonly ObserverInput[], extraNodes: readonly string[]): string | null {
  const names = new Set<string>(extraNodes);
  let rows = 0;
  for (const o of observers) {
    names.add(o.node);
    for (const n of o.rows.names) names.add(n);
    rows += o.rows.names.length;
  }
  const pairs = observers.length * names.size;
  if (pairs <= SMALL_MATRIX_PAIRS || (pairs <= MAX_HEALTH_PAIRS && pairs <= rows * PAIRS_PER_ROW)) return null;
  return `Too large a health matrix: ${observers.length} observers × ${names.size} nodes for ${rows} health rows printed (at most ${MAX_HEALTH_PAIRS} pairs); the health checks are not evaluated`;
}

/** Folds every observer's health rows into the cluster's matrix. Cells not printed stay CELL_NONE. */
export function buildHealthMatrix(observers: readonly ObserverInput[], extraNodes: readonly string[]): HealthMatrix {
  const names = new Set<string>(extraNodes);
  for (const o of observers) {
    names.add(o.node);
    for (const n of o.rows.names) names.add(n);
  }
  const nodes = [...names].sort();
  const indexOf = new Map(nodes.map((n, i) => [n, i]));
  const size = observers.length * nodes.length * 4;
  const state = new Uint8Array(size);
  const latencyMs = new Float32Array(size).fill(Number.NaN);
  const notes = new Map<number, CellNote>();
  const addresses: [string | null, string | null][] = nodes.map(() => [null, null]);
  const secondary: SecondaryMatrix | null = observers.some((o) => o.rows.secondary)
    ? {
        state: new Uint8Array(size),
        latencyMs: new Float32Array(size).fill(Number.NaN),
        notes: new Map(),
        addresses: nodes.map(() => [null, null]),
      }
    : null;

  observers.forEach((obs, o) => {
    const rows = obs.rows;
    rows.names.forEach((name, r) => {
      const d = indexOf.get(name) as number;
      const addr = addresses[d] as [string | null, string | null];
      for (let t = 0; t < 2; t++) if (addr[t] === null && rows.addresses[r * 2 + t]) addr[t] = rows.addresses[r * 2 + t] as string;
      for (const t of [0, 1] as const) {
        for (const p of [0, 1] as const) {
          const slot = r * 4 + t * 2 + p;
          if (rows.state[slot] === CELL_NONE) continue;
          const i = cellIndex({ nodes }, o, d, t, p);
          state[i] = rows.state[slot] as number;
          latencyMs[i] = rows.latencyMs[slot] as number;
          const note = rows.notes.get(slot);
          if (note) notes.set(i, note);
        }
      }
      const sec = rows.secondary;
      if (!sec || !secondary) return;
      const secAddr = secondary.addresses[d] as [string | null, string | null];
      for (let t = 0; t < 2; t++) if (secAddr[t] === null && sec.addresses[r * 2 + t]) secAddr[t] = sec.addresses[r * 2 + t] as string;
      for (let s = r * 4; s < r * 4 + 4; s++) {
        if (sec.state[s] === CELL_NONE) continue;
        const i = o * nodes.length * 4 + d * 4 + (s - r * 4);
        secondary.state[i] = sec.state[s] as number;
        secondary.latencyMs[i] = sec.latencyMs[s] as number;
        const note = sec.notes.get(s);
        if (note) secondary.notes.set(i, note);
      }
    });
  });

  const observerList: HealthObserver[] = observers.map((o) => ({
    node: o.node,
    pod: o.pod,
    file: o.file,
    source: o.source,
    probeTime: o.probeTime,
  }));
  return { nodes, observers: observerList, state, latencyMs, notes, addresses, secondary };
}
