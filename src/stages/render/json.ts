import { CELL_NONE, CELL_OK, type HealthMatrix, PROTOCOLS, TARGETS } from '../../model/health.js';
import { type ProbeJson, type Report, type ReportJson, ReportJsonSchema } from '../../model/report.js';
import { jsonSafe } from './sanitise.js';

const PROBES_PLACEHOLDER = '"\u0000probes\u0000"';

/** Every probe of the matrix, observer by observer, in report.json shape. */
export function* probesOf(matrix: HealthMatrix | null): Generator<ProbeJson> {
  if (!matrix) return;
  const n = matrix.nodes.length;
  for (let o = 0; o < matrix.observers.length; o++) {
    const from = (matrix.observers[o] as { node: string }).node;
    for (let d = 0; d < n; d++) {
      for (let t = 0; t < 2; t++) {
        for (let p = 0; p < 2; p++) {
          const i = ((o * n + d) * 2 + t) * 2 + p;
          const state = matrix.state[i];
          if (state === CELL_NONE) continue;
          const latency = matrix.latencyMs[i] as number;
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
    health: { probes: [], sources: report.health.sources },
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
 * 16 million and would not fit in one string.
 */
export function* renderJsonChunks(report: Report): Generator<string> {
  for (const chunk of rawJsonChunks(report)) yield jsonSafe(chunk);
}

function* rawJsonChunks(report: Report): Generator<string> {
  const base = jsonBase(report);
  const text = JSON.stringify({ ...base, health: { ...base.health, probes: PROBES_PLACEHOLDER } }, null, 2);
  const at = text.indexOf(JSON.stringify(PROBES_PLACEHOLDER));
  yield text.slice(0, at);
  let first = true;
  let batch = '';
  for (const probe of probesOf(report.health.matrix)) {
    batch += `${first ? '[\n' : ',\n'}      ${JSON.stringify(probe)}`;
    first = false;
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  yield first ? '[]' : `${batch}\n    ]`;
  yield `${text.slice(at + JSON.stringify(PROBES_PLACEHOLDER).length)}\n`;
}
