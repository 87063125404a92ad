import type { Evidence } from '../model/common.js';
import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-4051',
  slug: 'endpoint-ip-is-node-ip',
  title: 'Endpoint IP that is also a node address',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['k8s.ciliumEndpoints', ['k8s.nodes', 'k8s.ciliumNodes']],
  messages: {
    clash: (d: { endpoint: string; ip: string; kind: string; node: string }) =>
      `CiliumEndpoint ${d.endpoint} holds ${d.ip}, which is the ${d.kind} of node ${d.node}: the ipcache maps one address to both a pod and a node, so traffic to one of them goes to the other and policy sees the wrong identity. Move the pod CIDR (or the node network) so they do not overlap, and restart the pod`,
  },
  docs: {
    summary: 'A pod IP (CiliumEndpoint address) equal to a node\'s InternalIP or CiliumInternalIP.',
    explanation: 'The addresses of every CiliumEndpoint (`status.networking.addressing`) are compared with every node\'s InternalIP (Kubernetes Node and CiliumNode) and CiliumInternalIP (the cilium_host address). A pod address that is also a node address means the pod CIDR overlaps the node network or a pool hands out addresses the nodes use.',
    consequences: 'The agent keeps one ipcache entry per address: either the node or the pod becomes unreachable from other nodes, health checks to the node fail, and policies for host traffic apply to the pod (or the reverse).',
    commonCauses: ['A cluster-pool CIDR (cluster-pool-ipv4-cidr) that overlaps the nodes\' subnet', 'ENI/Azure/multi-pool IPAM pools that include node addresses', 'A static IP annotation on a pod copied from a node'],
    verify: ['kubectl get ciliumendpoints -A -o wide', 'kubectl get nodes -o wide', 'kubectl -n kube-system exec <agent> -- cilium-dbg ip get <ip>'],
  },
  run(bundle, ctx) {
    const owners = new Map<string, { node: string; kind: string; evidence: Evidence }>();
    for (const n of bundle.k8s.nodes ?? []) for (const ip of n.internalIPs) owners.set(ip, { node: n.name, kind: 'InternalIP', evidence: evidenceOf(n) });
    for (const cn of bundle.k8s.ciliumNodes ?? []) {
      for (const ip of cn.internalIPs) if (!owners.has(ip)) owners.set(ip, { node: cn.name, kind: 'InternalIP', evidence: evidenceOf(cn) });
      for (const ip of cn.ciliumInternalIPs) if (!owners.has(ip)) owners.set(ip, { node: cn.name, kind: 'CiliumInternalIP (cilium_host address)', evidence: evidenceOf(cn) });
    }
    for (const cep of bundle.k8s.ciliumEndpoints ?? []) {
      for (const ip of [...cep.ipv4, ...cep.ipv6]) {
        const owner = owners.get(ip);
        if (!owner) continue;
        ctx.report({ messageId: 'clash', data: { endpoint: `${cep.namespace}/${cep.name}`, ip, kind: owner.kind, node: owner.node }, nodes: [owner.node], evidence: [evidenceOf(cep), owner.evidence] });
      }
    }
  },
});
