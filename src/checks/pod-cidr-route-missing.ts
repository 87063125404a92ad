import type { Evidence } from '../model/common.js';
import { CELL_FAILED, CELL_OK, cellIndex, type HealthMatrix } from '../model/health.js';
import type { Route, Routes } from '../model/host.js';
import { defineCheck, evidence } from './define.js';
import { parseCidr, type Range } from './util-cidr.js';
import { configValue, joinNames, type NodeAgent, nodeAgents, routingModeOf, settingOn } from './util-host.js';

/** Routes that forward; `local`, `broadcast` and the like deliver on the node or do not route a prefix. */
const FORWARDING = new Set(['unicast', 'unreachable', 'blackhole', 'prohibit', 'throw']);
const DROPPING = new Set(['unreachable', 'blackhole', 'prohibit']);

/** IPAM modes whose pod addresses are the cloud network's own: the VPC routes them (routing.rst §AWS ENI, §Azure). */
const CLOUD_IPAM = new Set(['eni', 'azure', 'alibabacloud']);

/** CIDRs named one by one in a message; the rest are counted. */
const MAX_LISTED = 5;

interface Missing {
  node: string;
  cidr: string;
  /** The route the CIDR falls to (default or a wider one), null when none does or it drops. */
  via: Route | null;
  health: 'failed' | 'none';
  /** The failed probe of the node's health endpoint, when there is one. */
  probe: Evidence | null;
  row: Evidence;
}

type Fix = { autoDirect: boolean };

const fix = (d: Fix) =>
  d.autoDirect
    ? 'auto-direct-node-routes is on but installed no route for them: the agent installs one only towards a node it reaches without a gateway (its log then says "route to destination … contains gateway"), and a network manager may have flushed them since. Put the nodes on one L2 segment, or have the network route the pod CIDRs (cloud route table, routes on the router), or announce them with BGP'
    : 'Enable auto-direct-node-routes when the nodes share an L2 segment, or have the network route the pod CIDRs to their nodes (cloud route table, routes on the router), or announce them with BGP (enable-bgp-control-plane)';

export default defineCheck({
  id: 'CR-8021',
  slug: 'pod-cidr-route-missing',
  title: 'Native routing with no route for other nodes\' pod CIDRs',
  impact: 'datapath',
  defaultSeverity: 'error',
  messageSeverity: { unverified: 'warning' },
  needs: ['agents.routes', 'agents.nodeList'],
  messages: {
    unroutable: (d: Fix & { node: string; count: number; cidrs: string; route: string }) =>
      `Node ${d.node} has no route for the pod CIDRs of ${d.count} ${d.count === 1 ? 'node' : 'nodes'} (${d.cidrs})${d.route ? `: they match ${d.route}` : ', and no default route'}; in native routing its pods cannot reach the pods there. ${fix(d)}`,
    notRouted: (d: Fix & { node: string; count: number; cidrs: string; via: string; failed: number }) =>
      `Node ${d.node} sends to the pod CIDRs of ${d.count} ${d.count === 1 ? 'node' : 'nodes'} (${d.cidrs}) only by ${d.via}, and its health probes to ${d.failed === d.count ? (d.count === 1 ? 'that node\'s' : 'those nodes\'') : `${d.failed} of them`} health ${d.failed === 1 ? 'endpoint' : 'endpoints'} fail: in native routing a node without a route per pod CIDR relies on the network to route them, and this network does not. ${fix(d)}`,
    unverified: (d: Fix & { node: string; count: number; cidrs: string; via: string }) =>
      `Node ${d.node} sends to the pod CIDRs of ${d.count} ${d.count === 1 ? 'node' : 'nodes'} (${d.cidrs}) only by ${d.via}: in native routing its pods reach those nodes only if the network routes pod CIDRs, and no health probe from ${d.node} says whether it does. ${fix(d)}`,
  },
  docs: {
    summary: 'In native routing, a node whose routing table has no route for other nodes\' pod CIDRs, so its pods\' packets to them go to the default gateway (or nowhere).',
    explanation:
      'In native routing (`routing-mode: native`, `tunnel: disabled` before 1.14) Cilium hands packets to other nodes\' pods to the kernel\'s routing table, so "the network connecting the cluster nodes must be capable of routing PodCIDRs" (Documentation/network/concepts/routing.rst §Native-Routing): either every node has a route per pod CIDR (`auto-direct-node-routes: true` installs `<podCIDR> via <nodeIP>` for nodes on the same L2 segment; a BGP daemon such as kube-router installs them otherwise), or a router on the default route knows them (cloud route tables). This check reads each agent\'s node list for the other nodes\' pod CIDRs and its `ip -4 r` / `ip -6 r` for a route of each: a route for the CIDR itself is enough; a CIDR that only the default route (or a wider route) covers is reported when the node\'s health probes to that node\'s health endpoint (an address in the CIDR) fail while its probes of that node\'s own address succeed, or when there are no probes to tell (not when the node itself is unreachable: that is node-unreachable); a CIDR no route covers, or that an unreachable or blackhole route takes, is reported always. Clusters with cloud IPAM (ENI, Azure, Alibaba Cloud), whose pod addresses the VPC routes, clusters that announce pod CIDRs with BGP, and CNI chaining (`cni-chaining-mode`), where the primary plugin routes the pods, are not checked.',
    consequences: 'Pods on the node cannot open connections to pods on the listed nodes (SYNs leave by the default gateway, which drops them or sends them to the internet), while the nodes themselves reach each other: health endpoint probes fail from this node only, DNS to CoreDNS on other nodes times out, and services whose backends live elsewhere fail from this node.',
    commonCauses: [
      'Native routing chosen without auto-direct-node-routes, on a network that does not route pod CIDRs (bare metal, a Hetzner or VPS private network)',
      'auto-direct-node-routes with nodes in different L2 segments: the agent skips (or, before direct-routing-skip-unreachable, refuses) routes to nodes behind a gateway',
      'Routes flushed by a network manager (systemd-networkd, NetworkManager, netplan apply) after the agent installed them',
      'A BGP daemon that stopped announcing or installing routes',
    ],
    verify: [
      'kubectl -n kube-system exec <agent> -- ip route',
      'kubectl -n kube-system exec <agent> -- cilium-dbg node list',
      'kubectl -n kube-system get cm cilium-config -o yaml | grep -E "routing-mode|tunnel|auto-direct-node-routes|bgp"',
      'kubectl -n kube-system exec <agent> -- cilium-health status --verbose',
    ],
  },
  run(bundle, ctx) {
    const health = healthIndex(bundle.health);
    const ranges = new Map<string, Range | null>();
    const rangeOf = (cidr: string) => {
      if (!ranges.has(cidr)) ranges.set(cidr, parseCidr(cidr));
      return ranges.get(cidr) ?? null;
    };
    for (const agent of nodeAgents(bundle)) {
      const routing = routingModeOf(bundle, agent);
      if (routing?.mode !== 'native' || !agent.nodeList) continue;
      if (CLOUD_IPAM.has((configValue(bundle, agent, 'ipam', 'IPAM')?.value ?? '').toLowerCase())) continue;
      if (settingOn(bundle, agent, 'enable-bgp-control-plane', 'EnableBGPControlPlane') || settingOn(bundle, agent, 'bgp-announce-pod-cidr', 'BGPAnnouncePodCIDR')) continue;
      // In CNI chaining (aws-cni, flannel, …) the primary plugin addresses and routes the pods, not Cilium's IPAM.
      const chaining = (configValue(bundle, agent, 'cni-chaining-mode', 'CNIChainingMode')?.value ?? '').toLowerCase();
      if (chaining !== '' && chaining !== 'none' && chaining !== 'portmap') continue;
      const tables = { ipv4: mainTable(agent, 'ipv4'), ipv6: mainTable(agent, 'ipv6') };
      if (!tables.ipv4 && !tables.ipv6) continue;
      const auto = settingOn(bundle, agent, 'auto-direct-node-routes', 'EnableAutoDirectRouting');
      const missing = findMissing(agent, tables, health, rangeOf);
      if (missing.length === 0) continue;
      const data = { node: agent.node, count: missing.length, cidrs: listed(missing), autoDirect: auto !== null };
      const rows = missing.slice(0, 2).map((m) => ({ ...m.row, note: `${m.node}'s pod CIDR in ${agent.node}'s node list` }));
      const context = [...(routing.evidence ? [{ ...routing.evidence, note: 'native routing' }] : []), ...(auto?.evidence ? [auto.evidence] : [])];
      const dropped = missing.filter((m) => m.via === null || DROPPING.has(m.via.type));
      const table = (m: Missing) => (tables[m.cidr.includes(':') ? 'ipv6' : 'ipv4'] as Routes).file;
      if (dropped.length > 0) {
        const drop = dropped.find((m) => m.via)?.via ?? null;
        const first = dropped[0] as Missing;
        const at = drop ? evidence(table(first), drop.line, drop.excerpt) : evidence(table(first), null, `no route for ${first.cidr}`);
        ctx.report({ messageId: 'unroutable', data: { ...data, count: dropped.length, cidrs: listed(dropped), route: drop ? `the ${drop.type} route ${drop.dst}` : '' }, nodes: [agent.node], evidence: [at, ...rows, ...context] });
        continue;
      }
      const via = missing[0]?.via as Route;
      const at = evidence(table(missing[0] as Missing), via.line, via.excerpt);
      const failed = missing.filter((m) => m.health === 'failed').length;
      const probe = missing.find((m) => m.probe)?.probe;
      if (failed > 0) ctx.report({ messageId: 'notRouted', data: { ...data, via: describe(via), failed }, nodes: [agent.node], evidence: [at, ...rows, ...(probe ? [probe] : []), ...context] });
      else ctx.report({ messageId: 'unverified', data: { ...data, via: describe(via) }, nodes: [agent.node], evidence: [at, ...rows, ...context] });
    }
  },
});

function mainTable(agent: NodeAgent, family: 'ipv4' | 'ipv6'): Routes | null {
  return agent.host.routes.find((t) => t.family === family && t.table === 'main' && t.omitted === 0) ?? null;
}

/** `its default route via 172.31.1.1 (eth0)`, `the route 10.0.0.0/8 on internal`. */
function describe(r: Route): string {
  const name = /^(0\.0\.0\.0|::)\/0$/.test(r.dst) ? 'its default route' : `the route ${r.dst}`;
  const hop = r.via ?? r.nexthops.find((h) => h.via)?.via ?? null;
  const dev = r.dev ?? r.nexthops[0]?.dev ?? null;
  return hop ? `${name} via ${hop}${dev ? ` (${dev})` : ''}` : `${name}${dev ? ` on ${dev}` : ''}`;
}

function listed(missing: readonly Missing[]): string {
  const names = missing.map((m) => `${m.node} ${m.cidr}`);
  return names.length <= MAX_LISTED ? joinNames(names, MAX_LISTED) : `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} more`;
}

interface HealthIndex {
  matrix: HealthMatrix;
  observers: Map<string, number>;
  nodes: Map<string, number>;
}

function healthIndex(m: HealthMatrix | null): HealthIndex | null {
  if (!m) return null;
  return { matrix: m, observers: new Map(m.observers.map((o, i) => [o.node, i])), nodes: new Map(m.nodes.map((n, i) => [n, i])) };
}

/**
 * What the observer's probes of a node's health endpoint (an address in its pod CIDR) say, with a failed one.
 * `failed` only while the observer reaches the node itself: when the node's own address fails too (or was not
 * probed), the node is down or cut off, which says nothing about the route to its pods (node-unreachable reports it).
 */
function endpointProbes(h: HealthIndex | null, from: string, to: string): { state: 'ok' | 'failed' | 'down' | 'none'; probe: Evidence | null } {
  const o = h?.observers.get(from);
  const d = h?.nodes.get(to);
  if (!h || o === undefined || d === undefined) return { state: 'none', probe: null };
  let failed: number | null = null;
  for (const protocol of [0, 1] as const) {
    const cell = cellIndex(h.matrix, o, d, 1, protocol);
    const state = h.matrix.state[cell];
    if (state === CELL_OK) return { state: 'ok', probe: null };
    if (state === CELL_FAILED && failed === null) failed = cell;
  }
  if (failed === null) return { state: 'none', probe: null };
  const hostUp = ([0, 1] as const).some((protocol) => h.matrix.state[cellIndex(h.matrix, o, d, 0, protocol)] === CELL_OK);
  if (!hostUp) return { state: 'down', probe: null };
  const note = h.matrix.notes.get(failed);
  const line = note?.line ?? 0;
  const file = h.matrix.observers[o]?.file;
  return { state: 'failed', probe: file && line > 0 && note ? evidence(file, line, note.excerpt, `${from}'s probe of ${to}'s health endpoint`) : null };
}

/** The other nodes' pod CIDRs the agent's main tables do not route to their node, health probes permitting. */
function findMissing(agent: NodeAgent, tables: Record<'ipv4' | 'ipv6', Routes | null>, health: HealthIndex | null, rangeOf: (cidr: string) => Range | null): Missing[] {
  const list = agent.nodeList;
  if (!list) return [];
  const own = new Set(list.entries.filter((e) => e.name === agent.node).flatMap((e) => e.cidrs));
  const exact = new Set<string>();
  for (const t of [tables.ipv4, tables.ipv6]) for (const r of t?.routes ?? []) if (r.type === 'unicast') exact.add(r.dst);
  const out: Missing[] = [];
  for (const entry of list.entries) {
    if (entry.name === agent.node || entry.cidrs.length === 0) continue;
    // The health endpoint answering from here means the packets get there, whatever the table shows.
    const probes = endpointProbes(health, agent.node, entry.name);
    if (probes.state === 'ok') continue;
    for (const cidr of entry.cidrs) {
      if (own.has(cidr) || exact.has(cidr)) continue;
      const range = rangeOf(cidr);
      const table = range ? tables[range.v6 ? 'ipv6' : 'ipv4'] : null;
      if (!range || !table) continue;
      const route = bestRoute(table, range, rangeOf);
      if (route === 'specific') continue;
      // A route that only passes the CIDR on (default, wider) is blamed on health evidence; towards a node that is
      // down there is none. A CIDR with no route, or one that drops, is wrong whatever the node's state.
      if (probes.state === 'down' && route !== null && !DROPPING.has(route.type)) continue;
      const at = entry.cidrRef ?? entry;
      out.push({ node: entry.name, cidr, via: route, health: probes.state === 'failed' ? 'failed' : 'none', probe: probes.probe, row: evidence(list.file, at.line, at.excerpt) });
    }
  }
  return out;
}

/** `specific` when a route covers the CIDR or part of it on its own; else the widest-match route, null for none. */
function bestRoute(table: Routes, cidr: Range, rangeOf: (c: string) => Range | null): Route | 'specific' | null {
  let best: Route | null = null;
  let bestSize: bigint | null = null;
  for (const r of table.routes) {
    if (!FORWARDING.has(r.type)) continue;
    const range = rangeOf(r.dst);
    if (!range || range.v6 !== cidr.v6) continue;
    if (range.start >= cidr.start && range.end <= cidr.end && r.type === 'unicast') return 'specific';
    if (range.start > cidr.start || range.end < cidr.end) continue;
    const size = range.end - range.start;
    if (bestSize === null || size < bestSize) [best, bestSize] = [r, size];
  }
  return best;
}

