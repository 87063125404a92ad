import type { Drop } from '../model/misc.js';
import { defineCheck, evidenceOf } from './define.js';
import { quoteList } from './util-nodes.js';

/** Drop reasons that are the datapath doing its job: a policy said no. */
const POLICY = /policy denied|denied by|policy deny|POLICY_DENIED|AUTH_REQUIRED/i;

export default defineCheck({
  id: 'CR-6001',
  slug: 'drops',
  title: 'Packets the datapath dropped',
  impact: 'datapath',
  defaultSeverity: 'warning',
  messageSeverity: { policy: 'info' },
  needs: ['agents.drops'],
  thresholds: {
    minCount: { default: 1, description: 'drops of one reason (summed over nodes) below which nothing is reported' },
  },
  messages: {
    drops: (d: { reason: string; total: number; nodes: string }) => `The datapath dropped ${d.total} packets with reason ${d.reason} on ${d.nodes}`,
    policy: (d: { reason: string; total: number; nodes: string }) => `Network policy dropped ${d.total} packets (${d.reason}) on ${d.nodes}`,
  },
  docs: {
    summary: 'Packets the datapath dropped, by reason and node, from drop counters (`cilium metrics list`, `cilium bpf metrics list`), Hubble flows or `cilium monitor --type drop` output.',
    explanation:
      'Per agent the best source is used (counters since agent start, else the recent Hubble flows in the bundle, else monitor output) and drops are summed by reason. Policy denials are reported as information: they are what policies are for, but they explain many "connection refused" reports. Other reasons point at datapath faults.',
    consequences: 'Dropped packets are lost connections, retransmits and timeouts. Reasons such as "Stale or unroutable IP", "CT: Map insertion failed", "No mapping for NAT masquerade" or "Invalid source ip" point at state or capacity problems.',
    commonCauses: [
      'Network policies denying traffic that should be allowed (missing rule, wrong labels)',
      'Conntrack or NAT maps full under load (raise bpf-ct-global-*-max / bpf-nat-global-max)',
      'Stale routes or ipcache entries after node or pod IP changes',
      'MTU mismatches (fragmentation needed), spoofed or unexpected source addresses',
    ],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg monitor --type drop', 'kubectl -n kube-system exec <agent> -- cilium-dbg metrics list | grep drop', 'hubble observe --verdict DROPPED'],
  },
  run(bundle, ctx) {
    const byReason = new Map<string, { total: number; perNode: Map<string, number>; first: Drop[] }>();
    for (const agent of bundle.agents) {
      if (!agent.drops || agent.drops.length === 0) continue;
      const node = agent.node ?? agent.pod;
      // Counters already include what flows and monitor lines show; counting both would double them.
      const kind = (['metric', 'flow', 'monitor'] as const).find((k) => agent.drops?.some((d) => d.kind === k));
      for (const d of agent.drops.filter((x) => x.kind === kind)) {
        if (d.count <= 0) continue;
        const entry = byReason.get(d.reason) ?? { total: 0, perNode: new Map<string, number>(), first: [] };
        entry.total += d.count;
        entry.perNode.set(node, (entry.perNode.get(node) ?? 0) + d.count);
        if (entry.first.length < 10 && !entry.first.some((x) => x.src.file === d.src.file)) entry.first.push(d);
        byReason.set(d.reason, entry);
      }
    }
    for (const [reason, entry] of [...byReason].sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]))) {
      if (entry.total < ctx.thresholds.minCount) continue;
      const nodes = [...entry.perNode].sort((a, b) => b[1] - a[1]);
      ctx.report({
        messageId: POLICY.test(reason) ? 'policy' : 'drops',
        data: { reason, total: entry.total, nodes: quoteList(nodes.map(([n, c]) => (nodes.length > 1 ? `${n} (${c})` : n))) },
        nodes: nodes.map(([n]) => n),
        evidence: entry.first.map((d) => evidenceOf(d)),
      });
    }
  },
});
