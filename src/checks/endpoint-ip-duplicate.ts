import { defineCheck } from './define.js';
import { quoteList } from './util-nodes.js';
import { placedEndpoints, type PlacedEndpoint } from './util-endpoints.js';

export default defineCheck({
  id: 'CR-4002',
  slug: 'endpoint-ip-duplicate',
  title: 'IP addresses held by more than one endpoint',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: [['k8s.ciliumEndpoints', 'agents.endpoints']],
  messages: {
    duplicate: (d: { ip: string; holders: string }) => `${d.ip} is held by more than one endpoint: ${d.holders}`,
  },
  docs: {
    summary: 'The same IP address held by two different endpoints, in CiliumEndpoints or agents\' endpoint lists.',
    explanation:
      'An endpoint is one pod on one node (node and endpoint id). The same pod seen both as a CiliumEndpoint and in its agent\'s endpoint list counts once. Two different endpoints with one address mean two pods answer for one IP.',
    consequences: 'Traffic to the address reaches either pod; policy identity for the address flips between them; connections reset at random.',
    commonCauses: [
      'Two nodes with overlapping pod CIDRs (see pod-cidr-overlap)',
      'A leaked IPAM allocation reused while the old pod\'s endpoint was not cleaned up',
      'A stale CiliumEndpoint left by a deleted pod on a node whose agent was down',
    ],
    verify: ['kubectl get cep -A -o wide | grep <ip>', 'kubectl -n kube-system exec <agent> -- cilium-dbg endpoint list | grep <ip>'],
  },
  run(bundle, ctx) {
    const byIp = new Map<string, PlacedEndpoint[]>();
    for (const e of placedEndpoints(bundle)) {
      for (const ip of e.ips) {
        const holders = byIp.get(ip) ?? [];
        // One pod seen twice (its CiliumEndpoint and its agent's list) is one holder: same node, and same id or name.
        if (!holders.some((h) => h.node === e.node && (h.key === e.key || h.name === e.name))) holders.push(e);
        byIp.set(ip, holders);
      }
    }
    for (const [ip, list] of [...byIp].sort(([a], [b]) => a.localeCompare(b))) {
      if (list.length < 2) continue;
      ctx.report({
        messageId: 'duplicate',
        data: { ip, holders: quoteList(list.map((e) => `${e.name} on ${e.node}`)) },
        nodes: list.map((e) => e.node),
        evidence: list.map((e) => e.evidence),
      });
    }
  },
});
