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
    const byIp = new Map<string, { holders: PlacedEndpoint[]; seen: Set<string> }>();
    for (const e of placedEndpoints(bundle)) {
      for (const ip of e.ips) {
        let entry = byIp.get(ip);
        if (!entry) byIp.set(ip, (entry = { holders: [], seen: new Set() }));
        // One pod seen twice (its CiliumEndpoint and its agent's list) is one holder: same node, and same id or name.
        const byKey = `${e.node}\0k\0${e.key}`;
        const byName = `${e.node}\0n\0${e.name}`;
        if (entry.seen.has(byKey) || entry.seen.has(byName)) continue;
        entry.seen.add(byKey);
        entry.seen.add(byName);
        entry.holders.push(e);
      }
    }
    for (const [ip, { holders: list }] of Array.from(byIp).sort(([a], [b]) => a.localeCompare(b))) {
      if (list.length < 2) continue;
      ctx.report({
        messageId: 'duplicate',
        data: { ip, holders: quoteList(list.map((e) => `${e.name} on ${e.node}`)) },
        nodes: list.map((e) => e.node),
        evidence: list.slice(0, 20).map((e) => e.evidence),
      });
    }
  },
});

/** `"pod-a" on "node-1", "pod-b" on "node-2"`, at most eight and a count of the rest. */
