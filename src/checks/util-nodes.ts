import type { Agent, Bundle } from '../model/bundle.js';
import type { Evidence } from '../model/common.js';
import { splitClusterName } from '../parsers/util/text.js';
import { evidence, evidenceOf } from './define.js';

/** One source's view of a node's pod CIDRs. */
export interface CidrView {
  source: 'kubernetes' | 'ciliumnode' | 'agent' | 'peer';
  /** For `agent` and `peer`: the node whose agent says it. */
  by: string | null;
  cidrs: string[];
  evidence: Evidence;
}

/**
 * Kubernetes Node `podCIDRs` only matter when Cilium takes its CIDRs from them (`ipam: kubernetes`). In
 * cluster-pool mode kube-controller-manager may still fill them from another range, which is not a fault.
 * When the ConfigMap is missing, they matter if they agree with the CiliumNodes for most nodes.
 */
export function k8sCidrsMatter(bundle: Bundle): boolean {
  const mode = bundle.k8s.ciliumConfig?.data.ipam;
  if (mode) return mode === 'kubernetes';
  const cns = new Map((bundle.k8s.ciliumNodes ?? []).map((n) => [n.name, n.podCIDRs.join(',')]));
  const nodes = (bundle.k8s.nodes ?? []).filter((n) => n.podCIDRs.length > 0 && cns.get(n.name));
  if (nodes.length === 0) return false;
  const agreeing = nodes.filter((n) => n.podCIDRs.join(',') === cns.get(n.name)).length;
  return agreeing * 2 > nodes.length;
}

/** An agent's view of its own node's CIDRs: its own row in its node list, else its status IPAM line. */
export function agentOwnView(agent: Agent): CidrView | null {
  if (!agent.node) return null;
  const row = agent.nodeList?.entries.find((e) => e.name === agent.node);
  if (agent.nodeList && row && row.cidrs.length > 0) {
    const at = row.cidrRef ?? row;
    return { source: 'agent', by: agent.node, cidrs: row.cidrs, evidence: evidence(agent.nodeList.file, at.line, at.excerpt, `the agent on "${agent.node}" (its node list)`) };
  }
  const ipam = agent.status?.ipam;
  const cidrs = [ipam?.ipv4?.cidr, ipam?.ipv6?.cidr].filter((c): c is string => Boolean(c));
  if (ipam && cidrs.length > 0) return { source: 'agent', by: agent.node, cidrs, evidence: evidenceOf(ipam.line, `the agent on "${agent.node}" (cilium status)`) };
  return null;
}

/** Every source's view of every node's pod CIDRs, by node name. Empty views (ENI, no data) are left out. */
export function cidrViews(bundle: Bundle): Map<string, CidrView[]> {
  const out = new Map<string, CidrView[]>();
  const add = (node: string, view: CidrView) => {
    if (view.cidrs.length === 0) return;
    const list = out.get(node) ?? [];
    list.push(view);
    out.set(node, list);
  };
  if (k8sCidrsMatter(bundle)) {
    for (const n of bundle.k8s.nodes ?? []) {
      const src = n.podCIDRsSrc ?? n;
      add(n.name, { source: 'kubernetes', by: null, cidrs: n.podCIDRs, evidence: evidenceOf(src, 'the Kubernetes Node') });
    }
  }
  for (const n of bundle.k8s.ciliumNodes ?? []) {
    const src = n.podCIDRsSrc ?? n;
    add(n.name, { source: 'ciliumnode', by: null, cidrs: n.podCIDRs, evidence: evidenceOf(src, 'the CiliumNode') });
  }
  for (const agent of bundle.agents) {
    const own = agentOwnView(agent);
    if (own && agent.node) add(agent.node, own);
    if (!agent.nodeList || !agent.node) continue;
    for (const row of agent.nodeList.entries) {
      const name = splitClusterName(row.name).name;
      if (name === agent.node || row.cidrs.length === 0) continue;
      const at = row.cidrRef ?? row;
      add(name, { source: 'peer', by: agent.node, cidrs: row.cidrs, evidence: evidence(agent.nodeList.file, at.line, at.excerpt, `the agent on "${agent.node}"`) });
    }
  }
  return out;
}

/** Node name by any of its addresses (InternalIPs of Nodes and CiliumNodes, agents' node-list IPs). */
export function nodesByAddress(bundle: Bundle): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of bundle.k8s.nodes ?? []) for (const ip of n.internalIPs) out.set(ip, n.name);
  for (const n of bundle.k8s.ciliumNodes ?? []) for (const ip of n.internalIPs) if (!out.has(ip)) out.set(ip, n.name);
  for (const a of bundle.agents) {
    for (const row of a.nodeList?.entries ?? []) {
      const name = splitClusterName(row.name).name;
      for (const ip of [row.ipv4, row.ipv6]) if (ip && !out.has(ip)) out.set(ip, name);
    }
  }
  return out;
}

/** Names of the nodes the cluster has: Kubernetes Nodes when known, else CiliumNodes. */
export function clusterNodeNames(bundle: Bundle): string[] | null {
  if (bundle.k8s.nodes) return bundle.k8s.nodes.map((n) => n.name);
  if (bundle.k8s.ciliumNodes) return bundle.k8s.ciliumNodes.map((n) => n.name);
  return null;
}

export function quoteList(values: readonly string[], max = 8): string {
  if (values.length <= 1) return values.join('');
  if (values.length <= max) return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
  return `${values.slice(0, max).join(', ')} and ${values.length - max} more`;
}

/** `1 endpoint`, `3 endpoints`. */
export function count(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
