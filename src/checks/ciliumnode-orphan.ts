import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-1008',
  slug: 'ciliumnode-orphan',
  title: 'CiliumNodes without a Kubernetes Node, and Nodes without a CiliumNode',
  defaultSeverity: 'warning',
  needs: ['k8s.nodes', 'k8s.ciliumNodes'],
  messages: {
    orphanCiliumNode: (d: { node: string; cidrs: string }) =>
      `CiliumNode ${d.node} has no Kubernetes Node${d.cidrs ? ` and still holds pod CIDR ${d.cidrs}` : ''}`,
    missingCiliumNode: (d: { node: string }) => `Kubernetes Node ${d.node} has no CiliumNode: no agent has registered it with Cilium`,
  },
  docs: {
    summary: 'A CiliumNode whose Kubernetes Node is gone, or a Kubernetes Node that has no CiliumNode.',
    explanation:
      'Each agent creates the CiliumNode of its node (same name) and the operator deletes CiliumNodes of deleted Nodes. A CiliumNode left behind keeps its pod CIDRs allocated and stays in every agent\'s node list; a Node without a CiliumNode has no agent that registered, or one that cannot write to the API server.',
    consequences: 'Stale CiliumNodes keep CIDRs out of the pool (exhaustion in cluster-pool mode) and keep routes and tunnel entries to an address that may be reused by a new node. Nodes without a CiliumNode get no pod CIDR from Cilium IPAM.',
    commonCauses: [
      'The operator was down when the node was deleted (garbage collection did not run)',
      'A node renamed or re-created with another name',
      'The agent on the node is not running or lacks RBAC to create its CiliumNode',
    ],
    verify: ['kubectl get ciliumnodes', 'kubectl get nodes', 'kubectl -n kube-system logs deploy/cilium-operator | grep -i ciliumnode'],
  },
  run(bundle, ctx) {
    const nodes = new Set((bundle.k8s.nodes ?? []).map((n) => n.name));
    const cns = new Set((bundle.k8s.ciliumNodes ?? []).map((n) => n.name));
    for (const cn of bundle.k8s.ciliumNodes ?? []) {
      if (nodes.has(cn.name)) continue;
      ctx.report({ messageId: 'orphanCiliumNode', data: { node: cn.name, cidrs: cn.podCIDRs.join(', ') }, nodes: [cn.name], evidence: [evidenceOf(cn, 'the CiliumNode')] });
    }
    for (const n of bundle.k8s.nodes ?? []) {
      if (cns.has(n.name)) continue;
      ctx.report({ messageId: 'missingCiliumNode', data: { node: n.name }, nodes: [n.name], evidence: [evidenceOf(n, 'the Kubernetes Node')] });
    }
  },
});
