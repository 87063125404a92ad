// `cilium status [--verbose]` as the agent prints it (pkg/client/client.go FormatStatusResponse and
// pkg/health/client/client.go for the cluster health part; cilium/cmd/status.go ≤1.14, cilium-dbg/cmd/status.go
// 1.15+), read at v1.10.6, v1.12.0, v1.14.0, v1.16.0 and v1.18.0. Lines are `Key:<tab-aligned>value`; `--verbose`
// adds indented blocks under Allocated addresses, Controller Status, KubeProxyReplacement Details, BPF Maps,
// Cluster health and (1.16+) Modules Health. bugtool only runs `--verbose` (sysdump-format.md §2.4).
// The JSON form (`statusFromJson`) is `StatusResponse` (api/v1/models/status_response.go), as in debuginfo.
import type { AddressPool, AgentStatus, ClusterHealthNode, ComponentState, Controller, IpAllocation, RemoteCluster, StatusLine } from '../model/agent-status.js';
import { type Diagnostic, excerptOf } from '../model/common.js';
import { defineParser, type ParseResult } from './define.js';
import { parseHealthNodes } from './util/health-text.js';
import { asArray, asNumber, asObject, asString, type LocatedJson } from './util/json.js';
import { COMMAND_ERROR, DEFAULTED_CONTAINER, LineAccount, type OutputLines, outputLines, splitClusterName } from './util/text.js';

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
  const lines = outputLines(text);
  const account = new LineAccount(lines.raw);
  const pieces = toPieces(lines);
  const blocks: Block[] = [];
  const unparsed: AgentStatus['unparsed'] = [];
  let current: Block | null = null;

  for (const p of pieces) {
    const trimmed = p.text.trim();
    if (trimmed === '' || COMMAND_ERROR.test(trimmed) || DEFAULTED_CONTAINER.test(trimmed)) continue;
    // An agent log line printed before the status (cilium/cilium#6470), or a user's elision mark (`:`, `...`).
    if (/^level=\w+ msg=/.test(trimmed) || /^(:|\.\.\.|…)$/.test(trimmed)) {
      account.take(p.n);
      continue;
    }
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
      account.take(p.n);
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
    return account.none(diagnostics);
  }
  const status = emptyStatus(file, 'text');
  status.lines = blocks.map((b) => b.line);
  status.unparsed = unparsed;
  for (const block of blocks) readBlock(status, block, file, diagnostics, account);
  return account.result(status, diagnostics);
}

function isKnownKey(key: string): boolean {
  return (KNOWN_KEYS as readonly string[]).includes(key.trim());
}

/**
 * Normalises the lines: the prefix every line carries is removed (util/text.ts outputLines), `# …` annotations a
 * user added after a value are dropped, and an output pasted with its line breaks lost is split back at the keys.
 */
function toPieces(lines: OutputLines): Piece[] {
  const out: Piece[] = [];
  lines.text.forEach((line, i) => {
    const n = i + 1;
    const raw = lines.raw[i] as string;
    const cut = raw.length - line.length;
    let text = line;
    // Found without a `\s+` that backtracks: a pasted line can be a megabyte of spaces.
    const note = text.search(/\s#\s/);
    if (note >= 0) text = text.slice(0, note).trimEnd();
    text = text.replace(/\t/g, '    ');
    const indent = text.length - text.trimStart().length;
    if (indent === 0 && countKeys(text) >= 3) {
      for (const part of splitCollapsed(text)) out.push({ text: part.text, n, col: part.col + cut, raw, indent: part.indent });
      return;
    }
    out.push({ text, n, col: cut, raw, indent });
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
    clusterMesh: null,
    unparsed: [],
  };
}

/**
 * Blocks whose indented lines are read as part of the block without being modelled: tables and trees the
 * report does not use (BPF map sizes, the KubeProxyReplacement details, the 1.16+ Modules Health tree, the proxy's
 * redirect table), and values a paste wrapped onto the next line (a long `Kubernetes APIs` list, a health daemon
 * error: cilium/cilium#5630, #2821). Rows under any other key are named in a diagnostic.
 */
const UNMODELLED_CHILDREN = new Set([
  'kubeproxyreplacement details',
  'bpf maps',
  'modules health',
  'proxy status',
  'kubernetes apis',
  'cilium health daemon',
  'encryption',
  'hubble',
  'kvstore',
  'cilium',
]);

function readBlock(s: AgentStatus, block: Block, file: string, diagnostics: Diagnostic[], account: LineAccount): void {
  const { line } = block;
  const v = line.value;
  const key = line.key.toLowerCase();
  const reads = ['allocated addresses', 'allocated ipv4 addresses', 'allocated ipv6 addresses', 'controller status', 'cluster health', 'clustermesh'];
  if (block.children.length > 0 && !reads.includes(key)) {
    const rows = block.children.filter((p) => p.text.trim() !== '');
    if (UNMODELLED_CHILDREN.has(key)) for (const p of rows) account.take(p.n);
    else if (rows.length > 0) {
      diagnostics.push({
        file,
        line: line.src.line,
        level: 'warning',
        message:
          rows.length === 1
            ? `Line ${rows[0]?.n} under "${line.key}:" was not read: "${excerptOf((rows[0] as Piece).text.trim(), 0, 80)}" is not a row this block has`
            : `${rows.length} lines under "${line.key}:" (lines ${rows[0]?.n}–${rows[rows.length - 1]?.n}) were not read: they are not rows this block has`,
      });
      for (const p of rows) account.take(p.n);
    }
  }
  switch (key) {
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
      readAllocations(s, block, file, diagnostics, account);
      break;
    case 'bandwidthmanager':
      s.bandwidthManager = line;
      break;
    case 'encryption':
      s.encryption = { mode: /^(\S+)/.exec(v)?.[1] ?? v, line };
      break;
    case 'controller status':
      readControllers(s, block, file, diagnostics, account);
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
      readClusterHealth(s, block, file, diagnostics, account);
      break;
    case 'clustermesh':
      readClusterMesh(s, block, file, diagnostics, account);
      break;
    default:
      // Other keys, known or not, are kept as lines (`lines`); their indented rows were accounted for above.
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

function readAllocations(s: AgentStatus, block: Block, file: string, diagnostics: Diagnostic[], account: LineAccount): void {
  const allocations: IpAllocation[] = [];
  for (const p of block.children) {
    if (p.text.trim() === '') continue;
    const m = new RegExp(`^\\s*(${IP})(?:\\s+\\(([^)]*)\\))?\\s*$`).exec(p.text);
    if (!m) {
      diagnostics.push({ file, line: p.n, level: 'warning', message: `Unknown allocated address row "${excerptOf(p.text.trim(), 0, 80)}"` });
      continue;
    }
    account.take(p.n);
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

function readControllers(s: AgentStatus, block: Block, file: string, diagnostics: Diagnostic[], account: LineAccount): void {
  const m = /(\d+)\s*\/\s*(\d+)\s+healthy/.exec(block.line.value);
  if (!m) {
    diagnostics.push({ file, line: block.line.src.line, level: 'warning', message: `Invalid controller status "${block.line.value}": expected "N/M healthy"` });
    for (const p of block.children) account.take(p.n);
    return;
  }
  let failing: Controller[] | null = null;
  for (const p of block.children) {
    if (p.text.trim() === '') continue;
    if (/^\s*Name\s+Last success/.test(p.text) || /^\s*\.\.\.\s*$/.test(p.text)) {
      if (!/\.\.\./.test(p.text)) failing = failing ?? [];
      account.take(p.n);
      continue;
    }
    const row = CONTROLLER_ROW.exec(p.text);
    if (!row) {
      diagnostics.push({ file, line: p.n, level: 'warning', message: `Unknown controller row "${excerptOf(p.text.trim(), 0, 80)}"` });
      continue;
    }
    account.take(p.n);
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

function readClusterHealth(s: AgentStatus, block: Block, file: string, diagnostics: Diagnostic[], account: LineAccount): void {
  const v = block.line.value;
  const counts = /(\d+)\s*\/\s*(\d+)\s+reachable/.exec(v);
  const time = /\((\d{4}-\d{2}-\d{2}T[^)]*)\)/.exec(v)?.[1] ?? null;
  const rows: ClusterHealthNode[] = [];
  const detailedLines: { text: string; n: number }[] = [];
  for (const p of block.children) {
    const t = p.text.trim();
    if (t === '') continue;
    if (t === '...' || /^Name\s+IP\s+/.test(t)) {
      account.take(p.n);
      continue;
    }
    // 1.17+ prints the per-probe list here: a node line ending in ':' and its indented probes.
    if (/:\s*$/.test(t) || /^(Host|Endpoint|Secondary) connectivity/.test(t) || /^(ICMP to stack|HTTP to agent):/.test(t)) {
      detailedLines.push({ text: p.text, n: p.n });
      account.take(p.n);
      continue;
    }
    const row = tableRow(t);
    if (!row) {
      diagnostics.push({ file, line: p.n, level: 'warning', message: `Unknown cluster health row "${excerptOf(t, 0, 80)}"` });
      continue;
    }
    account.take(p.n);
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

/**
 * `ClusterMesh:   4/5 remote clusters ready, 11 global-services` (`4/5 clusters ready` before 1.14), then one line per
 * remote cluster the agent prints (the not-ready ones; all with `--all-clusters`, which bugtool's `--verbose`
 * implies since 1.14), each followed by `└  ` lines: its kvstore status or last error, the remote configuration and
 * the synchronization status (pkg/client/client.go FormatStatusResponseRemoteClusters; cilium/cilium#30797).
 */
function readClusterMesh(s: AgentStatus, block: Block, file: string, diagnostics: Diagnostic[], account: LineAccount): void {
  const v = block.line.value;
  const counts = /(\d+)\s*\/\s*(\d+)\s+(?:remote\s+)?clusters\s+ready/.exec(v);
  const globalServices = /(\d+)\s+global-services?/.exec(v);
  const remotes: RemoteCluster[] = [];
  let last: RemoteCluster | null = null;
  for (const p of block.children) {
    const t = p.text.trim();
    if (t === '') continue;
    const detail = /^└\s*(.*)$/.exec(t);
    if (detail && last) {
      account.take(p.n);
      const text = (detail[1] as string).trim();
      if (/^remote configuration:/.test(text)) last.config = text.replace(/^remote configuration:\s*/, '');
      else if (/^synchronization status:/.test(text)) last.synced = text.replace(/^synchronization status:\s*/, '');
      else if (last.status === null) last.status = text;
      else diagnostics.push({ file, line: p.n, level: 'warning', message: `Unknown remote cluster line "${excerptOf(t, 0, 80)}"` });
      continue;
    }
    const remote = REMOTE_CLUSTER.exec(t);
    if (!remote) {
      diagnostics.push({ file, line: p.n, level: 'warning', message: `Unknown ClusterMesh line "${excerptOf(t, 0, 80)}"` });
      continue;
    }
    account.take(p.n);
    const count = (what: string) => {
      const m = new RegExp(`(\\d+) ${what}\\b`).exec(remote[3] as string);
      return m ? Number(m[1]) : null;
    };
    last = {
      src: { file, line: p.n },
      excerpt: excerptOf(p.raw, p.col, p.col + p.text.length),
      name: remote[1] as string,
      ready: remote[2] === 'ready',
      nodes: count('nodes'),
      endpoints: count('endpoints'),
      identities: count('identities'),
      services: count('services'),
      failures: count('reconnections') ?? count('failures'),
      lastFailure: /\(last: ([^)]*)\)/.exec(remote[3] as string)?.[1] ?? null,
      status: null,
      config: null,
      synced: null,
    };
    remotes.push(last);
  }
  s.clusterMesh = {
    ready: counts ? Number(counts[1]) : null,
    total: counts ? Number(counts[2]) : null,
    globalServices: globalServices ? Number(globalServices[1]) : null,
    line: block.line,
    remotes,
  };
}

/** `k8s-c2: ready, 3 nodes, 25 endpoints, 8 identities, 10 services, 0 reconnections (last: never)`. */
const REMOTE_CLUSTER = /^(\S+?):\s+(ready|not-ready),\s*(.*)$/;

/**
 * `name (localhost)  ip  reachable|unreachable|true|false|N/M  …`. Since 1.15 the IP column lists the node's
 * secondary addresses after the primary (`10.0.0.1,fd00::1`), and the verdicts sum over all of them
 * (`unreachable` when any is; 1.17+: `1/2 (1 unknown)` reachable of all; cilium/cilium#33972). A verdict over several
 * addresses that is neither all reachable nor all unreachable does not say how the primary address fares: null.
 */
function tableRow(t: string): { name: string; localhost: boolean; ip: string | null; node: boolean | null; endpoint: boolean | null } | null {
  // Secondary addresses after the comma as printed, redacted ones (`2001:xxx:…`) included.
  const ips = `(?:${IP}|x\\.x\\.x\\.x)(?:,[^\\s,]+)*`;
  const verdictCell = String.raw`(\S+)(?:\s+\((\d+) unknown\))?`;
  const m = new RegExp(`^(\\S+)(\\s+\\(localhost\\))?\\s+(${ips})\\s+${verdictCell}\\s+${verdictCell}\\s*$`).exec(t);
  if (!m) return null;
  const addresses = (m[3] as string).split(',').length;
  const verdict = (word: string): boolean | null => {
    const w = word.toLowerCase();
    if (w === 'reachable' || w === 'true') return true;
    if (w === 'unreachable' || w === 'false') return addresses > 1 ? null : false;
    const frac = /^(\d+)\/(\d+)$/.exec(w);
    if (!frac) return null;
    const [ok, total] = [Number(frac[1]), Number(frac[2])];
    if (total === 0) return null;
    if (ok === total) return true;
    return ok === 0 ? false : null;
  };
  return { name: m[1] as string, localhost: Boolean(m[2]), ip: (m[3] as string).split(',')[0] ?? null, node: verdict(m[4] as string), endpoint: verdict(m[6] as string) };
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
    return { src: { file, line: n }, excerpt: excerptOf(n ? json.lineText(n) : ''), key, value: val, state };
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
        excerpt: excerptOf(n ? json.lineText(n) : ''),
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
  const mesh = asObject(root['cluster-mesh']);
  if (mesh) {
    // ClusterMeshStatus (api/v1/models/cluster_mesh_status.go): `clusters[]` of RemoteCluster, `num-global-services`.
    const clusters = (asArray(mesh.clusters) ?? []).flatMap((c) => (asObject(c) ? [asObject(c) as Record<string, unknown>] : []));
    const ready = clusters.filter((c) => c.ready === true).length;
    const line = lineOf(mesh, 'ClusterMesh', `${ready}/${clusters.length} remote clusters ready, ${asNumber(mesh['num-global-services']) ?? 0} global-services`, null, 'clusters');
    s.lines.push(line);
    const flags = (o: unknown, keys: readonly string[]) => {
      const obj = asObject(o);
      return obj ? keys.filter((k) => obj[k] !== undefined).map((k) => `${k}=${String(obj[k])}`).join(', ') : null;
    };
    s.clusterMesh = {
      ready,
      total: clusters.length,
      globalServices: asNumber(mesh['num-global-services']) ?? 0,
      line,
      remotes: clusters.map((c) => {
        const n = json.lineOfKey(c, 'name') ?? line.src.line;
        return {
          src: { file, line: n },
          excerpt: excerptOf(n ? json.lineText(n) : ''),
          name: asString(c.name) ?? '',
          ready: c.ready === true,
          nodes: asNumber(c['num-nodes']) ?? 0,
          endpoints: asNumber(c['num-endpoints']) ?? 0,
          identities: asNumber(c['num-identities']) ?? 0,
          services: asNumber(c['num-shared-services']) ?? 0,
          failures: asNumber(c['num-failures']) ?? 0,
          lastFailure: asString(c['last-failure']),
          status: asString(c.status),
          config: flags(c.config, ['required', 'retrieved', 'cluster-id', 'kvstoremesh', 'sync-canaries', 'service-exports-enabled']),
          synced: flags(c.synced, ['nodes', 'endpoints', 'identities', 'services', 'service-exports']),
        };
      }),
    };
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
