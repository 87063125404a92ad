import type { AgentStatus } from '../../model/agent-status.js';
import type { Agent, Bundle, BundleFormat, Gap, K8s } from '../../model/bundle.js';
import { type Diagnostic, type Sourced, excerptOf } from '../../model/common.js';

import type { HealthSource } from '../../model/health.js';
import type { Pod } from '../../model/k8s.js';
import type { Drop, LogSummary, SysdumpLog } from '../../model/misc.js';
import type { NodeList } from '../../model/node-list.js';
import type { ServiceList } from '../../model/service.js';
import { splitClusterName } from '../../parsers/util/text.js';
import { lookAlikes } from '../render/sanitise.js';
import { capDiagnostics } from '../unpack/diagnostics.js';
import { buildHealthMatrix, type HealthRows, matrixTooLarge, type ObserverInput } from './health-matrix.js';
import type { CniConf } from '../../model/host.js';
import { assembleHost, groupCniConfs } from './host.js';
import type { ParserId, ParserOutputs } from './outputs.js';
import { bestFirst, type Parsed, type Reading } from './read.js';

/** What the unpack stage's index tells the assembly. */
export interface IndexFacts {
  name: string;
  format: BundleFormat;
  root: string | null;
  timestamp: string | null;
  collectedAt: string | null;
  ciliumCliVersion: string | null;
  sysdumpLog: SysdumpLog | null;
  files: readonly { path: string; size: number }[];
  agents: readonly { pod: string; folder: string; archive: boolean }[];
}

const TS = String.raw`\d{8}-\d{6}`;

/** Builds the one typed model from the parsed files and the bundle index. */
export function assemble(reading: Reading, index: IndexFacts, scanDiagnostics: readonly Diagnostic[]): Bundle {
  const diagnostics: Diagnostic[] = [...scanDiagnostics, ...reading.diagnostics.list()];
  const rootFiles = reading.parsed.filter((p) => p.place.scope === 'root');
  const inRoot = rootFiles.filter((p) => {
    if (p.place.scope !== 'root' || index.root === null || p.place.dir === index.root) return true;
    diagnostics.push({ file: p.file, line: null, level: 'warning', message: `Outside the sysdump root "${index.root}": ignored` });
    return false;
  });

  const k8s: K8s = {
    version: best(inRoot, 'k8s-version'),
    nodes: best(inRoot, 'k8s-nodes') ?? best(inRoot, 'kubectl-get-nodes'),
    pods: best(inRoot, 'k8s-pods'),
    ciliumNodes: best(inRoot, 'ciliumnodes') ?? best(inRoot, 'kubectl-get-cn'),
    ciliumEndpoints: best(inRoot, 'ciliumendpoints'),
    ciliumIdentities: best(inRoot, 'ciliumidentities'),
    services: best(inRoot, 'k8s-services'),
    endpointSlices: best(inRoot, 'k8s-endpointslices'),
    ciliumConfig: best(inRoot, 'cilium-configmap'),
    events: best(inRoot, 'k8s-events'),
    podRows: best(inRoot, 'k8s-pods-table'),
    nodeUsage: best(inRoot, 'k8s-node-usage'),
  };
  const sysdumpLog = index.sysdumpLog ?? best(inRoot, 'cilium-sysdump-log');

  const knownPods = [...new Set([...index.agents.map((a) => a.pod), ...(k8s.pods ?? []).map((p) => p.name)])].sort((a, b) => b.length - a.length);
  const podFiles = groupRootFilesByPod(inRoot, knownPods, k8s.pods ?? []);
  const cniConfs = groupCniConfs(inRoot, knownPods);
  for (const file of cniConfs.unmatched) {
    diagnostics.push({ file, line: null, level: 'warning', message: 'CNI configuration file of an unknown pod: no pod name of the bundle matches its file name' });
  }
  const agents = assembleAgents(reading, index, k8s, podFiles, cniConfs.byPod, diagnostics);
  for (const d of lookAlikeDiagnostics(agents.map((a) => a.agent), k8s)) diagnostics.push(d);
  const observers = agents.flatMap((a) => (a.observer ? [a.observer] : []));
  const destinations = (k8s.nodes ?? []).map((n) => n.name);
  const tooLarge = observers.length > 0 ? matrixTooLarge(observers, destinations) : null;
  if (tooLarge) diagnostics.push({ file: index.name, line: null, level: 'error', message: tooLarge });
  const health =
    observers.length > 0 && !tooLarge
      ? buildHealthMatrix(observers, destinations)
      : null;

  const bundle: Bundle = {
    info: {
      name: index.name,
      format: index.format,
      root: index.root,
      timestamp: index.timestamp,
      collectedAt: index.collectedAt,
      ciliumCliVersion: index.ciliumCliVersion ?? sysdumpLog?.cliVersion ?? null,
      files: index.files.length,
      bytes: reading.bytes,
    },
    sysdumpLog,
    k8s,
    agents: agents.map((a) => a.agent),
    podLogs: podLogsOf(podFiles, new Set(agents.map((a) => a.agent.pod))),
    health,
    gaps: collectGaps(reading, sysdumpLog, agents.map((a) => a.agent), index),
    ledger: reading.ledger.sort((a, b) => a.path.localeCompare(b.path)),
    diagnostics: capDiagnostics(dedupeDiagnostics(diagnostics)),
  };
  return bundle;
}

/** The best parse of a parser id among some files: highest preference, then readable data, then path order. */
function best<K extends ParserId>(files: readonly Parsed[], id: K): ParserOutputs[K] | null {
  return bestParsed(files, id)?.result.data as ParserOutputs[K] | null ?? null;
}

function bestParsed(files: readonly Parsed[], id: ParserId): Parsed | null {
  const candidates = files.filter((p) => p.parser.id === id && p.result.data !== null).sort(bestFirst);
  return candidates[0] ?? null;
}

interface AssembledAgent {
  agent: Agent;
  observer: ObserverInput | null;
}

function assembleAgents(
  reading: Reading,
  index: IndexFacts,
  k8s: K8s,
  podFiles: ReadonlyMap<string, Parsed[]>,
  cniConfsByPod: ReadonlyMap<string, CniConf[]>,
  diagnostics: Diagnostic[],
): AssembledAgent[] {
  const pods = new Map<string, Pod>();
  for (const pod of k8s.pods ?? []) if (pod.role === 'agent') pods.set(pod.name, pod);
  const folders = new Map<string, { folder: string; archive: boolean }>();
  for (const a of index.agents) if (!folders.has(a.pod)) folders.set(a.pod, { folder: a.folder, archive: a.archive });

  const byPod = new Map<string, Parsed[]>();
  for (const p of reading.parsed) {
    if (p.place.scope !== 'agent') continue;
    const list = byPod.get(p.place.pod) ?? [];
    list.push(p);
    byPod.set(p.place.pod, list);
  }

  const allPods = [...new Set([...pods.keys(), ...folders.keys(), ...byPod.keys()])].sort();
  resplitClusterNames(k8s, pods, byPod);
  const k8sNodeNames = new Set((k8s.nodes ?? []).map((n) => n.name));

  return allPods.map((podName) => {
    const files = byPod.get(podName) ?? [];
    const pod = pods.get(podName) ?? null;
    const debuginfo = best(files, 'cilium-debuginfo');
    const textStatus = best(files, 'cilium-status') ?? best(files, 'cilium-health-get')?.status ?? null;
    const status = mergeStatus(debuginfo?.status ?? null, textStatus);
    const nodeList = best(files, 'cilium-node-list') ?? debuginfo?.nodeList ?? null;
    const healthParsed = bestParsed(files, 'cilium-health-status');
    const healthRows = healthParsed?.health?.report ?? null;
    const statusParsed = [bestParsed(files, 'cilium-debuginfo'), bestParsed(files, 'cilium-status'), bestParsed(files, 'cilium-health-get')];
    const detailed = statusParsed.find((p) => p?.health?.detailed);
    const table = statusParsed.find((p) => p?.health?.table);
    const statusRows = detailed ? { source: 'status-detailed' as const, file: detailed.file, rows: detailed.health?.detailed as HealthRows } : table ? { source: 'status-table' as const, file: table.file, rows: table.health?.table as HealthRows } : null;
    const hostname = best(files, 'hostname');
    const ciliumVersion = debuginfo?.version ?? best(files, 'cilium-version');

    const nodeFrom = resolveNode(pod, nodeList, healthRows, statusRows?.rows ?? null, hostname, k8sNodeNames);
    const own = podFiles.get(podName) ?? [];
    const drops = collectDrops(files, own);
    const logs = own.filter((p) => p.parser.id === 'agent-logs' && p.result.data !== null).map((p) => p.result.data as LogSummary);
    const version = versionOf(ciliumVersion, status, pod);
    const folder = folders.get(podName)?.folder ?? null;

    if (!nodeFrom && (folder || files.length > 0)) {
      diagnostics.push({
        file: folder ?? files[0]?.file ?? '',
        line: null,
        level: 'warning',
        message: `Unknown node for agent pod "${podName}": no pods list entry, and its own outputs do not name its node`,
      });
    }

    const agent: Agent = {
      pod: podName,
      namespace: pod?.namespace ?? null,
      node: nodeFrom?.node ?? null,
      nodeFrom: nodeFrom?.from ?? null,
      folder,
      version: version?.version ?? null,
      versionSrc: version?.src ?? null,
      status,
      nodeList,
      endpoints: preferJson(bestParsed(files, 'cilium-endpoint-list'), debuginfo?.endpoints ?? null),
      services: bestServices(files, debuginfo?.services ?? null),
      ipList: ipListOf(files),
      lrps: listWithFile(files, 'cilium-lrp-list'),
      ciliumVersion,
      drops,
      logs,
      hostname: hostname?.name ?? null,
      health: null,
      host: assembleHost(files, debuginfo, cniConfsByPod.get(podName) ?? []),
    };

    let observer: ObserverInput | null = null;
    if (agent.node) {
      observer = observerOf(agent.node, podName, healthParsed, statusRows);
      if (observer) agent.health = { source: observer.source, file: observer.file };
    }
    return { agent, observer };
  });
}

/**
 * Node names whose `<cluster>/` prefix the parsers could not tell from the characters alone are split again with
 * the prefixes the bundle tells: the cluster name in cilium-config, and each agent's own line (`<prefix>/<node>
 * (localhost)` of an agent whose pod runs on `<node>`). A name the parser split has no `/` left and is unchanged.
 */
function resplitClusterNames(k8s: K8s, pods: ReadonlyMap<string, Pod>, byPod: ReadonlyMap<string, Parsed[]>): void {
  const known = new Set<string>();
  const configured = k8s.ciliumConfig?.data['cluster-name'];
  if (configured && configured !== 'default') known.add(configured);
  const rowsOf = (files: readonly Parsed[]) =>
    files.flatMap((p) => [p.health?.report, p.health?.detailed, p.health?.table].filter((r): r is HealthRows => Boolean(r)));
  for (const [pod, files] of byPod) {
    const node = pods.get(pod)?.nodeName;
    if (!node) continue;
    const own = [...rowsOf(files).map((r) => r.localName), ...files.map((p) => (p.parser.id === 'cilium-node-list' ? (p.result.data as NodeList | null)?.self : null))];
    for (const name of own) if (name?.endsWith(`/${node}`) && name.length > node.length + 1) known.add(name.slice(0, -node.length - 1));
  }
  if (known.size === 0) return;
  const prefixes = [...known].sort((a, b) => b.length - a.length);
  for (const files of byPod.values()) {
    for (const rows of rowsOf(files)) {
      rows.names.forEach((name, r) => {
        if (name.includes('/')) rows.names[r] = splitClusterName(name, prefixes).name;
      });
      if (rows.localName?.includes('/')) rows.localName = splitClusterName(rows.localName, prefixes).name;
    }
    for (const p of files) {
      const lists = [p.parser.id === 'cilium-node-list' ? (p.result.data as NodeList | null) : null, p.parser.id === 'cilium-debuginfo' ? (p.result.data as { nodeList: NodeList | null } | null)?.nodeList : null];
      for (const list of lists) {
        for (const e of list?.entries ?? []) {
          if (!e.name.includes('/')) continue;
          const split = splitClusterName(e.name, prefixes);
          e.name = split.name;
          e.cluster = split.cluster;
        }
      }
    }
  }
}

/**
 * JSON (debuginfo) is the better source, but the verbose text prints what the JSON summary lacks (the per-node
 * cluster health list, the allocated addresses of old versions): take each field from JSON, else from text.
 */
function mergeStatus(json: AgentStatus | null, text: AgentStatus | null): AgentStatus | null {
  if (!json) return text;
  if (!text) return json;
  const merged = { ...json } as Record<string, unknown>;
  for (const [key, value] of Object.entries(text)) {
    if (merged[key] === null || merged[key] === undefined) merged[key] = value;
  }
  if (json.clusterHealth && text.clusterHealth) {
    // The JSON summary has only the health daemon's state; the counts are in the text. (The per-node rows of
    // either were moved into compact health rows while reading.)
    merged.clusterHealth = {
      ...json.clusterHealth,
      reachable: json.clusterHealth.reachable ?? text.clusterHealth.reachable,
      total: json.clusterHealth.total ?? text.clusterHealth.total,
      time: json.clusterHealth.time ?? text.clusterHealth.time,
    };
  }
  return merged as AgentStatus;
}

type NodeFrom = { node: string; from: NonNullable<Agent['nodeFrom']> };

function resolveNode(
  pod: Pod | null,
  nodeList: NodeList | null,
  health: HealthRows | null,
  statusHealth: HealthRows | null,
  hostname: { name: string } | null,
  k8sNodes: ReadonlySet<string>,
): NodeFrom | null {
  if (pod?.nodeName) return { node: pod.nodeName, from: 'pods' };
  if (nodeList?.self) return { node: splitClusterName(nodeList.self).name, from: 'node-list' };
  if (health?.localName) return { node: splitClusterName(health.localName).name, from: 'health' };
  if (statusHealth?.localName) return { node: statusHealth.localName, from: 'status' };
  // A hostname is only trusted when it is a known node name: cloud hostnames are often FQDNs the node is not named after.
  if (hostname && (k8sNodes.size === 0 || k8sNodes.has(hostname.name))) return { node: hostname.name, from: 'hostname' };
  return null;
}

function versionOf(
  version: { daemon: string | null; client: string | null } & Sourced | null,
  status: AgentStatus | null,
  pod: Pod | null,
): { version: string; src: Sourced } | null {
  const fromText = (text: string | null) => (text ? (/\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?/.exec(text)?.[0] ?? null) : null);
  const daemon = fromText(version?.daemon ?? null);
  if (version && daemon) return { version: daemon, src: { src: version.src, excerpt: version.excerpt } };
  if (status?.cilium?.version) return { version: status.cilium.version, src: { src: status.cilium.line.src, excerpt: status.cilium.line.excerpt } };
  const image = pod?.image ? /:v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)(?:@|$)/.exec(pod.image)?.[1] : undefined;
  if (pod && image) return { version: image, src: { src: pod.src, excerpt: pod.excerpt } };
  return null;
}

function bestServices(files: readonly Parsed[], fromDebuginfo: ServiceList | null): ServiceList | null {
  return preferJson(bestParsed(files, 'cilium-service-list'), fromDebuginfo);
}

/** A list command's JSON output, else the same list from debuginfo (also JSON), else the text output. */
function preferJson<T extends { format: 'text' | 'json' }>(parsed: Parsed | null, fromDebuginfo: T | null): T | null {
  const list = (parsed?.result.data as T | null) ?? null;
  if (list && list.format === 'json') return list;
  return fromDebuginfo ?? list;
}

function ipListOf(files: readonly Parsed[]): Agent['ipList'] {
  const parsed = bestParsed(files, 'cilium-ip-list');
  return parsed ? { file: parsed.file, ...(parsed.result.data as ParserOutputs['cilium-ip-list']) } : null;
}

function listWithFile<K extends 'cilium-lrp-list'>(files: readonly Parsed[], id: K): { file: string; items: ParserOutputs[K] } | null {
  const parsed = bestParsed(files, id);
  return parsed ? { file: parsed.file, items: parsed.result.data as ParserOutputs[K] } : null;
}

/** Drop records from every source the agent has; null when it has none of them. */
function collectDrops(agentFiles: readonly Parsed[], own: readonly Parsed[]): Drop[] | null {
  const sources = [...agentFiles, ...own].filter(
    (p) => ['cilium-monitor', 'cilium-metrics-list', 'cilium-bpf-metrics-list', 'hubble-flows'].includes(p.parser.id) && p.result.data !== null,
  );
  if (sources.length === 0) return null;
  // `cilium metrics list` also carries map pressure (host facts); its drops are one field of it.
  return sources.flatMap((p) => (p.parser.id === 'cilium-metrics-list' ? (p.result.data as { drops: Drop[] }).drops : (p.result.data as Drop[])));
}

/**
 * Root files named after a pod (`logs-<pod>-<container>-<ts>.log`, `hubble-flows-<pod>-<ts>.json`). Pod names
 * contain `-`, so the name is matched against the known pods, longest first (sysdump-format.md §4). A log of a pod
 * the bundle does not otherwise know keeps the pod name its file gives once the container name is taken off.
 */
function groupRootFilesByPod(files: readonly Parsed[], podsLongestFirst: readonly string[], pods: readonly Pod[]): Map<string, Parsed[]> {
  const out = new Map<string, Parsed[]>();
  const roles = new Map(pods.map((p) => [p.name, p.role]));
  for (const p of files) {
    if (p.place.scope !== 'root') continue;
    const name = p.place.name;
    const prefix = name.startsWith('logs-') ? 'logs-' : name.startsWith('hubble-flows-') ? 'hubble-flows-' : null;
    if (!prefix) continue;
    let pod = podsLongestFirst.find((candidate) => name.startsWith(`${prefix}${candidate}-`));
    if (prefix === 'logs-' && p.result.data) {
      const summary = p.result.data as LogSummary;
      if (!pod && summary.container) {
        const m = new RegExp(`^logs-(.+)-${summary.container.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-${TS}(-prev)?\\.log$`).exec(name);
        pod = m?.[1];
      }
      if (!pod) continue;
      const rest = name.slice(prefix.length + pod.length + 1);
      const container = new RegExp(`^(.+)-${TS}(-prev)?\\.log$`).exec(rest);
      if (container?.[1]) summary.container = container[1];
      summary.previous = Boolean(container?.[2]);
      summary.pod = pod;
      summary.component = componentFor(roles.get(pod) ?? null, summary.container, summary.component);
    }
    if (!pod) continue;
    const list = out.get(pod) ?? [];
    list.push(p);
    out.set(pod, list);
  }
  return out;
}

/**
 * The knowledge-base component of a container, from its pod's role where the pods list names it (an agent's other
 * containers are its init containers), else as the log parser read it from the container name.
 */
function componentFor(role: Pod['role'] | null, container: string, parsed: string | null): string | null {
  switch (role) {
    case 'agent':
      return container === 'cilium-agent' ? 'cilium-agent' : 'init';
    case 'operator':
      return 'cilium-operator';
    case 'hubble-relay':
      return 'hubble-relay';
    case 'clustermesh-apiserver':
      return 'clustermesh-apiserver';
    case 'envoy':
      return 'cilium-envoy';
    default:
      return parsed;
  }
}

/** Logs of pods that are not agents, ordered by pod, container and file. */
function podLogsOf(podFiles: ReadonlyMap<string, Parsed[]>, agentPods: ReadonlySet<string>): LogSummary[] {
  const out: LogSummary[] = [];
  for (const [pod, files] of podFiles) {
    if (agentPods.has(pod)) continue;
    for (const p of files) if (p.parser.id === 'agent-logs' && p.result.data !== null) out.push(p.result.data as LogSummary);
  }
  return out.sort((a, b) => (a.pod ?? '').localeCompare(b.pod ?? '') || a.container.localeCompare(b.container) || a.file.localeCompare(b.file));
}

function observerOf(
  node: string,
  pod: string,
  healthParsed: Parsed | null,
  statusRows: { source: 'status-detailed' | 'status-table'; file: string; rows: HealthRows } | null,
): ObserverInput | null {
  const rows = healthParsed?.health?.report;
  if (healthParsed && rows && rows.names.length > 0) {
    const source: HealthSource = healthParsed.parser.format === 'json' ? 'health-json' : 'health-text';
    return { node, pod, source, file: healthParsed.file, probeTime: rows.probeTime, rows };
  }
  // The rows come from the verbose text even when the summary line came from debuginfo JSON.
  if (statusRows) return { node, pod, source: statusRows.source, file: statusRows.file, probeTime: statusRows.rows.probeTime, rows: statusRows.rows };
  return null;
}

/** Cilium releases whose bugtool runs no cilium-health command (cilium/cilium#35068; fixed in 1.15.10 and 1.16.3). */
export function lacksHealthOutput(version: string | null): boolean {
  const m = version ? /^(\d+)\.(\d+)\.(\d+)/.exec(version) : null;
  if (!m) return false;
  const [minor, patch] = [Number(m[2]), Number(m[3])];
  return Number(m[1]) === 1 && ((minor === 15 && patch < 10) || (minor === 16 && patch < 3));
}

function collectGaps(reading: Reading, sysdumpLog: SysdumpLog | null, agents: readonly Agent[], index: IndexFacts): Gap[] {
  const gaps: Gap[] = [];
  for (const t of sysdumpLog?.failedTasks ?? []) {
    gaps.push({ kind: 'failed-task', file: t.src.file, line: t.src.line, excerpt: t.excerpt, pod: podIn(t.task, agents), message: `${t.task}: ${t.error}` });
  }
  for (const e of reading.emptyOutputs) {
    gaps.push({ kind: 'empty-output', file: e.file, line: null, excerpt: '', pod: e.pod, message: `Empty output (${e.parser})` });
  }
  for (const e of reading.errorOutputs) {
    gaps.push({ kind: 'command-error', file: e.file, line: e.line, excerpt: e.excerpt, pod: e.pod, message: e.only ? 'Output holds only a command error' : 'Output ends in a command error' });
  }
  for (const a of agents) {
    if (!a.folder) {
      gaps.push({ kind: 'agent-without-output', file: null, line: null, excerpt: '', pod: a.pod, message: `No bugtool output for agent pod "${a.pod}"` });
    } else if (a.health?.source !== 'health-json' && a.health?.source !== 'health-text' && lacksHealthOutput(a.version)) {
      gaps.push({
        kind: 'missing-output',
        file: a.health?.file ?? a.status?.src.file ?? a.folder,
        line: null,
        excerpt: '',
        pod: a.pod,
        message: `No cilium-health output: Cilium ${a.version} bugtool does not collect it (fixed in 1.15.10 and 1.16.3)`,
      });
    }
  }
  for (const a of index.agents) {
    if (a.archive && !reading.ledger.some((l) => l.pod === a.pod && l.status !== 'unclaimed' && l.status !== 'skipped')) {
      gaps.push({ kind: 'unreadable-archive', file: a.folder, line: null, excerpt: '', pod: a.pod, message: `Bugtool archive of "${a.pod}" left unextracted and unreadable` });
    }
  }
  return gaps.map((g) => ({ ...g, excerpt: excerptOf(g.excerpt) }));
}

function podIn(task: string, agents: readonly Agent[]): string | null {
  return agents.map((a) => a.pod).sort((a, b) => b.length - a.length).find((p) => task.includes(p)) ?? null;
}

/**
 * Agent pods and nodes whose names differ only in invisible or look-alike characters (`cilium-abc12` and
 * `cilium-abc12` + U+200B): read as different pods or nodes, as they are, but said, since a reader cannot tell
 * them apart. The renderers show the invisible characters as escapes.
 */
function lookAlikeDiagnostics(agents: readonly Agent[], k8s: K8s): Diagnostic[] {
  const out: Diagnostic[] = [];
  const list = (names: readonly string[]) => names.slice(0, 8).map((n) => `"${n}"`).join(', ') + (names.length > 8 ? ` and ${names.length - 8} more` : '');
  const folderOf = new Map<string, string>();
  for (const a of agents) if (a.folder && !folderOf.has(a.pod)) folderOf.set(a.pod, a.folder);
  for (const group of lookAlikes(agents.map((a) => a.pod))) {
    out.push({ file: folderOf.get(group[1] as string) ?? folderOf.get(group[0] as string) ?? '', line: null, level: 'warning', message: `Agent pod names that look alike: ${list(group)} differ only in invisible or look-alike characters; they are read as different pods` });
  }
  const fileOf = new Map<string, { file: string; line: number | null }>();
  for (const list of [k8s.nodes ?? [], k8s.ciliumNodes ?? []]) for (const n of list) if (!fileOf.has(n.name)) fileOf.set(n.name, n.src);
  const nodes = Array.from(fileOf.keys());
  for (const a of agents) if (a.node && !fileOf.has(a.node)) nodes.push(a.node);
  for (const group of lookAlikes(nodes)) {
    const at = fileOf.get(group[1] as string) ?? fileOf.get(group[0] as string) ?? { file: '', line: null };
    out.push({ file: at.file, line: at.line, level: 'warning', message: `Node names that look alike: ${list(group)} differ only in invisible or look-alike characters; they are read as different nodes` });
  }
  return out;
}

function dedupeDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

