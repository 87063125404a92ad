import type { AgentStatus } from '../../model/agent-status.js';
import {
  CELL_FAILED,
  CELL_OK,
  type CellNote,
  type HealthMatrix,
  type HealthObserver,
  type HealthReport,
  type HealthSource,
  type HealthTarget,
  type Probe,
} from '../../model/health.js';

/** One agent's best health data, before it is folded into the matrix. */
export interface ObserverInput {
  node: string;
  pod: string;
  source: HealthSource;
  file: string;
  probeTime: string | null;
  /** Health report rows (health JSON/text, or the detailed list of a 1.17+ verbose status). */
  report: HealthReport | null;
  /** The `Name IP Node Endpoints` table of a verbose status, when nothing better exists. */
  table: NonNullable<NonNullable<AgentStatus['clusterHealth']>['nodes']> | null;
}

/**
 * Folds every observer's health rows into the compact matrix. Cells not printed stay CELL_NONE. Excerpts are kept
 * only for failed cells and for cells at least `noteFloorMs` slow, since those are the ones findings cite.
 */
export function buildHealthMatrix(observers: readonly ObserverInput[], extraNodes: readonly string[], noteFloorMs: number): HealthMatrix {
  const names = new Set<string>(extraNodes);
  for (const o of observers) {
    names.add(o.node);
    for (const n of o.report?.nodes ?? []) names.add(n.name);
    for (const n of o.table ?? []) names.add(n.name);
  }
  const nodes = [...names].sort();
  const indexOf = new Map(nodes.map((n, i) => [n, i]));
  const size = observers.length * nodes.length * 4;
  const state = new Uint8Array(size);
  const latencyMs = new Float32Array(size).fill(Number.NaN);
  const line = new Uint32Array(size);
  const notes = new Map<number, CellNote>();
  const addresses: [string | null, string | null][] = nodes.map(() => [null, null]);

  const setCell = (o: number, d: number, t: 0 | 1, p: 0 | 1, probe: Pick<Probe, 'ok' | 'latencyMs' | 'error' | 'src' | 'excerpt'>) => {
    const i = ((o * nodes.length + d) * 2 + t) * 2 + p;
    state[i] = probe.ok ? CELL_OK : CELL_FAILED;
    if (probe.latencyMs !== null) latencyMs[i] = probe.latencyMs;
    line[i] = probe.src.line ?? 0;
    if (!probe.ok || (probe.latencyMs !== null && probe.latencyMs >= noteFloorMs)) {
      notes.set(i, { excerpt: probe.excerpt, error: probe.error });
    }
  };

  observers.forEach((obs, o) => {
    for (const row of obs.report?.nodes ?? []) {
      const d = indexOf.get(row.name) as number;
      setTarget(o, d, 0, row.host);
      setTarget(o, d, 1, row.endpoint);
    }
    for (const row of obs.table ?? []) {
      const d = indexOf.get(row.name) as number;
      const addr = addresses[d] as [string | null, string | null];
      if (addr[0] === null && row.ip) addr[0] = row.ip;
      // The table says only reachable or not per target, never which protocol failed: both cells get the verdict.
      for (const [t, reachable] of [
        [0, row.nodeReachable],
        [1, row.endpointReachable],
      ] as const) {
        if (reachable === null) continue;
        const probe = { ok: reachable, latencyMs: null, error: reachable ? null : 'unreachable', src: row.src, excerpt: row.excerpt };
        setCell(o, d, t, 0, probe);
        setCell(o, d, t, 1, probe);
      }
    }
  });

  function setTarget(o: number, d: number, t: 0 | 1, target: HealthTarget | null): void {
    if (!target) return;
    const addr = addresses[d] as [string | null, string | null];
    if (addr[t] === null && target.ip) addr[t] = target.ip;
    if (target.icmp) setCell(o, d, t, 0, target.icmp);
    if (target.http) setCell(o, d, t, 1, target.http);
  }

  const observerList: HealthObserver[] = observers.map((o) => ({
    node: o.node,
    pod: o.pod,
    file: o.file,
    source: o.source,
    probeTime: o.probeTime,
  }));
  return { nodes, observers: observerList, state, latencyMs, line, notes, addresses };
}
