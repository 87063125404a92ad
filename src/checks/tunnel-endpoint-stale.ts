import type { Evidence } from '../model/common.js';
import { defineCheck, evidence } from './define.js';
import { joinNames, nodeAgents } from './util-host.js';

export default defineCheck({
  id: 'CR-8018',
  slug: 'tunnel-endpoint-stale',
  title: 'BPF ipcache or tunnel map entries pointing at a node that is gone',
  impact: 'datapath',
  defaultSeverity: 'warning',
  needs: ['agents.maps', ['k8s.nodes', 'k8s.ciliumNodes']],
  messages: {
    stale: (d: { ip: string; entries: number; maps: string; agents: string; count: number; total: number }) =>
      `${d.count === d.total ? `Every agent (${d.count})` : `${d.count} of ${d.total} agents (${d.agents})`} still ${d.count === 1 ? 'sends' : 'send'} ${d.entries} ${d.maps} ${d.entries === 1 ? 'entry' : 'entries'} to ${d.ip}, which is no node of the cluster: traffic to those pod addresses is tunnelled to a host that no longer runs them and is lost. Delete the stale CiliumNode if one is left${d.count === d.total ? '' : ', and restart the agents that keep the entries'}`,
  },
  docs: {
    summary: 'Agents whose ipcache or tunnel map send traffic to a node address that belongs to no Node or CiliumNode.',
    explanation:
      'In tunnel mode every ipcache entry of a remote pod carries its node\'s address (`tunnelendpoint=` in `cilium bpf ipcache list`; `<ip> <key> <endpoint>` before 1.11) and the tunnel map has one entry per remote pod CIDR (`cilium bpf tunnel list`, through 1.19). The addresses these entries point at are compared with the InternalIPs and CiliumInternalIPs of the Kubernetes Nodes, the CiliumNodes and the agents\' node lists; an address that matches none is reported with the agents and the number of entries that use it.',
    consequences: 'Packets to the affected pod addresses are encapsulated towards a host that is gone or reused: connections to those pods time out from the agents that hold the entries, while other agents may route correctly.',
    commonCauses: ['A node removed or re-addressed while its CiliumNode (or kvstore entry) stayed', 'An agent that missed the deletion event (apiserver or kvstore outage) and never resynced', 'ClusterMesh remote nodes whose cluster is no longer connected'],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg bpf ipcache list | grep <ip>', 'kubectl -n kube-system exec <agent> -- cilium-dbg bpf tunnel list', 'kubectl get ciliumnodes -o wide', 'kubectl -n kube-system exec <agent> -- cilium-dbg node list'],
  },
  run(bundle, ctx) {
    const known = new Set<string>();
    for (const n of bundle.k8s.nodes ?? []) for (const ip of n.internalIPs) known.add(ip);
    for (const cn of bundle.k8s.ciliumNodes ?? []) for (const ip of [...cn.internalIPs, ...cn.ciliumInternalIPs]) known.add(ip);
    for (const a of bundle.agents) for (const e of a.nodeList?.entries ?? []) for (const ip of [e.ipv4, e.ipv6]) if (ip) known.add(ip);
    const agents = nodeAgents(bundle).filter((a) => a.host.maps.some((m) => m.map === 'ipcache' || m.map === 'tunnel'));
    const stale = new Map<string, { node: string; entries: number; maps: Set<string>; evidence: Evidence }[]>();
    for (const agent of agents) {
      const per = new Map<string, { entries: number; maps: Set<string>; evidence: Evidence }>();
      for (const m of agent.host.maps) {
        if (m.map !== 'ipcache' && m.map !== 'tunnel') continue;
        for (const a of m.nodeAddresses) {
          if (known.has(a.ip)) continue;
          const seen = per.get(a.ip) ?? { entries: 0, maps: new Set<string>(), evidence: evidence(m.file, a.line, a.excerpt) };
          seen.entries += a.entries;
          seen.maps.add(m.map === 'ipcache' ? 'ipcache' : 'tunnel map');
          per.set(a.ip, seen);
        }
      }
      for (const [ip, s] of per) {
        const list = stale.get(ip) ?? [];
        list.push({ node: agent.node, ...s });
        stale.set(ip, list);
      }
    }
    for (const [ip, list] of [...stale].sort((a, b) => a[0].localeCompare(b[0]))) {
      const names = list.map((x) => x.node).sort();
      ctx.report({
        messageId: 'stale',
        data: { ip, entries: list.reduce((m, x) => Math.max(m, x.entries), 0), maps: [...new Set(list.flatMap((x) => [...x.maps]))].sort().join(' and '), agents: joinNames(names, 4), count: list.length, total: agents.length },
        nodes: names,
        evidence: list.slice(0, 3).map((x) => ({ ...x.evidence, note: `agent on ${x.node}` })),
      });
    }
  },
});
