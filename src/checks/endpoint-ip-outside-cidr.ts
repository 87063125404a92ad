import { defineCheck } from './define.js';
import { contains, parseCidr, type Range } from './util-cidr.js';
import { placedEndpoints, type PlacedEndpoint } from './util-endpoints.js';
import { cidrViews, quoteList } from './util-nodes.js';

export default defineCheck({
  id: 'CR-4001',
  slug: 'endpoint-ip-outside-cidr',
  title: 'Endpoint addresses outside their node\'s pod CIDR',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: [['k8s.ciliumEndpoints', 'agents.endpoints'], ['k8s.ciliumNodes', 'agents.status', 'agents.nodeList']],
  messages: {
    outside: (d: { node: string; ips: string; cidrs: string; count: number }) =>
      `${d.count === 1 ? 'An endpoint' : `${d.count} endpoints`} on ${d.node} ${d.count === 1 ? 'has an address' : 'have addresses'} outside the node's pod CIDR ${d.cidrs}: ${d.ips}`,
  },
  docs: {
    summary: 'Endpoints (CiliumEndpoints and agents\' endpoint lists) whose IP is not inside any pod CIDR of the node they run on.',
    explanation:
      'In cluster-pool and kubernetes IPAM every pod address comes from its node\'s pod CIDR, and other nodes route the whole CIDR to that node. An endpoint whose address lies outside every CIDR known for its node (CiliumNode, its own agent, other agents) is unreachable from the rest of the cluster. Nodes without a pod CIDR (ENI, multi-pool) are skipped.',
    consequences: 'Traffic to the endpoint from other nodes is routed to the wrong node or dropped; the pod only works locally.',
    commonCauses: [
      'The node\'s CIDR changed while pods kept addresses from the old one (CiliumNode re-created, operator reassigning)',
      'Pods restored from agent state after a restart with a CIDR that no longer belongs to the node',
      'Another CNI plugin still assigning addresses on the node',
    ],
    verify: ['kubectl get cep -A -o wide', 'kubectl get ciliumnode <node> -o jsonpath=\'{.spec.ipam.podCIDRs}\'', 'kubectl -n kube-system exec <agent> -- cilium-dbg endpoint list'],
  },
  run(bundle, ctx) {
    const ranges = new Map<string, Range[]>();
    for (const [node, views] of cidrViews(bundle)) {
      const own = views.filter((v) => v.source !== 'peer');
      const list = (own.length > 0 ? own : views).flatMap((v) => v.cidrs).map(parseCidr).filter((r): r is Range => r !== null);
      if (list.length > 0) ranges.set(node, list);
    }
    const outside = new Map<string, PlacedEndpoint[]>();
    for (const e of placedEndpoints(bundle)) {
      const cidrs = ranges.get(e.node);
      if (!cidrs) continue;
      const bad = e.ips.filter((ip) => {
        const family = cidrs.filter((r) => r.v6 === ip.includes(':'));
        return family.length > 0 && !family.some((r) => contains(r, ip));
      });
      if (bad.length === 0) continue;
      const list = outside.get(e.node);
      if (list) list.push({ ...e, ips: bad });
      else outside.set(e.node, [{ ...e, ips: bad }]);
    }
    for (const [node, list] of [...outside].sort(([a], [b]) => a.localeCompare(b))) {
      const ips = [...new Set(list.flatMap((e) => e.ips))];
      ctx.report({
        messageId: 'outside',
        data: { node, ips: quoteList(ips), cidrs: [...new Set((ranges.get(node) ?? []).map((r) => r.cidr))].join(', '), count: ips.length },
        nodes: [node],
        evidence: list.slice(0, 20).map((e) => e.evidence),
      });
    }
  },
});
