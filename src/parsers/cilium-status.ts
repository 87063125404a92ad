// `cilium status [--verbose]` as the agent prints it (pkg/client/client.go FormatStatusResponse and
// pkg/health/client/client.go for the cluster health part; cilium/cmd/status.go ≤1.14, cilium-dbg/cmd/status.go
// 1.15+), read at v1.10.6, v1.12.0, v1.14.0, v1.16.0 and v1.18.0. Lines are `Key:<tab-aligned>value`; `--verbose`
// adds indented blocks under Allocated addresses, Controller Status, KubeProxyReplacement Details, BPF Maps,
// Cluster health and (1.16+) Modules Health. bugtool only runs `--verbose` (sysdump-format.md §2.4).
// The JSON form (`statusFromJson`) is `StatusResponse` (api/v1/models/status_response.go), as in debuginfo.
import type { AddressPool, AgentStatus, ClusterHealthNode, ComponentState, Controller, IpAllocation, StatusLine } from '../model/agent-status.js';
import { type Diagnostic, excerptOf } from '../model/common.js';
import { defineParser, type ParseResult } from './define.js';
import { parseHealthNodes } from './util/health-text.js';
import { asArray, asNumber, asObject, asString, type LocatedJson } from './util/json.js';
import { COMMAND_ERROR, DEFAULTED_CONTAINER, splitClusterName, splitLines } from './util/text.js';

/** Keys `cilium status` prints, longest first so `Kubernetes APIs` wins over `Kubernetes` in collapsed text. */
const KNOWN_KEYS = [
  'KubeProxyReplacement Details',
  'Cilium health daemon',
  'Clock Source for BPF',
  'Global Identity Range',
  'Allocated IPv4 addresses',
  'Allocated IPv6 addresses',
  'Allocated addresses',
  'IPv4 address pool',
  'IPv6 address pool',
  'KubeProxyReplacement',
  'Controller Status',
  'CNI Config file',
  'Kubernetes APIs',
  'BandwidthManager',
  'ContainerRuntime',
  'Cluster health',
  'Modules Health',
  'Host firewall',
  'Host Routing',
  'IPv4 BIG TCP',
  'IPv6 BIG TCP',
  'Masquerading',
  'CNI Chaining',
  'Proxy Status',
  'Daemon uptime',
  'ClusterMesh',
  'Attach Mode',
  'Device Mode',
  'NodeMonitor',
  'Encryption',
  'Kubernetes',
  'Node load',
  'Hubble',
  'KVStore',
  'Routing',
  'BPF Maps',
  'Cilium',
  'SRv6',
  'IPAM',
] as const;

const KEY_LINE = /^([A-Za-z][A-Za-z0-9 ./()-]*?):(?:\s+(.*?)|\s*)$/;
const STATE_WORD: Record<string, ComponentState> = { ok: 'ok', warning: 'warning', failure: 'failure', disabled: 'disabled' };
const IP = String.raw`(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9a-fA-F]*:[0-9a-fA-F:.]+)`;

/** A logical line: its text, the file line it came from, and where its text starts in that line. */
interface Piece {
  text: string;
  n: number;
  /** Column of `text` within the file line (collapsed outputs put many pieces on one line). */
  col: number;
  raw: string;
  indent: number;
}

interface Block {
  line: StatusLine;
  children: Piece[];
}

export const ciliumStatus = defineParser<AgentStatus>({
  id: 'cilium-status',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-status(---verbose|---all-controllers|---all-addresses)*\.md$/],
  parse(text, file) {
    return parseStatusText(text, file);
  },
});

/** Reads `cilium status` text; exported for `cilium-health get`, which prints the same lines after two of its own. */
export function parseStatusText(text: string, file: string): ParseResult<AgentStatus> {
  const diagnostics: Diagnostic[] = [];
  const pieces = toPieces(splitLines(text));
  const blocks: Block[] = [];
  const unparsed: AgentStatus['unparsed'] = [];
  let current: Block | null = null;

  for (const p of pieces) {
    const trimmed = p.text.trim();
    if (trimmed === '' || COMMAND_ERROR.test(trimmed) || DEFAULTED_CONTAINER.test(trimmed) || /^level=\w+ msg=/.test(trimmed)) continue;
    const key = p.indent === 0 ? KEY_LINE.exec(trimmed) : null;
    // A `Name  IP  Node  Endpoints` header at column 0 belongs to the Cluster health block (1.17+ quirk).
    if (key && !(current && /^Cluster health$/i.test(current.line.key) && !isKnownKey(key[1] as string))) {
      const value = (key[2] ?? '').trim();
      const line: StatusLine = {
        src: { file, line: p.n },
        excerpt: excerptOf(p.raw, p.col, p.col + p.text.length),
        key: (key[1] as string).trim(),
        value,
        state: stateOf(value),
      };
      current = { line, children: [] };
      blocks.push(current);
      continue;
    }
    if (current) {
      current.children.push(p);
      continue;
    }
    unparsed.push({ src: { file, line: p.n }, excerpt: excerptOf(p.raw, p.col, p.col + p.text.length) });
    diagnostics.push({ file, line: p.n, level: 'warning', message: `Unknown status line "${excerptOf(trimmed, 0, 60).slice(0, 80)}"` });
  }

  if (blocks.length === 0) {
    diagnostics.push({ file, line: null, level: 'error', message: 'Missing status lines: expected `Key: value` lines such as `KVStore:` and `Cilium:`' });
    return { data: null, diagnostics };
  }
  const status = emptyStatus(file, 'text');
  status.lines = blocks.map((b) => b.line);
  status.unparsed = unparsed;
  for (const block of blocks) readBlock(status, block, file, diagnostics);
  return { data: status, diagnostics };
}

function isKnownKey(key: string): boolean {
  return (KNOWN_KEYS as readonly string[]).includes(key.trim());
}

/**
 * Normalises the lines: a CI prefix (a tab and a space on every line) is removed, `# …` annotations a user added
 * after a value are dropped, and an output pasted with its line breaks lost is split back at the known keys.
 */
function toPieces(lines: readonly string[]): Piece[] {
  const ciPrefix = lines.filter((l) => l.trim() !== '').every((l) => /^\t /.test(l)) ? 2 : 0;
  const out: Piece[] = [];
  lines.forEach((raw, i) => {
    const n = i + 1;
    let text = raw.slice(ciPrefix);
    // Found without a `\s+` that backtracks: a pasted line can be a megabyte of spaces.
    const note = text.search(/\s#\s/);
    if (note >= 0) text = text.slice(0, note).trimEnd();
    text = text.replace(/\t/g, '    ');
    const indent = text.length - text.trimStart().length;
    if (indent === 0 && countKeys(text) >= 3) {
      for (const part of splitCollapsed(text)) out.push({ text: part.text, n, col: part.col + ciPrefix, raw, indent: part.indent });
      return;
    }
    out.push({ text, n, col: ciPrefix, raw, indent });
  });
  return out;
}

const COLLAPSED_KEY = new RegExp(`(?:^|\\s)(${KNOWN_KEYS.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')}):(?=\\s|$)`, 'g');

function countKeys(text: string): number {
  return [...text.matchAll(COLLAPSED_KEY)].length;
}

/**
 * Splits a collapsed status (the seed note's paste) at its keys. Rows of the cluster health table that follow
 * `Cluster health:` stay in its value and become indented pieces, as they would be in the original output.
 */
function splitCollapsed(text: string): { text: string; col: number; indent: number }[] {
  const starts = [...text.matchAll(COLLAPSED_KEY)].map((m) => (m.index ?? 0) + (m[0].startsWith(' ') || m[0].startsWith('\t') ? 1 : 0));
  const out: { text: string; col: number; indent: number }[] = [];
  if ((starts[0] ?? 0) > 0) out.push({ text: text.slice(0, starts[0]).trim(), col: 0, indent: 0 });
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const part = text.slice(start, end).trimEnd();
    const table = /^(Cluster health:.*?)\s+(Name\s+IP\s+(?:Node\s+Endpoints|Reachable\s+Endpoints reachable)\s+.*)$/.exec(part);
    if (table) {
      out.push({ text: table[1] as string, col: start, indent: 0 });
      const rows = (table[2] as string).replace(/^Name\s+IP\s+(?:Node\s+Endpoints|Reachable\s+Endpoints reachable)\s*/, '');
      const rowRe = new RegExp(`(\\S+(?:\\s+\\(localhost\\))?)\\s+(${IP})\\s+(\\S+)\\s+(\\S+)`, 'g');
      for (const m of rows.matchAll(rowRe)) {
        out.push({ text: `  ${m[0]}`, col: start + part.indexOf(m[0]), indent: 2 });
      }
      return;
    }
    out.push({ text: part, col: start, indent: 0 });
  });
  return out.filter((p) => p.text !== '');
}

function stateOf(value: string): ComponentState | null {
  const word = /^([A-Za-z]+)\b/.exec(value)?.[1]?.toLowerCase();
  return word ? (STATE_WORD[word] ?? null) : null;
}

export function emptyStatus(file: string, format: 'text' | 'json'): AgentStatus {
  return {
    src: { file, line: null },
    format,
    lines: [],
    kvstore: null,
    kubernetes: null,
    kubernetesApis: null,
    kubeProxyReplacement: null,
    hostFirewall: null,
    hostRouting: null,
    routing: null,
    masquerading: null,
    cilium: null,
    nodeMonitor: null,
    healthDaemon: null,
    ipam: null,
    bandwidthManager: null,
    encryption: null,
    controllers: null,
    proxy: null,
    hubble: null,
    clusterHealth: null,
    unparsed: [],
  };
}

function readBlock(s: AgentStatus, block: Block, file: string, diagnostics: Diagnostic[]): void {
  const { line } = block;
  const v = line.value;
  switch (line.key.toLowerCase()) {
    case 'kvstore':
      s.kvstore = line;
      break;
    case 'kubernetes': {
      const version = /\((v[^)]+)\)/.exec(v)?.[1] ?? /^\S+\s+(\d+\.\d+\S*)/.exec(v)?.[1] ?? null;
      s.kubernetes = { state: line.state ?? 'unknown', version, line };
      break;
    }
    case 'kubernetes apis':
      s.kubernetesApis = [...v.matchAll(/"([^"]*)"/g)].map((m) => (m[1] as string).trim());
      break;
    case 'kubeproxyreplacement':
      s.kubeProxyReplacement = { mode: /^(\S+)/.exec(v)?.[1] ?? '', devices: kprDevices(v), line };
      break;
    case 'host firewall':
      s.hostFirewall = line;
      break;
    case 'host routing':
      s.hostRouting = { mode: /^(\S+)/.exec(v)?.[1] ?? v, line };
      break;
    case 'routing': {
      const network = /Network:\s*(\S+)(?:\s*\[([^\]]*)\])?/.exec(v);
      const host = /Host:\s*(\S+)/.exec(v);
      if (network) s.routing = { network: network[1] as string, tunnelProtocol: network[2]?.trim() || null, line };
      if (host) s.hostRouting = { mode: host[1] as string, line };
      break;
    }
    case 'masquerading':
      s.masquerading = { mode: /^(\S+)/.exec(v)?.[1] ?? v, line };
      break;
    case 'cilium': {
      const m = /^(\S+)\s+(\d+\.\d+\.\d+[\w.+-]*)(?:\s+\(([^)]+)\))?/.exec(v);
      s.cilium = { state: line.state ?? 'unknown', version: m?.[2] ?? null, build: m?.[3] ?? null, line };
      break;
    }
    case 'nodemonitor':
      s.nodeMonitor = line;
      break;
    case 'cilium health daemon':
      s.healthDaemon = line;
      break;
    case 'ipam':
    case 'ipv4 address pool':
    case 'ipv6 address pool':
      readIpam(s, line);
      break;
    case 'allocated addresses':
    case 'allocated ipv4 addresses':
    case 'allocated ipv6 addresses':
      readAllocations(s, block, file);
      break;
    case 'bandwidthmanager':
      s.bandwidthManager = line;
      break;
    case 'encryption':
      s.encryption = { mode: /^(\S+)/.exec(v)?.[1] ?? v, line };
      break;
    case 'controller status':
      readControllers(s, block, file, diagnostics);
      break;
    case 'proxy status':
      s.proxy = line;
      break;
    case 'hubble': {
      const flows = /Current\/Max Flows:\s*(\d+)\/(\d+)/.exec(v);
      const rate = /Flows\/s:\s*([\d.]+)/.exec(v);
      s.hubble = {
        state: line.state ?? 'unknown',
        flowsCurrent: flows ? Number(flows[1]) : null,
        flowsMax: flows ? Number(flows[2]) : null,
        flowsPerSecond: rate ? Number(rate[1]) : null,
        line,
      };
      break;
    }
    case 'cluster health':
      readClusterHealth(s, block, file, diagnostics);
      break;
    default:
      // Known blocks whose rows nothing reads (BPF Maps, KubeProxyReplacement Details, the Modules Health tree) and
      // keys this tool does not know are kept as lines; their rows are not errors.
      break;
  }
}

/** `[eth0 10.129.0.31 (Direct Routing)]`, `[ens18   91.217.196.189 fe80::… (Direct Routing)]`, `[enp1s0 …, cilium_wg0 ]`. */
function kprDevices(value: string): NonNullable<AgentStatus['kubeProxyReplacement']>['devices'] {
  const inside = /\[(.*)\]/.exec(value)?.[1];
  if (!inside) return [];
  return inside
    .split(/,\s*(?![^()]*\))/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const tokens = part.replace(/\(Direct Routing\)/, '').trim().split(/\s+/);
      return {
        name: tokens[0] ?? '',
        ips: tokens.slice(1).filter((t) => new RegExp(`^${IP}$`).test(t)),
        directRouting: part.includes('(Direct Routing)'),
      };
    });
}

/** `IPv4: 8/254 allocated from 10.20.7.0/24, IPv6: …`, ENI `6/15 allocated,`, old `15/65535 allocated from …`. */
export function readIpam(s: AgentStatus, line: StatusLine): void {
  const pool = (text: string | undefined): AddressPool | null => {
    if (!text) return null;
    const m = /(\d+)\s*\/\s*(\d+)\s+allocated(?:\s+from\s+([0-9a-fA-F.:]+\/\d+))?/.exec(text);
    return m ? { used: Number(m[1]), total: Number(m[2]), cidr: m[3] ?? null } : null;
  };
  const key = line.key.toLowerCase();
  const ipam = s.ipam ?? { ipv4: null, ipv6: null, line, allocations: null };
  if (key === 'ipv4 address pool') ipam.ipv4 = pool(line.value);
  else if (key === 'ipv6 address pool') ipam.ipv6 = pool(line.value);
  else {
    ipam.line = line;
    ipam.ipv4 = pool(/IPv4:\s*([^,]*)/.exec(line.value)?.[1]) ?? ipam.ipv4;
    ipam.ipv6 = pool(/IPv6:\s*([^,]*)/.exec(line.value)?.[1]) ?? ipam.ipv6;
  }
  s.ipam = ipam;
}

function readAllocations(s: AgentStatus, block: Block, file: string): void {
  const allocations: IpAllocation[] = [];
  for (const p of block.children) {
    const m = new RegExp(`^\\s*(${IP})(?:\\s+\\(([^)]*)\\))?\\s*$`).exec(p.text);
    if (!m) continue;
    const owner = (m[2] ?? '').trim();
    allocations.push({
      src: { file, line: p.n },
      excerpt: excerptOf(p.raw, p.col, p.col + p.text.length),
      ip: m[1] as string,
      owner: owner.replace(/\s*\[restored\]$/, ''),
      restored: /\[restored\]$/.test(owner),
    });
  }
  s.ipam = s.ipam ?? { ipv4: null, ipv6: null, line: block.line, allocations: null };
  s.ipam.allocations = [...(s.ipam.allocations ?? []), ...allocations];
}

const CONTROLLER_ROW = /^\s*(.+?)(?:\s{2,}|\t+)(never|\S+ ago)(?:\s{2,}|\t+)(never|\S+ ago)(?:\s{2,}|\t+)(\d+)(?:(?:\s{2,}|\t+)(.*?))?\s*$/;

function readControllers(s: AgentStatus, block: Block, file: string, diagnostics: Diagnostic[]): void {
  const m = /(\d+)\s*\/\s*(\d+)\s+healthy/.exec(block.line.value);
  if (!m) {
    diagnostics.push({ file, line: block.line.src.line, level: 'warning', message: `Invalid controller status "${block.line.value}": expected "N/M healthy"` });
    return;
  }
  let failing: Controller[] | null = null;
  for (const p of block.children) {
    if (/^\s*Name\s+Last success/.test(p.text)) {
      failing = failing ?? [];
      continue;
    }
    const row = CONTROLLER_ROW.exec(p.text);
    if (!row) {
      if (failing !== null && p.text.trim() !== '' && !/^\s*\.\.\.\s*$/.test(p.text)) {
        diagnostics.push({ file, line: p.n, level: 'warning', message: `Unknown controller row "${excerptOf(p.text.trim(), 0, 80)}"` });
      }
      continue;
    }
    failing = failing ?? [];
    const message = (row[5] ?? '').trim() || null;
    const count = Number(row[4]);
    const isFailing = count > 0 || (message !== null && message !== 'no error');
    if (!isFailing) continue;
    failing.push({
      src: { file, line: p.n },
      excerpt: excerptOf(p.raw, p.col, p.col + p.text.length),
      name: (row[1] as string).trim(),
      lastSuccess: row[2] ?? null,
      lastError: row[3] ?? null,
      failureCount: count,
      message,
      failing: true,
    });
  }
  s.controllers = { healthy: Number(m[1]), total: Number(m[2]), line: block.line, failing };
}

function readClusterHealth(s: AgentStatus, block: Block, file: string, diagnostics: Diagnostic[]): void {
  const v = block.line.value;
  const counts = /(\d+)\s*\/\s*(\d+)\s+reachable/.exec(v);
  const time = /\((\d{4}-\d{2}-\d{2}T[^)]*)\)/.exec(v)?.[1] ?? null;
  const rows: ClusterHealthNode[] = [];
  const detailedLines: { text: string; n: number }[] = [];
  for (const p of block.children) {
    const t = p.text.trim();
    if (t === '' || t === '...' || /^Name\s+IP\s+/.test(t)) continue;
    // 1.17+ prints the per-probe list here: a node line ending in ':' and its indented probes.
    if (/:\s*$/.test(t) || /^(Host|Endpoint) connectivity to/.test(t) || /^(ICMP to stack|HTTP to agent):/.test(t)) {
      detailedLines.push({ text: p.text, n: p.n });
      continue;
    }
    const row = tableRow(t);
    if (!row) {
      diagnostics.push({ file, line: p.n, level: 'warning', message: `Unknown cluster health row "${excerptOf(t, 0, 80)}"` });
      continue;
    }
    const { name, cluster } = splitClusterName(row.name);
    rows.push({
      src: { file, line: p.n },
      excerpt: excerptOf(p.raw, p.col, p.col + p.text.length),
      name,
      cluster,
      localhost: row.localhost,
      ip: row.ip,
      nodeReachable: row.node,
      endpointReachable: row.endpoint,
    });
  }
  let detailed: NonNullable<AgentStatus['clusterHealth']>['detailed'] = null;
  if (detailedLines.length > 0) {
    const parsed = parseHealthNodes(detailedLines, file);
    for (const item of parsed.diagnostics) diagnostics.push(item);
    if (parsed.nodes.length > 0) {
      detailed = { src: { file, line: detailedLines[0]?.n ?? null }, format: 'text', localName: parsed.nodes.find((n) => n.localhost)?.name ?? null, probeTime: time, nodes: parsed.nodes };
    }
  }
  s.clusterHealth = {
    reachable: counts ? Number(counts[1]) : null,
    total: counts ? Number(counts[2]) : null,
    time,
    line: block.line,
    nodes: rows.length > 0 ? rows : null,
    detailed,
  };
}

/** `name (localhost)  ip  reachable|unreachable|true|false|N/M  …` */
function tableRow(t: string): { name: string; localhost: boolean; ip: string | null; node: boolean | null; endpoint: boolean | null } | null {
  const m = new RegExp(`^(\\S+)(\\s+\\(localhost\\))?\\s+(${IP}|x\\.x\\.x\\.x)\\s+(\\S+)\\s+(\\S+)\\s*$`).exec(t);
  if (!m) return null;
  const verdict = (word: string): boolean | null => {
    const w = word.toLowerCase();
    if (w === 'reachable' || w === 'true') return true;
    if (w === 'unreachable' || w === 'false') return false;
    const frac = /^(\d+)\/(\d+)$/.exec(w);
    if (frac) return Number(frac[2]) > 0 ? Number(frac[1]) === Number(frac[2]) : null;
    return null;
  };
  return { name: m[1] as string, localhost: Boolean(m[2]), ip: m[3] ?? null, node: verdict(m[4] as string), endpoint: verdict(m[5] as string) };
}

/** The worst state among the status lines that carry one. */
export function overallState(status: AgentStatus): 'ok' | 'warning' | 'failure' | 'unknown' {
  const states = status.lines.map((l) => l.state);
  if (states.includes('failure')) return 'failure';
  if (states.includes('warning')) return 'warning';
  return states.includes('ok') ? 'ok' : 'unknown';
}

/**
 * `StatusResponse` JSON, as `cilium status -o json` prints it and debuginfo embeds it. The daemon computes the IPAM
 * summary string itself (`ipam.status`, same text as the IPAM line), so it is read the same way.
 */
export function statusFromJson(value: unknown, json: LocatedJson, file: string): ParseResult<AgentStatus> {
  const diagnostics: Diagnostic[] = [];
  const root = asObject(value);
  if (!root) {
    diagnostics.push({ file, line: null, level: 'error', message: 'Invalid status JSON: expected an object' });
    return { data: null, diagnostics };
  }
  const s = emptyStatus(file, 'json');
  s.src = { file, line: json.lineOf(root) };
  const lineOf = (node: unknown, key: string, val: string, state: ComponentState | null, field = 'state'): StatusLine => {
    const n = json.lineOfKey(node, field) ?? s.src.line;
    return { src: { file, line: n }, excerpt: excerptOf(n ? json.lines.line(n) : ''), key, value: val, state };
  };
  const simple = (name: string, key: string): StatusLine | null => {
    const o = asObject(root[name]);
    if (!o) return null;
    const state = asString(o.state) ?? '';
    const line = lineOf(o, key, `${state} ${asString(o.msg) ?? ''}`.trim(), stateOf(state));
    s.lines.push(line);
    return line;
  };
  s.kvstore = simple('kvstore', 'KVStore');
  const k8s = asObject(root.kubernetes);
  if (k8s) {
    const line = lineOf(k8s, 'Kubernetes', `${asString(k8s.state) ?? ''} ${asString(k8s.msg) ?? ''}`.trim(), stateOf(asString(k8s.state) ?? ''));
    s.lines.push(line);
    s.kubernetes = { state: line.state ?? 'unknown', version: /\((v[^)]+)\)/.exec(asString(k8s.msg) ?? '')?.[1] ?? null, line };
    s.kubernetesApis = (asArray(k8s['k8s-api-versions']) ?? []).map((x) => String(x));
  }
  const cilium = asObject(root.cilium);
  const ciliumLine = simple('cilium', 'Cilium');
  if (cilium && ciliumLine) {
    const m = /(\d+\.\d+\.\d+[\w.+-]*)(?:\s+\(([^)]+)\))?/.exec(asString(cilium.msg) ?? '');
    s.cilium = { state: ciliumLine.state ?? 'unknown', version: m?.[1] ?? null, build: m?.[2] ?? null, line: ciliumLine };
  }
  simple('container-runtime', 'ContainerRuntime');
  simple('cni-file', 'CNI Config file');
  s.healthDaemon = null;
  const kpr = asObject(root['kube-proxy-replacement']);
  if (kpr) {
    const mode = asString(kpr.mode) ?? '';
    const line = lineOf(kpr, 'KubeProxyReplacement', mode, null, 'mode');
    s.lines.push(line);
    const devices = (asArray(kpr.deviceList) ?? []).flatMap((d) => {
      const o = asObject(d);
      return o ? [{ name: asString(o.name) ?? '', ips: (asArray(o.ip) ?? []).map(String), directRouting: asString(kpr.directRoutingDevice) === asString(o.name) }] : [];
    });
    s.kubeProxyReplacement = { mode, devices, line };
  }
  const hostRouting = asObject(root['host-routing']);
  if (hostRouting) {
    const line = lineOf(hostRouting, 'Host Routing', asString(hostRouting.mode) ?? '', null, 'mode');
    s.lines.push(line);
    s.hostRouting = { mode: line.value, line };
  }
  const routing = asObject(root.routing);
  if (routing) {
    const network = asString(routing['inter-host-routing-mode']) ?? '';
    const host = asString(routing['intra-host-routing-mode']) ?? '';
    const line = lineOf(routing, 'Routing', `Network: ${network} Host: ${host}`, null, 'inter-host-routing-mode');
    s.lines.push(line);
    if (network) s.routing = { network, tunnelProtocol: asString(routing['tunnel-protocol']) || null, line };
    if (host) s.hostRouting = { mode: host, line };
  }
  const masq = asObject(root.masquerading);
  if (masq) {
    const mode = masq.enabled === false ? 'Disabled' : (asString(masq.mode) ?? 'Enabled');
    const line = lineOf(masq, 'Masquerading', mode, masq.enabled === false ? 'disabled' : null, 'mode');
    s.lines.push(line);
    s.masquerading = { mode, line };
  }
  const ipam = asObject(root.ipam);
  if (ipam) {
    const line = lineOf(ipam, 'IPAM', asString(ipam.status) ?? '', null, 'status');
    s.lines.push(line);
    readIpam(s, line);
    const allocations = asObject(ipam.allocations);
    if (allocations && s.ipam) {
      s.ipam.allocations = Object.entries(allocations).map(([ip, owner]) => ({
        src: line.src,
        excerpt: line.excerpt,
        ip,
        owner: String(owner).replace(/\s*\[restored\]$/, ''),
        restored: /\[restored\]$/.test(String(owner)),
      }));
    }
  }
  const bw = asObject(root['bandwidth-manager']);
  if (bw) {
    const line = lineOf(bw, 'BandwidthManager', bw.enabled ? 'EDT with BPF' : 'Disabled', bw.enabled ? null : 'disabled', 'enabled');
    s.lines.push(line);
    s.bandwidthManager = line;
  }
  const enc = asObject(root.encryption);
  if (enc) {
    const mode = asString(enc.mode) ?? 'Disabled';
    const line = lineOf(enc, 'Encryption', mode, /^disabled$/i.test(mode) ? 'disabled' : null, 'mode');
    s.lines.push(line);
    s.encryption = { mode, line };
  }
  const hubble = asObject(root.hubble);
  if (hubble) {
    const state = asString(hubble.state) ?? '';
    const line = lineOf(hubble, 'Hubble', `${state} ${asString(hubble.msg) ?? ''}`.trim(), stateOf(state));
    s.lines.push(line);
    const observer = asObject(hubble.observer);
    s.hubble = {
      state: line.state ?? 'unknown',
      flowsCurrent: asNumber(observer?.['current-flows']),
      flowsMax: asNumber(observer?.['max-flows']),
      flowsPerSecond: null,
      line,
    };
  }
  const proxy = asObject(root.proxy);
  if (proxy) {
    const line = lineOf(proxy, 'Proxy Status', `OK, ip ${asString(proxy.ip) ?? ''}`, 'ok', 'ip');
    s.lines.push(line);
    s.proxy = line;
  }
  const controllers = asArray(root.controllers);
  if (controllers) {
    const failing: Controller[] = [];
    for (const c of controllers) {
      const o = asObject(c);
      const st = asObject(o?.status);
      if (!o || !st) continue;
      const count = asNumber(st['consecutive-failure-count']) ?? 0;
      if (count === 0) continue;
      const n = json.lineOfKey(o, 'name');
      failing.push({
        src: { file, line: n },
        excerpt: excerptOf(n ? json.lines.line(n) : ''),
        name: asString(o.name) ?? '',
        lastSuccess: asString(st['last-success-timestamp']),
        lastError: asString(st['last-failure-timestamp']),
        failureCount: count,
        message: asString(st['last-failure-msg']),
        failing: true,
      });
    }
    const line = lineOf(controllers, 'Controller Status', `${controllers.length - failing.length}/${controllers.length} healthy`, null);
    s.lines.push(line);
    s.controllers = { healthy: controllers.length - failing.length, total: controllers.length, line, failing };
  }
  const cluster = asObject(root.cluster);
  const ch = asObject(cluster?.ciliumHealth);
  if (ch) {
    const state = asString(ch.state) ?? '';
    const line = lineOf(ch, 'Cluster health', `${state} ${asString(ch.msg) ?? ''}`.trim(), stateOf(state) === 'ok' ? null : stateOf(state));
    s.lines.push(line);
    s.healthDaemon = lineOf(ch, 'Cilium health daemon', state, stateOf(state));
    s.clusterHealth = { reachable: null, total: null, time: null, line, nodes: null, detailed: null };
  }
  return { data: s, diagnostics };
}
