import { defineCheck } from './define.js';
import { analyseHealth, cellEvidence, fallbackNote } from './util-health.js';

export default defineCheck({
  id: 'CR-3003',
  slug: 'health-partition',
  title: 'Nodes split into groups that cannot reach each other',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['health'],
  thresholds: {
    fraction: { default: 0.8, description: 'share of the probes across groups that must fail' },
  },
  messages: {
    partition: (d: { groups: string; shared: string }) => `The nodes are split into groups that cannot reach each other: ${d.groups}${d.shared ? `; the groups share ${d.shared}` : ''}`,
  },
  docs: {
    summary: 'Groups of two or more nodes that reach each other but not the other group: a network partition.',
    explanation:
      'Nodes are grouped by health results: two nodes are in one group when at least one of them reaches the other on every probe. When two or more such groups of at least two nodes exist and most probes across them fail, the cluster is partitioned. The finding names the groups and what each group\'s nodes have in common (a /24 of their InternalIPs, a zone label).',
    consequences: 'Pods in one group cannot reach pods in the other: services with backends on both sides fail intermittently.',
    commonCauses: [
      'A firewall or security group between subnets or availability zones that lets node traffic through but blocks tunnel (8472/UDP, 6081/UDP) or health (4240/TCP) traffic',
      'Routes for one group\'s pod CIDRs missing in the other group\'s network (native routing)',
      'Different encryption settings between groups (WireGuard or IPsec keys not exchanged)',
    ],
    verify: [
      'kubectl -n kube-system exec <agent-in-group-a> -- cilium-health status --probe',
      'kubectl get nodes -L topology.kubernetes.io/zone -o wide',
    ],
  },
  run(bundle, ctx) {
    const m = bundle.health;
    if (!m) return;
    const fallback = fallbackNote(m);
    if (fallback) ctx.usedFallback(fallback);
    for (const p of analyseHealth(m, bundle.k8s.nodes, { partitionFraction: ctx.thresholds.fraction }).partitions) {
      const shared = p.shared.map((s, i) => (s ? `group ${i + 1}: ${s}` : '')).filter(Boolean).join('; ');
      ctx.report({
        messageId: 'partition',
        data: { groups: p.groups.slice(0, 8).map((g) => `{${g.slice(0, 20).join(', ')}${g.length > 20 ? ` and ${g.length - 20} more` : ''}}`).join(' and ') + (p.groups.length > 8 ? ` and ${p.groups.length - 8} more groups` : ''), shared },
        nodes: p.groups.flat(),
        evidence: cellEvidence(m, p.failedCells),
      });
    }
  },
});
