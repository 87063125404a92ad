import { defineCheck } from './define.js';
import { analyseHealth, cellEvidence, fallbackNote } from './util-health.js';
import { quoteList } from './util-nodes.js';

export default defineCheck({
  id: 'CR-3004',
  slug: 'health-asymmetric',
  title: 'One-way reachability between nodes',
  defaultSeverity: 'warning',
  needs: ['health'],
  messages: {
    oneWay: (d: { from: string; to: string; count: number }) =>
      `Unreachable ${d.to} from the agent on "${d.from}", while ${d.count === 1 ? 'that node reaches' : 'those nodes reach'} "${d.from}"`,
  },
  docs: {
    summary: 'Node A fails to reach node B while B reaches A: a one-way failure not explained by a down node or an isolated agent.',
    explanation:
      'After partitions, unreachable nodes and isolated agents are accounted for, the remaining failed probes are compared with the probes in the other direction. A failure whose reverse succeeds is reported, grouped by the failing observer.',
    consequences: 'Connections opened from A to B fail or hang while B to A works: stateful firewalls and asymmetric routes show up like this.',
    commonCauses: [
      'A stateful firewall or security group rule allowing traffic in one direction only',
      'Asymmetric routing: replies leave through another interface (multiple NICs, policy routing) and are dropped by reverse-path filtering',
      'A stale entry in one agent\'s tunnel or ipcache map for the other node',
    ],
    verify: [
      'kubectl -n kube-system exec <agent-on-A> -- cilium-health status --probe --verbose',
      'kubectl -n kube-system exec <agent-on-A> -- cilium-dbg bpf ipcache list | grep <B-health-ip>',
    ],
  },
  run(bundle, ctx) {
    const m = bundle.health;
    if (!m) return;
    const fallback = fallbackNote(m);
    if (fallback) ctx.usedFallback(fallback);
    for (const a of analyseHealth(m, bundle.k8s.nodes).asymmetric) {
      ctx.report({
        messageId: 'oneWay',
        data: { from: a.from, to: quoteList(a.to, 20), count: a.to.length },
        nodes: [a.from, ...a.to],
        evidence: cellEvidence(m, a.failedCells),
      });
    }
  },
});
