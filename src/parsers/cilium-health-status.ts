// `cilium-health status` (pkg/health/client/client.go FormatHealthStatusResponse, cilium-health/cmd/status.go),
// read at v1.10.6, v1.11.6, v1.14.0, v1.16.3 and v1.18.0: `Probe time:` and `Nodes:` headers, then one block per
// node (see util/health-text.ts). bugtool runs it as `cilium-health status` (1.10.0–1.10.11, 1.11.0–1.11.5) and
// `--verbose` plus `-o json` later; 1.15.0–1.15.9 and 1.16.0–1.16.2 collect none (sysdump-format.md §2.4).
// The JSON form is HealthStatusResponse (api/v1/health/models): `local.name`, `timestamp`, `nodes[]` with
// `host.primary-address {ip, icmp, http}` and `endpoint` (≤1.11) / `health-endpoint` (1.12+) of the same shape;
// a connectivity status is `{status: "" when OK or the error, latency: ns}`.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { HealthNode, HealthPath, HealthReport, HealthTarget, Probe } from '../model/health.js';
import { defineParser } from './define.js';
import { parseHealthNodes, readProbe } from './util/health-text.js';
import { asArray, asNumber, asObject, asString, parseJsonWithLines } from './util/json.js';
import { isNoise, LineAccount, outputLines, splitClusterName } from './util/text.js';

export const ciliumHealthStatusText = defineParser<HealthReport>({
  id: 'cilium-health-status',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium-health-status(---verbose|---probe)*\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    let probeTime: string | null = null;
    const body: { text: string; n: number; raw: string; col: number }[] = [];
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    lines.text.forEach((line, i) => {
      const n = i + 1;
      const raw = lines.raw[i] as string;
      const t = line.trim();
      if (isNoise(t)) return;
      account.take(n);
      if (/^Nodes:\s*$/.test(t)) return;
      const time = /^Probe time:\s*(\S+)/.exec(t);
      if (time) {
        probeTime = time[1] ?? null;
        // The seed note's paste lost its line breaks: the whole output sits on this line.
        const rest = t.slice(t.indexOf(time[1] as string) + (time[1] as string).length);
        if (rest.trim() !== '') for (const item of uncollapse(rest, n, raw, raw.indexOf(rest))) body.push(item);
        return;
      }
      if (isCollapsed(t)) {
        for (const item of uncollapse(line, n, raw, raw.length - line.length)) body.push(item);
        return;
      }
      body.push({ text: line, n, raw, col: raw.length - line.length });
    });
    const parsed = parseHealthNodes(body, file);
    for (const item of parsed.diagnostics) diagnostics.push(item);
    if (parsed.nodes.length === 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'Missing node blocks: expected `<node>:` lines with `Host connectivity to …`' });
      return account.none(diagnostics);
    }
    const local = parsed.nodes.find((n) => n.localhost);
    return account.result({ src: { file, line: body[0]?.n ?? null }, format: 'text', localName: local?.name ?? null, probeTime, nodes: parsed.nodes }, diagnostics);
  },
});

function isCollapsed(line: string): boolean {
  return (line.match(/connectivity to/g) ?? []).length >= 2;
}

/** Splits a collapsed health output back into its lines, keeping each piece's column for the excerpt. */
function uncollapse(text: string, n: number, raw: string, offset: number): { text: string; n: number; raw: string; col: number }[] {
  const re = /(\S+(?:\s+\(localhost\))?:\s+(?=Host connectivity))|((?:Host|Endpoint|Secondary) connectivity to \S+?:(?=\s|$))|((?:ICMP to stack|HTTP to agent):\s+.*?(?=\s+(?:ICMP to stack|HTTP to agent|Host connectivity|Endpoint connectivity|Secondary connectivity)|\s+\S+(?:\s+\(localhost\))?:\s+Host connectivity|$))/g;
  const out: { text: string; n: number; raw: string; col: number }[] = [];
  for (const m of text.matchAll(re)) {
    const piece = m[0].trim();
    const indent = m[1] ? '' : m[2] ? '  ' : '    ';
    out.push({ text: `${indent}${piece}`, n, raw, col: offset + (m.index ?? 0) - indent.length });
  }
  return out;
}

export const ciliumHealthStatusJson = defineParser<HealthReport>({
  id: 'cilium-health-status',
  scope: 'agent',
  format: 'json',
  preference: 20,
  files: [/^cmd\/cilium-health-status--o-json\.md$/],
  parse(text, file, options) {
    const json = parseJsonWithLines(text, file);
    const floor = options?.citeFloorMs;
    // Line locations are found on the first question, and may add a diagnostic then: json's come last.
    const diagnostics: Diagnostic[] = [];
    const root = asObject(json.value);
    if (!root) {
      if (json.value !== undefined) diagnostics.push({ file, line: null, level: 'error', message: 'Invalid health JSON: expected an object with `nodes`' });
      return { data: null, diagnostics: [...diagnostics, ...json.diagnostics] };
    }
    const localName = asString(asObject(root.local)?.name);
    const nodes: HealthNode[] = [];
    for (const item of asArray(root.nodes) ?? []) {
      const o = asObject(item);
      const rawName = asString(o?.name);
      if (!o || !rawName) {
        diagnostics.push({ file, line: json.lineOf(item), level: 'warning', message: 'Invalid health node: missing `name`' });
        continue;
      }
      // With a cite floor, only what a finding can cite is located (ParseOptions.citeFloorMs).
      const n = floor === undefined ? json.lineOfKey(o, 'name') : null;
      const { name, cluster } = splitClusterName(rawName);
      const line = n ? json.lineText(n) : '';
      const path = (value: unknown): HealthPath | null => {
        const t = asObject(value);
        if (!t) return null;
        const probe = (p: unknown): Probe | null => {
          const c = asObject(p);
          if (!c) return null;
          const status = asString(c.status) ?? '';
          const latency = asNumber(c.latency);
          const read = status === '' ? { ok: true, latencyMs: latency !== null ? latency / 1e6 : null, error: null } : readProbe(status);
          if (floor !== undefined && read.ok && (read.latencyMs === null || read.latencyMs < floor)) return { src: { file, line: null }, excerpt: '', ...read };
          const pn = json.lineOfKey(c, status !== '' ? 'status' : 'latency') ?? n ?? json.lineOfKey(o, 'name');
          return { src: { file, line: pn }, excerpt: excerptOf(pn ? json.lineText(pn) : ''), ...read };
        };
        return { ip: asString(t.ip), icmp: probe(t.icmp), http: probe(t.http) };
      };
      // `secondary-addresses` (HostStatus, EndpointStatus; 1.6+ for the host, 1.11+ for the endpoint): further
      // addresses of the node, probed apart from `primary-address`.
      const target = (value: unknown, holder: unknown): HealthTarget | null => {
        const primary = path(value);
        if (!primary) return null;
        const secondary = (asArray(asObject(holder)?.['secondary-addresses']) ?? []).flatMap((a) => {
          const p = path(a);
          return p ? [p] : [];
        });
        return { ...primary, secondary };
      };
      const endpointObject = asObject(o['health-endpoint']) ?? asObject(o.endpoint);
      nodes.push({
        src: { file, line: n },
        excerpt: excerptOf(line),
        name,
        cluster,
        localhost: rawName === localName,
        host: target(asObject(o.host)?.['primary-address'], o.host),
        endpoint: asObject(endpointObject)?.['primary-address'] ? target(asObject(endpointObject)?.['primary-address'], endpointObject) : target(endpointObject, null),
      });
    }
    return {
      data: { src: { file, line: json.lineOf(root) }, format: 'json', localName: localName ? splitClusterName(localName).name : null, probeTime: asString(root.timestamp), nodes },
      diagnostics: [...diagnostics, ...json.diagnostics],
    };
  },
});
