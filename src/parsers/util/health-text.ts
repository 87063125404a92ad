import { type Diagnostic, excerptOf } from '../../model/common.js';
import type { HealthNode, HealthPath, HealthTarget, Probe } from '../../model/health.js';
import { splitClusterName } from './text.js';

/** One line of an output with its 1-based number. */
export interface NumberedLine {
  text: string;
  n: number;
  /** The whole file line when `text` is a piece of a collapsed one; defaults to `text`. */
  raw?: string;
  col?: number;
}

const NODE_LINE = /^\s*(\S+?)(\s+\(localhost\))?:\s*$/;
const TARGET_LINE = /^\s*(Host|Endpoint|Secondary) connectivity to (\S+?):?\s*(?:#.*)?$/;
/** `formatPathStatus` prints this, in verbose mode, for a node with no host or health endpoint address. */
const NIL_LINE = /^\s*(Host|Endpoint|Secondary) connectivity:\s*nil\s*$/;
/** `ICMP:` and `HTTP via L3:` are the labels of the first cilium-health (2017–2018, cilium/cilium#2052). */
const PROBE_LINE = /^\s*(ICMP to stack|HTTP to agent|ICMP|HTTP via L3):\s*(.*?)\s*$/;

/**
 * Reads the per-node probe blocks that `cilium-health status --verbose` prints under `Nodes:`, and that a 1.17+
 * `cilium status --verbose` prints under `Cluster health:` (pkg/health/client/client.go formatNodeStatus):
 *
 *   k8s-worker-n1 (localhost):
 *     Host connectivity to 91.217.196.183:
 *       ICMP to stack:   OK, RTT=152.724µs   (Last probed: 2025-08-03T14:23:55Z)
 *       HTTP to agent:   OK, RTT=782.048µs
 *       Secondary connectivity to fd00::c:
 *         ICMP to stack:   Connection timed out
 *     Endpoint connectivity to 10.0.1.237:
 *       ICMP to stack:   Connection timed out
 *
 * A `Secondary connectivity to` block (printed since 1.6 for each further address of the host or the health
 * endpoint, in verbose mode or when it fails: formatNodeStatus) belongs to the `Host` or `Endpoint` block above it
 * and is kept as its own path, never over the primary's probes. Every line given is read or named in a diagnostic.
 * Shared by the cilium-health-status parser and the cilium-status parser.
 */
export function parseHealthNodes(lines: readonly NumberedLine[], file: string): { nodes: HealthNode[]; diagnostics: Diagnostic[] } {
  const nodes: HealthNode[] = [];
  const diagnostics: Diagnostic[] = [];
  let node: HealthNode | null = null;
  /** The Host or Endpoint block open, which Secondary blocks join. */
  let primary: HealthTarget | null = null;
  /** The block whose probes the next lines are: the primary one or one of its secondaries. */
  let path: HealthPath | null = null;
  const excerpt = (l: NumberedLine) => excerptOf(l.raw ?? l.text, l.col ?? 0, (l.col ?? 0) + l.text.length);

  for (const l of lines) {
    const text = l.text.replace(/\t/g, '    ');
    // `...`, `..` and `…` are elisions of the person who pasted the output.
    if (text.trim() === '' || /^\s*(?:\.{2,}|…)\s*$/.test(text)) continue;
    const probe = PROBE_LINE.exec(text);
    if (probe) {
      if (!path) {
        diagnostics.push({ file, line: l.n, level: 'warning', message: `Unexpected probe line outside a connectivity block: "${excerptOf(text.trim(), 0, 80)}"` });
        continue;
      }
      const result = readProbe(probe[2] as string);
      const record: Probe = { src: { file, line: l.n }, excerpt: excerpt(l), ...result };
      if ((probe[1] as string).startsWith('ICMP')) path.icmp = record;
      else path.http = record;
      continue;
    }
    const t = TARGET_LINE.exec(text);
    if (t) {
      const ip = t[2] === 'x.x.x.x' ? null : (t[2] as string);
      if (t[1] === 'Secondary') {
        if (!primary) {
          diagnostics.push({ file, line: l.n, level: 'warning', message: `Secondary connectivity block outside a Host or Endpoint block: "${excerptOf(text.trim(), 0, 80)}"` });
          path = null;
          continue;
        }
        path = { ip, icmp: null, http: null };
        primary.secondary.push(path);
        continue;
      }
      if (!node) {
        diagnostics.push({ file, line: l.n, level: 'warning', message: 'Unexpected connectivity line before any node' });
        continue;
      }
      primary = { ip, icmp: null, http: null, secondary: [] };
      path = primary;
      if (t[1] === 'Host') node.host = primary;
      else node.endpoint = primary;
      continue;
    }
    const nil = NIL_LINE.exec(text);
    if (nil) {
      // A missing address: its probes are absent, and no later probe line belongs to the block before it.
      path = null;
      if (nil[1] !== 'Secondary') primary = null;
      continue;
    }
    const n = NODE_LINE.exec(text);
    if (n) {
      const { name, cluster } = splitClusterName(n[1] as string);
      node = { src: { file, line: l.n }, excerpt: excerpt(l), name, cluster, localhost: Boolean(n[2]), host: null, endpoint: null };
      primary = null;
      path = null;
      nodes.push(node);
      continue;
    }
    diagnostics.push({ file, line: l.n, level: 'warning', message: `Unknown health line "${excerptOf(text.trim(), 0, 80)}"` });
  }
  return { nodes, diagnostics };
}

/** `OK, RTT=7.57672ms   (Last probed: …)`, or the error text printed in place of OK. */
export function readProbe(value: string): { ok: boolean; latencyMs: number | null; error: string | null } {
  const text = value.replace(/\s+\(Last probed:[^)]*\)\s*$/, '').trim();
  const ok = /^OK\b/.exec(text);
  if (ok) {
    const rtt = /RTT=([\d.]+(?:ns|µs|us|ms|s|m|h)+)/.exec(text);
    return { ok: true, latencyMs: rtt ? goDurationMs(rtt[1] as string) : null, error: null };
  }
  return { ok: false, latencyMs: null, error: text === '' ? 'failed' : text };
}

/** A Go duration (`7.57672ms`, `405.072µs`, `1m2.5s`) in milliseconds. */
export function goDurationMs(text: string): number | null {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  let matched = '';
  for (const m of text.matchAll(/([\d.]+)(ns|us|µs|ms|s|m|h)/g)) {
    total += Number(m[1]) * (units[m[2] as string] ?? 0);
    matched += m[0];
  }
  return matched === text && Number.isFinite(total) ? total : null;
}
