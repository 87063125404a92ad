import type { Bundle } from '../model/bundle.js';
import type { AgentService } from '../model/service.js';

/** A frontend as every agent would print it: the agent's own node address replaced by `<node-ip>`. */
export function frontendKey(s: AgentService, ownIps: ReadonlySet<string>): string {
  let f = s.frontend;
  for (const ip of ownIps) {
    if (f.startsWith(`${ip}:`) || f.startsWith(`[${ip}]:`)) f = f.replace(ip, '<node-ip>');
  }
  return `${s.type} ${f}`;
}

/** Addresses of each agent's own node: Kubernetes InternalIPs, CiliumNode addresses and its own node-list row. */
export function ownAddresses(bundle: Bundle): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (node: string, ip: string | null | undefined) => {
    if (!ip) return;
    const set = out.get(node) ?? new Set<string>();
    set.add(ip);
    out.set(node, set);
  };
  for (const n of bundle.k8s.nodes ?? []) for (const ip of n.internalIPs) add(n.name, ip);
  for (const n of bundle.k8s.ciliumNodes ?? []) for (const ip of [...n.internalIPs, ...n.ciliumInternalIPs]) add(n.name, ip);
  for (const a of bundle.agents) {
    if (!a.node) continue;
    const row = a.nodeList?.entries.find((e) => e.name === a.node);
    add(a.node, row?.ipv4);
    add(a.node, row?.ipv6);
    for (const d of a.status?.kubeProxyReplacement?.devices ?? []) for (const ip of d.ips) add(a.node, ip);
  }
  return out;
}

/** Backends that take traffic: `active`, or no state printed (old versions print none). */
export function activeBackends(s: AgentService): string[] {
  return s.backends.filter((b) => b.state === null || b.state === 'active').map((b) => b.address).sort();
}
