import type { PodRow } from '../model/k8s.js';
import { defineCheck, evidenceOf } from './define.js';
import { configValue, joinNames, nodeAgents, nodeIPOf } from './util-host.js';

export default defineCheck({
  id: 'CR-8012',
  slug: 'pod-not-managed',
  title: 'Pods on Cilium nodes that Cilium does not manage',
  impact: 'datapath',
  defaultSeverity: 'warning',
  needs: ['k8s.podRows', 'k8s.ciliumEndpoints', 'agents'],
  messages: {
    unmanaged: (d: { node: string; count: number; pods: string }) =>
      `${d.count === 1 ? 'Pod' : `${d.count} pods`} on node ${d.node} ${d.count === 1 ? 'has' : 'have'} a pod IP but no CiliumEndpoint (${d.pods}): ${d.count === 1 ? 'it was' : 'they were'} wired by another CNI, or before the agent was ready, so Cilium applies no policy to ${d.count === 1 ? 'it' : 'them'} and other nodes may not route to ${d.count === 1 ? 'it' : 'them'}. Restart ${d.count === 1 ? 'the pod' : 'these pods'} (kubectl delete pod) once the node's CNI configuration is Cilium's`,
  },
  docs: {
    summary: 'Running pods with their own pod IP on nodes that run a Cilium agent, but without a CiliumEndpoint.',
    explanation:
      'The pods table of the sysdump (`k8s-pods-<ts>.txt`, `kubectl get pods -A -o wide`) lists every pod with its IP and node; the CiliumEndpoints list (`ciliumendpoints-<ts>.yaml`) names every pod Cilium manages. A Running pod on a node with an agent whose IP is not the node\'s own (hostNetwork pods share it) and that has no CiliumEndpoint of the same namespace and name is reported, per node. Skipped when cilium-config sets `disable-endpoint-crd: true`.',
    consequences: 'Such pods are outside Cilium\'s datapath: network policies do not apply to them, their IPs may not be in the ipcache of other nodes (no route back), and services may send traffic to them that never arrives.',
    commonCauses: ['Pods started before Cilium was installed (the migration guide says to restart every pod)', 'Another CNI configuration that sorts before Cilium\'s in /etc/cni/net.d', 'Pods created while the agent was down, by a fallback CNI configuration'],
    verify: ['kubectl get pods -A -o wide --field-selector spec.nodeName=<node>', 'kubectl get ciliumendpoints -A', 'kubectl -n kube-system exec <agent> -- cilium-dbg endpoint list'],
  },
  run(bundle, ctx) {
    if (configValue(bundle, null, 'disable-endpoint-crd')?.value === 'true') {
      ctx.notEvaluated('cilium-config sets disable-endpoint-crd: true: there are no CiliumEndpoints to compare with');
      return;
    }
    const ceps = new Set((bundle.k8s.ciliumEndpoints ?? []).map((c) => `${c.namespace}/${c.name}`));
    const cepIps = new Set((bundle.k8s.ciliumEndpoints ?? []).flatMap((c) => [...c.ipv4, ...c.ipv6]));
    const byNode = new Map<string, PodRow[]>();
    const agents = new Set(nodeAgents(bundle).map((a) => a.node));
    for (const row of bundle.k8s.podRows ?? []) {
      if (!row.node || !agents.has(row.node) || !row.ip || row.status !== 'Running') continue;
      if (row.ip === nodeIPOf(bundle, row.node) || bundle.k8s.nodes?.some((n) => n.internalIPs.includes(row.ip as string))) continue;
      if (ceps.has(`${row.namespace}/${row.name}`) || cepIps.has(row.ip)) continue;
      const list = byNode.get(row.node) ?? [];
      list.push(row);
      byNode.set(row.node, list);
    }
    for (const [node, rows] of [...byNode].sort((a, b) => a[0].localeCompare(b[0]))) {
      ctx.report({ messageId: 'unmanaged', data: { node, count: rows.length, pods: joinNames(rows.map((r) => `${r.namespace}/${r.name} ${r.ip}`), 4) }, nodes: [node], evidence: rows.slice(0, 4).map((r) => evidenceOf(r)) });
    }
  },
});
