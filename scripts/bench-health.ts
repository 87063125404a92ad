// The health checks and report.json's probes alone, on a synthetic N-node health matrix built straight into the
// model (no bundle to generate, parse or hold): how correlate and the JSON writer scale with the N² cells.
//
//   node --import tsx scripts/bench-health.ts --nodes 500,2000
//   node --import tsx scripts/bench-health.ts --nodes 500 --partition   # half the cluster cut off from the other
//
// The matrix has what the scale bundles' agents report plus one of each health pattern: a node whose health
// endpoint nobody reaches, an agent that reaches almost no one, a slow node, a one-way failure (and, with
// --partition, two halves that cannot reach each other).
import { parseArgs } from 'node:util';
import { CHECKS } from '../src/checks/index.js';
import type { Bundle } from '../src/model/bundle.js';
import { CELL_FAILED, CELL_OK, type CellNote, type HealthMatrix } from '../src/model/health.js';
import { buildReport } from '../src/stages/correlate/report.js';
import { runChecks } from '../src/stages/correlate/runner.js';
import { renderJson } from '../src/stages/render/json.js';
import { prng } from './lib/scenario.js';

const HEALTH = new Set(['node-unreachable', 'agent-isolated', 'health-partition', 'health-asymmetric', 'health-latency']);

export function syntheticMatrix(n: number, partition: boolean): HealthMatrix {
  const r = prng(n);
  const nodes = Array.from({ length: n }, (_, i) => `node-${String(i + 1).padStart(4, '0')}`);
  const cells = n * n * 4;
  const state = new Uint8Array(cells).fill(CELL_OK);
  const latencyMs = new Float32Array(cells);
  const line = new Uint32Array(cells);
  const notes = new Map<number, CellNote>();
  for (let i = 0; i < cells; i++) {
    latencyMs[i] = 0.15 + r() * 1.2;
    line[i] = 4 + (i % (n * 4)) * 3;
  }
  const fail = (o: number, d: number, t: number, p: number) => {
    const i = (o * n + d) * 4 + t * 2 + p;
    state[i] = CELL_FAILED;
    latencyMs[i] = Number.NaN;
    notes.set(i, { excerpt: p === 0 ? 'ICMP to stack:   Connection timed out' : 'HTTP to agent:   Get "http://10.0.0.9:4240/hello": context deadline exceeded', error: 'Connection timed out', line: line[i] || null });
  };
  const [down, isolated, slow, from, to] = [7, 11, 13, 20, 21].map((x) => x % n) as [number, number, number, number, number];
  for (let o = 0; o < n; o++) {
    if (o !== down) for (let p = 0; p < 2; p++) fail(o, down, 1, p);
    const i = (o * n + slow) * 4;
    for (let k = 0; k < 4; k++) {
      latencyMs[i + k] = 80 + r() * 5;
      notes.set(i + k, { excerpt: `ICMP to stack:   OK, RTT=${(latencyMs[i + k] as number).toFixed(3)}ms`, error: null, line: line[i + k] || null });
    }
  }
  for (let d = 0; d < n; d++) if (d !== isolated) for (let k = 1; k < 4; k++) fail(isolated, d, k >> 1, k & 1);
  fail(from, to, 1, 0);
  fail(from, to, 1, 1);
  if (partition) {
    const half = n >> 1;
    for (let o = 0; o < n; o++) for (let d = 0; d < n; d++) if (o < half !== d < half) for (let k = 0; k < 4; k++) fail(o, d, k >> 1, k & 1);
  }
  return {
    nodes,
    observers: nodes.map((node, o) => ({ node, pod: `cilium-${String(o).padStart(5, '0')}`, file: `cilium-sysdump/cilium-bugtool-cilium-${String(o).padStart(5, '0')}/cmd/cilium-health-status--o-json.md`, source: 'health-json', probeTime: '2024-05-13T14:15:02Z' })),
    secondary: null,
    state,
    latencyMs,
    notes,
    addresses: nodes.map((_, d) => [`10.20.${d >> 8}.${d & 255}`, `10.0.${d >> 8}.${d & 255}`]),
  };
}

function bundleOf(matrix: HealthMatrix): Bundle {
  return {
    info: { name: 'synthetic', format: 'dir', root: null, timestamp: null, collectedAt: null, ciliumCliVersion: null, files: 1, bytes: 0 },
    sysdumpLog: null,
    k8s: { version: null, nodes: null, pods: null, ciliumNodes: null, ciliumEndpoints: null, ciliumIdentities: null, services: null, endpointSlices: null, ciliumConfig: null, events: null, podRows: null, nodeUsage: null },
    agents: [],
    podLogs: [],
    health: matrix,
    gaps: [],
    ledger: [],
    diagnostics: [],
  };
}

/** CPU time of this process since `start`: wall time means little on a machine shared with other work. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '500,2000' }, partition: { type: 'boolean', default: false } } });
for (const n of values.nodes.split(',').map(Number)) {
  const matrix = syntheticMatrix(n, values.partition);
  const bundle = bundleOf(matrix);
  const checks = CHECKS.filter((c) => HEALTH.has(c.slug));
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  let t = process.cpuUsage();
  const result = runChecks(bundle, checks);
  const correlateMs = cpuMs(t);
  const heapAfter = process.memoryUsage().heapUsed;
  const report = buildReport(bundle, result, checks, { generatorVersion: 'bench' });
  t = process.cpuUsage();
  let bytes = 0;
  let largest = 0;
  for (const chunk of renderJson(report)) {
    bytes += chunk.length;
    largest = Math.max(largest, chunk.length);
  }
  const jsonMs = cpuMs(t);
  const findings = result.findings.map((f) => `${f.slug}(${f.nodes.length})`).join(' ');
  process.stdout.write(
    `N=${n}${values.partition ? ' partition' : ''} (CPU time): health checks ${(correlateMs / 1000).toFixed(2)} s (heap +${((heapAfter - heapBefore) / 2 ** 20).toFixed(0)} MiB after), report.json ${(jsonMs / 1000).toFixed(2)} s for ${(bytes / 1e6).toFixed(0)} MB in chunks of at most ${(largest / 1e6).toFixed(1)} MB, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; findings: ${findings}\n`,
  );
}
