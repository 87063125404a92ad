import type { CheckDefinition, MessageFn } from '../../checks/define.js';
import { kernelOf, nativeDevices } from '../../checks/util-host.js';
import type { AgentStatus } from '../../model/agent-status.js';
import type { Agent, Bundle } from '../../model/bundle.js';
import type { NodeListEntry } from '../../model/node-list.js';
import {
  REPORT_SCHEMA_VERSION,
  type AgentState,
  type AgentStatusFacts,
  type CatalogEntry,
  type NodeListRowJson,
  type Report,
  type ReportDetails,
  type ReportNode,
} from '../../model/report.js';
import type { LogSignature, LogSummary } from '../../model/misc.js';
import { splitClusterName } from '../../parsers/util/text.js';
import { collectionClock } from './clock.js';
import type { CorrelateResult } from './runner.js';
import { buildTimeline } from './timeline.js';

export interface ReportMeta {
  generatorVersion: string;
  thresholds?: Readonly<Record<string, number>>;
}

const TS = /\d{8}-\d{6}/g;

/** The correlate stage's output: everything the renderers need, and nothing of the bundle they would have to reread. */
export function buildReport(
  bundle: Bundle,
  result: CorrelateResult,
  checks: readonly CheckDefinition<Record<string, MessageFn>, string>[],
  meta: ReportMeta,
): Report {
  const nodeListRows = new NodeListRows();
  const nodes = reportNodes(bundle, nodeListRows);
  const facts = details(bundle);
  const problems = result.findings.filter((f) => f.severity !== 'info').length;
  const agentsWithData = bundle.agents.filter((a) => a.folder || a.status);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    status: problems > 0 ? 'problems' : 'ok',
    problems,
    generator: { name: 'cilium-report', version: meta.generatorVersion },
    bundle: {
      name: bundle.info.name,
      format: bundle.info.format,
      collectedAt: bundle.info.collectedAt,
      ciliumCliVersion: bundle.info.ciliumCliVersion,
      files: bundle.info.files,
    },
    cluster: {
      kubernetesVersion: bundle.k8s.version?.gitVersion ?? bundle.agents.find((a) => a.status?.kubernetes?.version)?.status?.kubernetes?.version ?? null,
      ciliumVersions: [...new Set(bundle.agents.flatMap((a) => (a.version ? [a.version] : [])))].sort(compareVersions),
      nodes: nodes.length,
      agents: agentsWithData.length,
      name: facts.clusterName,
      ipamMode: facts.ipamMode,
      routingModes: facts.routingModes,
      kubeProxyReplacement: facts.kubeProxyReplacement,
    },
    nodes,
    nodeListRows: nodeListRows.rows,
    health: {
      sources: (bundle.health?.observers ?? []).map((o) => ({ node: o.node, pod: o.pod, file: o.file, source: o.source })),
      matrix: bundle.health,
    },
    findings: result.findings,
    notEvaluated: result.notEvaluated,
    diagnostics: [...bundle.diagnostics, ...result.diagnostics],
    checks: result.checks,
    timeline: buildTimeline(bundle, result.findings, collectionClock(bundle)),
    catalog: checks.map((c) => catalogEntry(c, meta.thresholds)),
    details: facts,
  };
}

function catalogEntry(c: CheckDefinition<Record<string, MessageFn>, string>, overrides: Readonly<Record<string, number>> | undefined): CatalogEntry {
  return {
    id: c.id,
    slug: c.slug,
    title: c.title,
    defaultSeverity: c.defaultSeverity,
    docs: c.docs,
    thresholds: Object.entries(c.thresholds ?? {}).map(([name, def]) => ({
      name,
      value: overrides?.[`${c.slug}.${name}`] ?? def.default,
      description: def.description,
    })),
  };
}

/** The distinct node-list rows of all agents, each listed once; agents refer to them by index. */
class NodeListRows {
  readonly rows: NodeListRowJson[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly byEntry = new Map<NodeListEntry, number>();

  indexOf(e: NodeListEntry): number {
    // Agents that agree share their row objects (normalise interns them): most lookups end here.
    const seen = this.byEntry.get(e);
    if (seen !== undefined) return seen;
    const row: NodeListRowJson = { name: e.name, cluster: e.cluster, ipv4: e.ipv4, ipv6: e.ipv6, cidrs: [...e.cidrs], healthIp: e.healthIp, source: e.source };
    const key = JSON.stringify(row);
    let at = this.byKey.get(key);
    if (at === undefined) {
      at = this.rows.length;
      this.rows.push(row);
      this.byKey.set(key, at);
    }
    this.byEntry.set(e, at);
    return at;
  }
}

/** One row per node known to any source: Kubernetes, CiliumNodes, or an agent. */
function reportNodes(bundle: Bundle, nodeListRows: NodeListRows): ReportNode[] {
  const names = new Set<string>();
  for (const n of bundle.k8s.nodes ?? []) names.add(n.name);
  for (const n of bundle.k8s.ciliumNodes ?? []) names.add(n.name);
  for (const a of bundle.agents) if (a.node) names.add(a.node);
  const k8sNodes = new Map((bundle.k8s.nodes ?? []).map((n) => [n.name, n]));
  const ciliumNodes = new Map((bundle.k8s.ciliumNodes ?? []).map((n) => [n.name, n]));
  const agents = new Map<string, Agent>();
  for (const a of bundle.agents) if (a.node && !agents.has(a.node)) agents.set(a.node, a);

  return [...names].sort().map((name) => {
    const k = k8sNodes.get(name);
    const cn = ciliumNodes.get(name);
    const agent = agents.get(name);
    return {
      name,
      internalIP: k?.internalIP ?? cn?.internalIPs[0] ?? null,
      ready: k?.ready ?? null,
      podCIDRs: {
        kubernetes: k?.podCIDRs ?? [],
        ciliumNode: cn?.podCIDRs ?? [],
        agent: agent ? agentCidrs(agent) : [],
      },
      agent: agent ? agentBlock(agent, bundle, nodeListRows) : null,
      host: agent ? hostBlock(agent, k?.internalIP ?? cn?.internalIPs[0] ?? null) : null,
    };
  });
}

/** Kernel, native devices and MTU of a node, from its agent's bugtool outputs. */
function hostBlock(agent: Agent, nodeIP: string | null): NonNullable<ReportNode['host']> | null {
  const kernel = kernelOf(agent)?.release ?? null;
  const devices = nativeDevices(agent, nodeIP).map((l) => ({ name: l.name, mtu: l.mtu, state: l.state }));
  if (!kernel && devices.length === 0) return null;
  return { kernel, devices, mtu: devices[0]?.mtu ?? null };
}

/** The pod CIDRs an agent says are its own: its row in its own node list, else its status IPAM line. */
export function agentCidrs(agent: Agent): string[] {
  const self = agent.nodeList?.entries.find((e) => e.name === agent.node);
  if (self && self.cidrs.length > 0) return [...self.cidrs];
  const ipam = agent.status?.ipam;
  return [ipam?.ipv4?.cidr, ipam?.ipv6?.cidr].filter((c): c is string => Boolean(c));
}

function agentBlock(agent: Agent, bundle: Bundle, nodeListRows: NodeListRows): NonNullable<ReportNode['agent']> {
  const status = agent.status;
  const ipv4 = status?.ipam?.ipv4;
  const ch = status?.clusterHealth;
  return {
    pod: agent.pod,
    version: agent.version,
    state: agentState(status),
    kubeProxyReplacement: status?.kubeProxyReplacement?.mode ?? null,
    ipam: ipv4 && ipv4.total !== null ? { used: ipv4.used, total: ipv4.total } : null,
    controllers: status?.controllers ? { healthy: status.controllers.healthy, total: status.controllers.total } : null,
    clusterHealth: ch && ch.reachable !== null && ch.total !== null ? { reachable: ch.reachable, total: ch.total } : null,
    endpoints: agent.endpoints ? agent.endpoints.items.length : null,
    knownNodes: agent.nodeList ? agent.nodeList.entries.map((e) => splitClusterName(e.name).name) : null,
    status: status ? statusFacts(status, bundle.k8s.ciliumConfig?.data.ipam ?? null) : null,
    nodeList: agent.nodeList ? agent.nodeList.entries.map((e) => nodeListRows.indexOf(e)) : null,
    endpointsNotReady: agent.endpoints ? agent.endpoints.items.filter((e) => e.state !== null && e.state !== 'ready').length : null,
    services: agent.services ? { frontends: agent.services.services.length, withoutBackends: agent.services.services.filter((x) => x.backends.length === 0).length } : null,
    drops: agent.drops ? dropSummary(agent.drops) : null,
    lrps: agent.lrps
      ? agent.lrps.items.map((l) => ({ namespace: l.namespace, name: l.name, frontendType: l.frontendType, matchingService: l.matchingService, mappings: l.mappings.map((m) => ({ ...m })) }))
      : null,
    ipListEntries: agent.ipList ? agent.ipList.entries : null,
  };
}

/** How many drop reasons each agent's block lists, most frequent first. */
const TOP_DROP_REASONS = 5;

function dropSummary(drops: NonNullable<Agent['drops']>): NonNullable<NonNullable<ReportNode['agent']>['drops']> {
  const byReason = new Map<string, number>();
  let total = 0;
  for (const d of drops) {
    byReason.set(d.reason, (byReason.get(d.reason) ?? 0) + d.count);
    total += d.count;
  }
  const reasons = [...byReason].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
  return { total, reasons: reasons.slice(0, TOP_DROP_REASONS) };
}

/** The facts of an agent's status, as printed. */
function statusFacts(status: AgentStatus, ipamMode: string | null): AgentStatusFacts {
  const pool = (p: { used: number; total: number | null; cidr: string | null } | null | undefined) => (p ? { used: p.used, total: p.total, cidr: p.cidr } : null);
  const mesh = status.clusterMesh;
  return {
    kvstore: status.kvstore?.value ?? null,
    encryption: status.encryption?.mode ?? null,
    routing: status.routing?.network ?? null,
    tunnelProtocol: status.routing?.tunnelProtocol ?? null,
    hostRouting: status.hostRouting?.mode ?? null,
    masquerading: status.masquerading?.mode ?? null,
    ipamMode,
    ipamPools: status.ipam ? { ipv4: pool(status.ipam.ipv4), ipv6: pool(status.ipam.ipv6) } : null,
    kubeProxyReplacementDevices: status.kubeProxyReplacement ? status.kubeProxyReplacement.devices.map((d) => ({ name: d.name, ips: [...d.ips], directRouting: d.directRouting })) : null,
    clusterMesh: mesh
      ? {
          ready: mesh.ready,
          total: mesh.total,
          globalServices: mesh.globalServices,
          remotes: mesh.remotes.map((r) => ({ name: r.name, ready: r.ready, failures: r.failures, lastFailure: r.lastFailure, status: r.status })),
        }
      : null,
  };
}

/** The worst state among the status lines that carry one: failure over warning over ok. */
export function agentState(status: AgentStatus | null): AgentState {
  if (!status) return 'unknown';
  const states = status.lines.map((l) => l.state);
  if (states.includes('failure')) return 'failure';
  if (states.includes('warning')) return 'warning';
  if (states.includes('ok')) return 'ok';
  return 'unknown';
}

function details(bundle: Bundle): ReportDetails {
  const nodeOf = (a: Agent) => a.node ?? a.pod;
  const drops = new Map<string, { node: string; reason: string; count: number }>();
  for (const a of bundle.agents) {
    for (const d of a.drops ?? []) {
      const key = `${nodeOf(a)}\0${d.reason}`;
      const entry = drops.get(key) ?? { node: nodeOf(a), reason: d.reason, count: 0 };
      entry.count += d.count;
      drops.set(key, entry);
    }
  }
  const counts: Record<string, number> = {};
  const unclaimed = new Map<string, number>();
  for (const l of bundle.ledger) {
    counts[l.status] = (counts[l.status] ?? 0) + 1;
    if (l.status === 'unclaimed') {
      const pattern = filePattern(l.path, l.pod);
      unclaimed.set(pattern, (unclaimed.get(pattern) ?? 0) + 1);
    }
  }
  return {
    clusterName: bundle.k8s.ciliumConfig?.data['cluster-name'] ?? null,
    ipamMode: bundle.k8s.ciliumConfig?.data.ipam ?? null,
    kubeProxyReplacement: distinct(bundle.agents.map((a) => a.status?.kubeProxyReplacement?.mode)),
    routingModes: routingModes(bundle),
    endpoints: bundle.agents
      .filter((a) => a.endpoints)
      .map((a) => ({
        node: nodeOf(a),
        pod: a.pod,
        total: a.endpoints?.items.length ?? 0,
        notReady: a.endpoints?.items.filter((e) => e.state !== null && e.state !== 'ready').length ?? 0,
      })),
    services: bundle.agents
      .filter((a) => a.services)
      .map((a) => ({
        node: nodeOf(a),
        pod: a.pod,
        frontends: a.services?.services.length ?? 0,
        withoutBackends: a.services?.services.filter((s) => s.backends.length === 0).length ?? 0,
      })),
    drops: [...drops.values()].sort((x, y) => y.count - x.count || x.node.localeCompare(y.node)),
    logSignatures: [
      ...bundle.agents.map((a) => ({ node: a.node, pod: a.pod, logs: a.logs })),
      // Other components' logs too (operator, relay, …), by the node their pod runs on.
      ...bundle.podLogs.map((log) => ({ node: (bundle.k8s.pods ?? []).find((p) => p.name === log.pod)?.nodeName ?? null, pod: log.pod ?? '', logs: [log] })),
    ]
      .flatMap((a) =>
        a.logs.flatMap((log) =>
          log.signatures.filter((s) => !repeatedInCurrent(log, s, bundle)).map((s) => ({
            node: a.node,
            pod: a.pod,
            file: s.first.src.file,
            line: s.first.src.line,
            level: s.level,
            signature: s.signature,
            count: s.count,
            firstTime: s.firstTime,
            lastTime: s.lastTime,
            excerpt: s.first.excerpt,
          })),
        ),
      )
      .filter((s) => s.level !== 'warning')
      .sort((x, y) => y.count - x.count || x.pod.localeCompare(y.pod)),
    ledger: {
      counts,
      problems: bundle.ledger
        .filter((l) => l.status !== 'parsed' && l.status !== 'unclaimed')
        .map((l) => ({ path: l.path, status: l.status, parser: l.parser, size: l.size })),
      unclaimed: [...unclaimed].map(([pattern, count]) => ({ pattern, count })).sort((x, y) => y.count - x.count || x.pattern.localeCompare(y.pattern)),
    },
    gaps: bundle.gaps.map((g) => ({ kind: g.kind, file: g.file, line: g.line, pod: g.pod, message: g.message, excerpt: g.excerpt })),
  };
}

/**
 * A previous log's signature that the current log of the same container holds with the same times: the kubelet
 * serves a waiting container's last run as both logs, and the lines are listed once.
 */
function repeatedInCurrent(log: LogSummary, s: LogSignature, bundle: Bundle): boolean {
  if (!log.previous) return false;
  const all = [...bundle.agents.flatMap((a) => a.logs), ...bundle.podLogs];
  const current = all.find((l) => !l.previous && l.container === log.container && l.pod === log.pod && l.file !== log.file);
  return Boolean(current?.signatures.some((c) => c.signature === s.signature && c.level === s.level && c.firstTime === s.firstTime && c.lastTime === s.lastTime));
}

/** A file's path with the pod and timestamp taken out, so a hundred agents' copies count as one kind of file. */
function filePattern(path: string, pod: string | null): string {
  let p = path.replace(TS, '<ts>');
  if (pod) p = p.split(pod).join('<pod>');
  const agentDir = p.indexOf('cilium-bugtool-');
  return agentDir >= 0 ? p.slice(agentDir).replace(/^cilium-bugtool-[^/!]*/, 'cilium-bugtool-<pod>-<ts>') : p.slice(p.lastIndexOf('/') + 1);
}

/** Routing as the agents print it (1.16+), else as cilium-config sets it (`routing-mode`, or the older `tunnel`). */
function routingModes(bundle: Bundle): string[] {
  const printed = distinct(bundle.agents.map((a) => a.status?.routing?.network));
  if (printed.length > 0) return printed;
  const data = bundle.k8s.ciliumConfig?.data ?? {};
  const mode = data['routing-mode'] ?? (data.tunnel ? (data.tunnel === 'disabled' ? 'native' : 'tunnel') : null);
  if (!mode) return [];
  const tunnel = data['tunnel-protocol'] ?? (data.tunnel && data.tunnel !== 'disabled' ? data.tunnel : null);
  return [mode === 'tunnel' ? `Tunnel${tunnel ? ` [${tunnel}]` : ''} (cilium-config)` : 'Native (cilium-config)'];
}

function distinct(values: readonly (string | null | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
}

/** Orders `1.9.18` before `1.10.6`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x).localeCompare(String(y));
  }
  return 0;
}
