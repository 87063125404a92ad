import type { Agent, Bundle } from '../model/bundle.js';
import type { Evidence } from '../model/common.js';
import type { Route } from '../model/host.js';
import { smallestRouteOverhead } from '../knowledge/mtu-overhead.js';
import { defineCheck, evidence, evidenceOf } from './define.js';
import { encryptionOf, joinNames, nativeDevices, nodeAgents, nodeIPOf, routingModeOf } from './util-host.js';

const LABELS = { tunnel: 'tunnel encapsulation', ipsec: 'IPsec', wireguard: 'WireGuard' } as const;

/** Cilium's routes to other nodes (via cilium_host) whose MTU does not fit the native device after the overhead. */
function oversizeRoutes(bundle: Bundle, agent: Agent, nativeMtu: number): { routes: { route: Route; file: string }[]; mtu: number; allowed: number; overhead: string } | null {
  const tunnel = routingModeOf(bundle, agent)?.mode === 'tunnel';
  const encryption = encryptionOf(bundle, agent);
  if (!tunnel && !encryption) return null;
  // The smallest overhead any release takes off: releases before cilium/cilium#30329 gave WireGuard with a tunnel
  // routes of the native MTU less 80, which is right for them.
  const o = smallestRouteOverhead({ tunnel, encryption });
  const allowed = nativeMtu - o.bytes;
  const routes = agent.host.routes
    .filter((t) => t.table === 'main')
    .flatMap((t) => t.routes.filter((r) => r.dev === 'cilium_host' && r.mtu !== null && r.mtu > allowed).map((route) => ({ route, file: t.file })));
  if (routes.length === 0) return null;
  const overhead = o.parts.length === 1 ? `the ${o.bytes} bytes of ${LABELS[o.parts[0]?.id ?? 'tunnel']}` : `the ${o.bytes} bytes of ${o.parts.map((p) => `${LABELS[p.id]} (${p.bytes})`).join(' and ')}`;
  return { routes, mtu: routes.reduce((m, r) => Math.max(m, r.route.mtu as number), 0), allowed, overhead };
}

export default defineCheck({
  id: 'CR-8008',
  slug: 'mtu-mismatch',
  title: 'MTU that differs between nodes or exceeds the native device',
  impact: 'datapath',
  defaultSeverity: 'warning',
  messageSeverity: { aboveNative: 'error', routeAboveNative: 'error' },
  needs: ['agents.links'],
  messages: {
    aboveNative: (d: { node: string; devices: string; mtu: number; native: string; nativeMtu: number; routes: string }) =>
      `On node ${d.node}, ${d.devices} ${d.devices.includes(' and ') ? 'have' : 'has'} MTU ${d.mtu}, more than the ${d.nativeMtu} of its native device ${d.native}${d.routes}: pods send packets the wire cannot carry, and they are dropped unless fragmented. Restart the agent so it detects the MTU again (it reads it at start), or set mtu in cilium-config to the native device's MTU`,
    routeAboveNative: (d: { node: string; count: number; mtu: number; native: string; nativeMtu: number; allowed: number; overhead: string }) =>
      `On node ${d.node}, ${d.count === 1 ? 'the route' : `${d.count} routes`} to other nodes' pod CIDRs ${d.count === 1 ? 'carries' : 'carry'} MTU ${d.mtu}, but the native device ${d.native} has MTU ${d.nativeMtu}, which leaves ${d.allowed} after ${d.overhead}: pods send packets that no longer fit once encapsulated or encrypted, and they are dropped (large transfers stall while pings work). Restart the agent so it computes the route MTU from the native device again, or set mtu in cilium-config to the native device's MTU`,
    differs: (d: { mtu: number; count: number; nodes: string; majority: number; majorityCount: number }) =>
      `The native device MTU is ${d.mtu} on ${d.count === 1 ? `node ${d.nodes}` : `${d.count} nodes (${d.nodes})`} but ${d.majority} on ${d.majorityCount} others; pods on the larger-MTU nodes send packets that the smaller-MTU nodes drop when path MTU discovery fails (large transfers stall, small requests work). Give every node's network the same MTU, or set mtu in cilium-config to the smallest`,
  },
  docs: {
    summary: 'Nodes whose native device MTUs differ, or a node where Cilium\'s devices use a larger MTU than the native device.',
    explanation:
      'The agent detects the MTU of the native device once at start and gives it to cilium_host, cilium_net and every pod veth; in tunnel and encryption modes its routes to other nodes (via cilium_host) then carry that MTU minus the tunnel (50 bytes for VXLAN/Geneve) and encryption overhead (IPsec 77, WireGuard 80; pkg/mtu/mtu.go, src/knowledge/mtu-overhead.ts). This check reads `ip -d -s l` (or `ip a`) and `ip -4 r` / `ip -6 r` of every node: a Cilium device with a larger MTU than the native device, or a route whose MTU exceeds the native MTU less that overhead (with WireGuard and a tunnel, less WireGuard\'s 80 bytes only, as releases before cilium/cilium#30329 computed it), means the native MTU changed after the agent started (or a configured mtu does not fit the network); native MTUs that differ between nodes mean pods on different nodes disagree on the largest packet.',
    consequences: 'Packets larger than a link\'s MTU are dropped; with ICMP "fragmentation needed" filtered, TCP connections hang after the handshake (TLS, large HTTP responses, image pulls) while pings and small requests work.',
    commonCauses: ['Mixed instance types or network tiers (jumbo frames on some nodes: 9001 on AWS within a VPC, 1500 elsewhere)', 'The native MTU changed (DHCP option, cloud-init) after the agent started', 'An mtu value in cilium-config that does not match the network'],
    verify: ['kubectl -n kube-system exec <agent> -- ip link show', 'kubectl -n kube-system exec <agent> -- ip route show table all | grep mtu', 'kubectl -n kube-system get cm cilium-config -o yaml | grep mtu'],
  },
  run(bundle, ctx) {
    const natives = new Map<number, { node: string; evidence: Evidence }[]>();
    for (const agent of nodeAgents(bundle)) {
      const links = agent.host.links;
      if (!links) continue;
      const native = nativeDevices(agent, nodeIPOf(bundle, agent.node))[0];
      if (!native || native.mtu === null) continue;
      const list = natives.get(native.mtu) ?? [];
      list.push({ node: agent.node, evidence: evidenceOf(native) });
      natives.set(native.mtu, list);
      const above = links.devices.filter((l) => ['cilium_host', 'cilium_net', 'lxc_health'].includes(l.name) && l.mtu !== null && l.mtu > (native.mtu as number));
      const vethMtus = Object.keys(links.lxc.mtus).map(Number).filter((m) => Number.isFinite(m) && m > (native.mtu as number));
      const big = oversizeRoutes(bundle, agent, native.mtu);
      const routeAt = big ? [evidence(big.routes[0]?.file ?? '', big.routes[0]?.route.line ?? null, big.routes[0]?.route.excerpt ?? '')] : [];
      if (above.length === 0 && vethMtus.length === 0) {
        if (big) ctx.report({ messageId: 'routeAboveNative', data: { node: agent.node, count: big.routes.length, mtu: big.mtu, native: native.name, nativeMtu: native.mtu, allowed: big.allowed, overhead: big.overhead }, nodes: [agent.node], evidence: [...routeAt, evidenceOf(native, 'the native device')] });
        continue;
      }
      const names = [...above.map((l) => l.name), ...(vethMtus.length > 0 ? ['the pod veths'] : [])];
      const routes = big ? ` (and ${big.routes.length === 1 ? 'its route' : `its ${big.routes.length} routes`} to other nodes carry MTU ${big.mtu}, where ${big.allowed} fits after ${big.overhead})` : '';
      ctx.report({
        messageId: 'aboveNative',
        data: { node: agent.node, devices: joinNames(names, 4), mtu: vethMtus.reduce((m, v) => Math.max(m, v), above.reduce((m, l) => Math.max(m, l.mtu as number), 0)), native: native.name, nativeMtu: native.mtu, routes },
        nodes: [agent.node],
        evidence: [...above.slice(0, 3).map((l) => evidenceOf(l)), ...routeAt, evidenceOf(native, 'the native device')],
      });
    }
    if (natives.size < 2) return;
    const sorted = [...natives].sort((a, b) => b[1].length - a[1].length || b[0] - a[0]);
    const [majority, majorityList] = sorted[0] as [number, { node: string; evidence: Evidence }[]];
    for (const [mtu, list] of sorted.slice(1)) {
      const names = list.map((x) => x.node).sort();
      ctx.report({
        messageId: 'differs',
        data: { mtu, count: list.length, nodes: joinNames(names, 5), majority, majorityCount: majorityList.length },
        nodes: names,
        evidence: [...list.slice(0, 3).map((x) => ({ ...x.evidence, note: `node ${x.node}` })), { ...(majorityList[0] as { evidence: Evidence }).evidence, note: `node ${(majorityList[0] as { node: string }).node}` }],
      });
    }
  },
});
