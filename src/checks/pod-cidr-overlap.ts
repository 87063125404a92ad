import { defineCheck } from './define.js';
import { type Range, parseCidr } from './util-cidr.js';
import { type CidrView, cidrViews, quoteList } from './util-nodes.js';

type Entry = { node: string; range: Range; view: CidrView };

export default defineCheck({
  id: 'CR-2001',
  slug: 'pod-cidr-overlap',
  title: 'Pod CIDRs that overlap between nodes',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: [['k8s.ciliumNodes', 'agents.status', 'agents.nodeList']],
  messages: {
    overlap: (d: { a: string; b: string; cidrA: string; cidrB: string }) =>
      `The pod CIDR ${d.cidrA} of ${d.a} overlaps ${d.cidrB} of ${d.b}`,
    overlapGroup: (d: { cidr: string; count: number; claims: string }) => `${d.count} nodes claim addresses in ${d.cidr}: ${d.claims}`,
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
    const entries: Entry[] = [];
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
    // Sweep by start address, the wider range first: CIDRs nest or are apart, so each run of ranges that starts
    // before the run's end is one outer CIDR and everything inside it. One finding per run, never per pair: 3,000
    // nodes claiming one /24 are one finding.
    entries.sort((x, y) => (x.range.v6 === y.range.v6 ? (x.range.start < y.range.start ? -1 : x.range.start > y.range.start ? 1 : x.range.end > y.range.end ? -1 : x.range.end < y.range.end ? 1 : 0) : x.range.v6 ? 1 : -1));
    for (let i = 0; i < entries.length; ) {
      const outer = entries[i] as Entry;
      let j = i + 1;
      while (j < entries.length && (entries[j] as Entry).range.v6 === outer.range.v6 && (entries[j] as Entry).range.start <= outer.range.end) j++;
      const run = entries.slice(i, j);
      i = j;
      const nodes = new Set(run.map((e) => e.node));
      if (nodes.size < 2) continue;
      if (run.length === 2) {
        const [x, y] = (run[0] as Entry).node < (run[1] as Entry).node ? (run as [Entry, Entry]) : ([run[1], run[0]] as [Entry, Entry]);
        ctx.report({
          messageId: 'overlap',
          data: { a: x.node, b: y.node, cidrA: x.range.cidr, cidrB: y.range.cidr },
          nodes: [x.node, y.node],
          evidence: [x.view.evidence, y.view.evidence],
        });
        continue;
      }
      const claims = run.slice().sort((x, y) => x.node.localeCompare(y.node) || x.range.cidr.localeCompare(y.range.cidr));
      ctx.report({
        messageId: 'overlapGroup',
        data: { cidr: outer.range.cidr, count: nodes.size, claims: quoteList(claims.map((e) => `${e.node} (${e.range.cidr})`)) },
        nodes: Array.from(nodes),
        evidence: claims.slice(0, 20).map((e) => e.view.evidence),
      });
    }
  },
});

