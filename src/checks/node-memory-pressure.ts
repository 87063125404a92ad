import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-1052',
  slug: 'node-memory-pressure',
  title: 'Node nearly or fully out of memory',
  impact: 'datapath',
  defaultSeverity: 'error',
  messageSeverity: { high: 'warning' },
  needs: ['k8s.nodeUsage'],
  thresholds: {
    warnPercent: { default: 90, description: 'memory use (percent of capacity) reported as a warning' },
    errorPercent: { default: 97, description: 'memory use (percent of capacity) reported as an error' },
  },
  messages: {
    exhausted: (d: { node: string; percent: number; used: number; oom: string }) =>
      `Node ${d.node} uses ${d.percent}% of its memory (${d.used}Mi)${d.oom}: the kernel OOM-kills processes on it, the cilium-agent among them, and each agent restart interrupts the datapath's control plane on the node. Free memory on the node (evict or limit workloads, set memory requests) or give it more`,
    high: (d: { node: string; percent: number; used: number; oom: string }) =>
      `Node ${d.node} uses ${d.percent}% of its memory (${d.used}Mi)${d.oom}; close to the point where the kernel OOM-kills processes, the cilium-agent among them. Free memory on the node or give it more`,
  },
  docs: {
    summary: 'A node whose memory use, as the metrics API reports it at collection time, is close to or at its capacity.',
    explanation: 'cilium-cli v0.18.8+ writes `kubectl top nodes` into the sysdump (`k8s-node-memory-cpu-usage-<ts>.txt`, percentages of the node\'s capacity). A node at `warnPercent` is close to memory exhaustion, at `errorPercent` the kernel is reclaiming and OOM-killing. The message adds how often the node\'s agent was OOM-killed, from the pods list.',
    consequences: 'Under memory pressure the kernel kills processes: an OOM-killed cilium-agent restarts, and while it is down endpoints are not created, policies and services not updated, and health checks fail; pods on the node are evicted.',
    commonCauses: ['Workloads without memory limits or with requests far below their use', 'Too small nodes for the pods scheduled on them', 'A memory leak in a node daemon (the agent itself included: compare its usage in k8s-pod-memory-cpu-usage)'],
    verify: ['kubectl top nodes', 'kubectl describe node <node> | grep -A8 "Allocated resources"', 'kubectl -n kube-system get pod <agent> -o jsonpath="{.status.containerStatuses[*].lastState}"'],
  },
  run(bundle, ctx) {
    const agents = new Map((bundle.k8s.pods ?? []).filter((p) => p.role === 'agent' && p.nodeName).map((p) => [p.nodeName as string, p]));
    for (const row of bundle.k8s.nodeUsage ?? []) {
      if (row.memoryPercent === null || row.memoryPercent < ctx.thresholds.warnPercent) continue;
      const pod = agents.get(row.name);
      const agent = pod?.containers.find((c) => c.name === 'cilium-agent');
      const oom = agent && agent.lastTerminationReason === 'OOMKilled' ? `; its cilium-agent was last terminated OOMKilled (${agent.restartCount} restarts)` : '';
      ctx.report({
        messageId: row.memoryPercent >= ctx.thresholds.errorPercent ? 'exhausted' : 'high',
        data: { node: row.name, percent: row.memoryPercent, used: row.memoryMi, oom },
        nodes: [row.name],
        evidence: [evidenceOf(row), ...(pod && oom ? [evidenceOf(pod, 'the agent pod')] : [])],
      });
    }
  },
});
