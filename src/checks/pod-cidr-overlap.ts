import { defineCheck } from './define.js';
import { type Range, overlaps, parseCidr } from './util-cidr.js';
import { type CidrView, cidrViews } from './util-nodes.js';

export default defineCheck({
  id: 'CR-2001',
  slug: 'pod-cidr-overlap',
  title: 'Pod CIDRs of two nodes that overlap',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: [['k8s.ciliumNodes', 'agents.status', 'agents.nodeList']],
  messages: {
    overlap: (d: { a: string; b: string; cidrA: string; cidrB: string }) =>
      `The pod CIDR ${d.cidrA} of ${d.a} overlaps ${d.cidrB} of ${d.b}`,
  },
  docs: {
    summary: 'Two nodes whose pod CIDRs overlap, in any source (Kubernetes Node when it matters, CiliumNode, agents).',
    explanation:
      'Every pod CIDR any source assigns to a node is compared with every other node\'s. Two different nodes must never share addresses: each node routes its CIDR to its own pods. Kubernetes Node podCIDRs count only when Cilium uses them (`ipam: kubernetes`).',
    consequences: 'Pods on the two nodes can get the same IP; traffic for one is routed to the other node, and connections fail or reach the wrong pod.',
    commonCauses: [
      'Two IPAM sources active: kube-controller-manager allocating node CIDRs and the Cilium operator allocating from an overlapping cluster-pool',
      'A cluster-pool changed while nodes kept their old CIDRs',
      'A node deleted and re-created while a stale CiliumNode kept its CIDR',
    ],
    verify: [
      'kubectl get ciliumnodes -o custom-columns=NAME:.metadata.name,CIDRS:.spec.ipam.podCIDRs',
      'kubectl get nodes -o custom-columns=NAME:.metadata.name,CIDRS:.spec.podCIDRs',
      'kubectl -n kube-system exec ds/cilium -- cilium-dbg node list',
    ],
  },
  run(bundle, ctx) {
    const entries: { node: string; range: Range; view: CidrView }[] = [];
    for (const [node, views] of cidrViews(bundle)) {
      const seen = new Set<string>();
      for (const view of views) {
        for (const cidr of view.cidrs) {
          const range = parseCidr(cidr);
          if (!range || seen.has(cidr)) continue;
          seen.add(cidr);
          entries.push({ node, range, view });
        }
      }
    }
    // Sweep by start address: only neighbours that start before the current range ends can overlap it.
    entries.sort((x, y) => (x.range.v6 === y.range.v6 ? (x.range.start < y.range.start ? -1 : x.range.start > y.range.start ? 1 : 0) : x.range.v6 ? 1 : -1));
    const reported = new Set<string>();
    for (let i = 0; i < entries.length; i++) {
      const a = entries[i] as (typeof entries)[number];
      for (let j = i + 1; j < entries.length; j++) {
        const b = entries[j] as (typeof entries)[number];
        if (b.range.v6 !== a.range.v6 || b.range.start > a.range.end) break;
        if (a.node === b.node || !overlaps(a.range, b.range)) continue;
        const [x, y] = a.node < b.node ? [a, b] : [b, a];
        const key = `${x.node}\0${y.node}\0${x.range.cidr}\0${y.range.cidr}`;
        if (reported.has(key)) continue;
        reported.add(key);
        ctx.report({
          messageId: 'overlap',
          data: { a: x.node, b: y.node, cidrA: x.range.cidr, cidrB: y.range.cidr },
          nodes: [x.node, y.node],
          evidence: [x.view.evidence, y.view.evidence],
        });
      }
    }
  },
});
