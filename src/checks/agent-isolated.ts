import { defineCheck } from './define.js';
import { analyseHealth, cellEvidence, fallbackNote } from './util-health.js';

export default defineCheck({
  id: 'CR-3002',
  slug: 'agent-isolated',
  title: 'An agent that cannot reach most nodes',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['health'],
  thresholds: {
    fraction: { default: 0.5, description: 'share of the probed nodes the agent must fail to reach (more than this)' },
  },
  messages: {
    isolated: (d: { node: string; failed: number; probed: number }) =>
      `The agent on ${d.node} cannot reach ${d.failed} of the ${d.probed} nodes it probes, while other agents reach them`,
  },
  docs: {
    summary: 'An agent that fails to reach most nodes that the other agents reach: the observer is the suspect.',
    explanation:
      'From the matrix of every agent\'s health probes, the check finds an observer whose probes fail to more than half of the nodes it probes, leaving out nodes that everyone fails to reach (those are reported as node-unreachable). When the other agents also fail to reach this node, it is reported once as a node cut off, under node-unreachable.',
    consequences:
      'Pods on this node cannot reach pods elsewhere, or only partly: egress from the node is broken while the rest of the cluster is fine.',
    commonCauses: [
      'Egress from the node blocked (host firewall, security group, NetworkPolicy on the host endpoint)',
      'The agent\'s datapath not programmed: stale routes or tunnel map, the agent restarting',
      'A wrong node IP or MTU on this node only',
    ],
    verify: [
      'kubectl -n kube-system exec <agent-on-that-node> -- cilium-health status --probe --verbose',
      'kubectl -n kube-system exec <agent-on-that-node> -- cilium-dbg status --verbose',
      'kubectl -n kube-system exec <agent-on-that-node> -- cilium-dbg bpf tunnel list',
    ],
  },
  run(bundle, ctx) {
    const m = bundle.health;
    if (!m) return;
    const fallback = fallbackNote(m);
    if (fallback) ctx.usedFallback(fallback);
    for (const i of analyseHealth(m, bundle.k8s.nodes, { isolatedFraction: ctx.thresholds.fraction }).isolated) {
      ctx.report({
        messageId: 'isolated',
        data: { node: i.node, failed: i.failed, probed: i.probed },
        nodes: [i.node],
        evidence: cellEvidence(m, i.failedCells),
      });
    }
  },
});
