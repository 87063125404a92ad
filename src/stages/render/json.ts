import { CELL_NONE, CELL_OK, type HealthMatrix, PROTOCOLS, TARGETS } from '../../model/health.js';
import { type ProbeJson, type Report, type ReportJson, ReportJsonSchema } from '../../model/report.js';
import { jsonSafe } from './sanitise.js';

const PROBES_PLACEHOLDER = '"\u0000probes\u0000"';
const SECONDARY_PLACEHOLDER = '"\u0000secondary\u0000"';

/** The cells a probe list is written from: the primary ones, or the secondary addresses' (kept apart). */
type Which = 'primary' | 'secondary';

function cellsOf(matrix: HealthMatrix, which: Which): { state: Uint8Array; latencyMs: Float32Array } | null {
  return which === 'primary' ? matrix : matrix.secondary;
}

/**
 * Every probe of the matrix, observer by observer, in report.json shape: the primary addresses' (`probes`), or
 * with `'secondary'` those of the nodes' secondary addresses (`secondaryProbes`).
 */
export function* probesOf(matrix: HealthMatrix | null, which: Which = 'primary'): Generator<ProbeJson> {
  const cells = matrix && cellsOf(matrix, which);
  if (!matrix || !cells) return;
  const n = matrix.nodes.length;
  for (let o = 0; o < matrix.observers.length; o++) {
    const from = (matrix.observers[o] as { node: string }).node;
    for (let d = 0; d < n; d++) {
      for (let t = 0; t < 2; t++) {
        for (let p = 0; p < 2; p++) {
          const i = ((o * n + d) * 2 + t) * 2 + p;
          const state = cells.state[i];
          if (state === CELL_NONE) continue;
          const latency = cells.latencyMs[i] as number;
          yield {
            from,
            to: matrix.nodes[d] as string,
            target: TARGETS[t] as ProbeJson['target'],
            protocol: PROTOCOLS[p] as ProbeJson['protocol'],
            ok: state === CELL_OK,
            latencyMs: Number.isNaN(latency) ? null : Math.round(latency * 1000) / 1000,
          };
        }
      }
    }
  }
}

/** The report.json object without its probes (they are streamed), validated against the contract. */
function jsonBase(report: Report): ReportJson {
  const base: ReportJson = {
    schemaVersion: report.schemaVersion,
    status: report.status,
    problems: report.problems,
    generator: report.generator,
    bundle: report.bundle,
    cluster: report.cluster,
    nodes: report.nodes,
    ...(report.nodeListRows ? { nodeListRows: report.nodeListRows } : {}),
    health: { probes: [], ...(report.health.matrix?.secondary ? { secondaryProbes: [] } : {}), sources: report.health.sources },
    findings: report.findings,
    notEvaluated: report.notEvaluated,
    diagnostics: report.diagnostics,
    checks: report.checks,
    ...(report.timeline ? { timeline: report.timeline } : {}),
  };
  // Our own output must match the contract; a mismatch is a bug and fails loudly.
  return ReportJsonSchema.parse(base);
}

/** report.json as one object: convenient for library users and small bundles. */
export function toReportJson(report: Report): ReportJson {
  const base = jsonBase(report);
  base.health.probes = [...probesOf(report.health.matrix)];
  if (base.health.secondaryProbes) base.health.secondaryProbes = [...probesOf(report.health.matrix, 'secondary')];
  return base;
}

/**
 * report.json as one string, as the CLI writes it. At 2,000 nodes the health probes alone are 16 million objects
 * and do not fit in one string: use {@link renderJsonChunks} there.
 */
export function renderJson(report: Report): string {
  return Array.from(renderJsonChunks(report)).join('');
}

/**
 * report.json as a sequence of chunks. The probes are streamed from the matrix: at 2,000 nodes they number
 * 16 million and would not fit in one string. Each probe is written as the text `JSON.stringify` gives its
 * {@link ProbeJson} (same keys, same order) straight from the typed arrays, without an object per probe.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  for (const chunk of rawJsonChunks(report)) yield jsonSafe(chunk);
}

function* rawJsonChunks(report: Report): Generator<string> {
  const base = jsonBase(report);
  const secondary = base.health.secondaryProbes !== undefined;
  const health = { ...base.health, probes: PROBES_PLACEHOLDER, ...(secondary ? { secondaryProbes: SECONDARY_PLACEHOLDER } : {}) };
  let text = JSON.stringify({ ...base, health }, null, 2);
  for (const [placeholder, which] of [[PROBES_PLACEHOLDER, 'primary'], ...(secondary ? [[SECONDARY_PLACEHOLDER, 'secondary']] : [])] as [string, Which][]) {
    const at = text.indexOf(JSON.stringify(placeholder));
    yield text.slice(0, at);
    let first = true;
    for (const batch of probeLines(report.health.matrix, which)) {
      yield `${first ? '[\n' : ',\n'}${batch}`;
      first = false;
    }
    yield first ? '[]' : '\n    ]';
    text = text.slice(at + JSON.stringify(placeholder).length);
  }
  yield `${text}\n`;
}

/** The probes' lines of report.json, `,\n`-joined, in batches of about 64 KiB. */
function* probeLines(matrix: HealthMatrix | null, which: Which): Generator<string> {
  const cells = matrix && cellsOf(matrix, which);
  if (!matrix || !cells) return;
  const n = matrix.nodes.length;
  // Per node and per (target, protocol), the parts of a line that do not change, escaped once.
  const from = matrix.observers.map((o) => `      {"from":${JSON.stringify(o.node)},"to":`);
  const to = matrix.nodes.map((d) => JSON.stringify(d));
  const kinds = TARGETS.flatMap((t) => PROTOCOLS.map((p) => `,"target":${JSON.stringify(t)},"protocol":${JSON.stringify(p)},"ok":`));
  const { state, latencyMs } = cells;
  let batch = '';
  let sep = '';
  for (let o = 0; o < matrix.observers.length; o++) {
    const head = from[o] as string;
    for (let d = 0; d < n; d++) {
      const dest = to[d] as string;
      for (let k = 0; k < 4; k++) {
        const i = (o * n + d) * 4 + k;
        const s = state[i];
        if (s === CELL_NONE) continue;
        const v = latencyMs[i] as number;
        // As JSON.stringify prints `Math.round(latency * 1000) / 1000`: NaN and infinities become null.
        const latency = Number.isNaN(v) ? 'null' : jsonNumber(Math.round(v * 1000) / 1000);
        batch += `${sep}${head}${dest}${kinds[k]}${s === CELL_OK ? 'true' : 'false'},"latencyMs":${latency}}`;
        sep = ',\n';
      }
      if (batch.length > 1 << 16) {
        yield batch;
        batch = '';
        sep = '';
      }
    }
  }
  if (batch) yield batch;
}

function jsonNumber(v: number): string {
  return Number.isFinite(v) ? String(v) : 'null';
}
