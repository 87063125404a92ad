import type { Bundle } from '../model/bundle.js';
import type { Evidence } from '../model/common.js';
import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-1001',
  slug: 'agent-missing',
  title: 'Nodes without a Cilium agent, and agents that left no output',
  impact: 'datapath',
  messageImpact: { noOutput: 'visibility' },
  defaultSeverity: 'error',
  messageSeverity: { noOutput: 'warning' },
  needs: [['k8s.nodes', 'k8s.pods', 'agents']],
  messages: {
    noAgent: (d: { node: string }) => `${d.node} has no Cilium agent: no cilium pod is scheduled there, so pods on it get no network from Cilium`,
    noOutput: (d: { node: string; pod: string; why: string }) => `The agent ${d.pod} on ${d.node} left no output in the bundle: ${d.why}`,
  },
  docs: {
    summary: 'A Kubernetes node with no Cilium agent pod, or whose agent left no bugtool output in the bundle.',
    explanation:
      'Every node needs a cilium-agent pod (DaemonSet `cilium`). The check compares the Kubernetes Nodes with the agent pods of `k8s-pods-<ts>.yaml` (label `k8s-app=cilium`), and each agent pod with the per-agent `cilium-bugtool-<pod>-<ts>/` folders of the bundle. A node without an agent has no pod networking; an agent without output is a blind spot of this report.',
    consequences: 'Pods on a node without an agent get no network (or keep stale datapath state). An agent without output cannot be checked: every other check is silent about that node.',
    commonCauses: [
      'The DaemonSet does not tolerate the node\'s taints, or a nodeSelector/affinity excludes it',
      'The agent pod is pending (image pull, resources) or crash-looping',
      'The sysdump was taken with `--quick` or `--node-list`, or the bugtool failed on that agent (see cilium-sysdump.log)',
    ],
    verify: [
      'kubectl -n kube-system get pods -l k8s-app=cilium -o wide',
      'kubectl describe node <node> | grep -i taints',
      'grep -i bugtool cilium-sysdump.log',
    ],
  },
  run(bundle, ctx) {
    const agentPods = (bundle.k8s.pods ?? []).filter((p) => p.role === 'agent');
    if (bundle.k8s.nodes && bundle.k8s.pods) {
      const covered = new Set(agentPods.map((p) => p.nodeName));
      for (const node of bundle.k8s.nodes) {
        if (covered.has(node.name)) continue;
        ctx.report({ messageId: 'noAgent', data: { node: node.name }, nodes: [node.name], evidence: [evidenceOf(node, 'the Kubernetes Node')] });
      }
    }
    const podByName = new Map<string, (typeof agentPods)[number]>();
    for (const p of agentPods) if (!podByName.has(p.name)) podByName.set(p.name, p);
    const silent = bundle.agents.filter((a) => !a.folder && !a.status);
    const taskOf = silent.length > 0 ? failedTaskByPod(bundle.sysdumpLog?.failedTasks ?? []) : new Map<string, FailedTask>();
    for (const agent of silent) {
      const pod = podByName.get(agent.pod);
      const failed = taskOf.get(agent.pod);
      const ev: Evidence[] = [];
      if (pod) ev.push(evidenceOf(pod, 'the agent pod'));
      if (failed) ev.push(evidenceOf(failed, 'cilium-sysdump.log'));
      // An agent is known from the pods list or from files of its own, so one of the two is always there.
      if (ev.length === 0) continue;
      const why = failed ? `the collector failed: ${failed.error}` : 'no cilium-bugtool folder in the bundle (sysdump run with --quick or --node-list, or the bugtool failed)';
      ctx.report({ messageId: 'noOutput', data: { node: agent.node ?? pod?.nodeName ?? 'unknown', pod: agent.pod, why }, nodes: agent.node ? [agent.node] : [], evidence: ev });
    }
  },
});

type FailedTask = NonNullable<Bundle['sysdumpLog']>['failedTasks'][number];

/**
 * Failed tasks by every pod-like name they mention (`Collecting bugtool output from pod cilium-bbbbb`): one pass
 * over the tasks, instead of one per agent.
 */
function failedTaskByPod(tasks: readonly FailedTask[]): Map<string, FailedTask> {
  const out = new Map<string, FailedTask>();
  for (const t of tasks) {
    for (const text of [t.task, t.error]) {
      for (const token of text.split(/[^A-Za-z0-9.-]+/)) {
        let end = token.length;
        while (end > 0 && token[end - 1] === '.') end--;
        const name = token.slice(0, end);
        if (name && !out.has(name)) out.set(name, t);
      }
    }
  }
  return out;
}
