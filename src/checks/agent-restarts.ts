import type { ContainerStatus } from '../model/k8s.js';
import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-1004',
  slug: 'agent-restarts',
  title: 'Agent pods restarted, crash-looping or OOM-killed',
  defaultSeverity: 'warning',
  messageSeverity: { crashLooping: 'error', oomKilled: 'error' },
  needs: ['k8s.pods'],
  thresholds: {
    minRestarts: { default: 1, description: 'restarts of a Cilium container at or above which the pod is reported' },
  },
  messages: {
    crashLooping: (d: { pod: string; node: string; container: string; restarts: number; last: string }) =>
      `Unexpected crash loop of "${d.container}" in "${d.pod}" on node "${d.node}": ${d.restarts} restarts${d.last}`,
    oomKilled: (d: { pod: string; node: string; container: string; restarts: number; last: string }) =>
      `Unexpected OOM kill of "${d.container}" in "${d.pod}" on node "${d.node}": ${d.restarts} restarts${d.last}`,
    restarted: (d: { pod: string; node: string; container: string; restarts: number; last: string }) =>
      `Unexpected restarts of "${d.container}" in "${d.pod}" on node "${d.node}": ${d.restarts}${d.last}`,
  },
  docs: {
    summary: 'Cilium agent or operator pods whose containers restarted, are crash-looping, or were killed for memory.',
    explanation:
      'From `k8s-pods-<ts>.yaml`, each Cilium pod\'s container statuses: restart count, the reason the container is waiting (`CrashLoopBackOff`) and the reason of its last termination (`OOMKilled`, `Error`). A restarted agent rebuilds its datapath state; the bundle has the previous container\'s log as `logs-<pod>-cilium-agent-<ts>-prev.log`.',
    consequences:
      'While an agent restarts, new pods on its node get no network, policies and services are not updated, and health probes to the node fail. OOM kills recur until limits or load change.',
    commonCauses: [
      'Memory limits too low for the cluster size (identities, endpoints, policy maps grow with the cluster)',
      'A fatal error at start-up (see the -prev.log of the container): kernel feature missing, conflicting CNI, bad configuration',
      'Liveness probe failures when the agent is overloaded or the API server is slow',
    ],
    verify: [
      'kubectl -n kube-system get pods -l k8s-app=cilium -o wide',
      'kubectl -n kube-system describe pod <pod> | sed -n \'/Last State/,/Ready/p\'',
      'kubectl -n kube-system logs <pod> -c cilium-agent --previous | tail -50',
    ],
  },
  run(bundle, ctx) {
    for (const pod of bundle.k8s.pods ?? []) {
      if (pod.role === 'other') continue;
      for (const c of pod.containers) {
        const kind = classify(c, ctx.thresholds.minRestarts);
        if (!kind) continue;
        const last = c.lastTerminationReason
          ? `, last terminated: ${c.lastTerminationReason}${c.lastTerminationExitCode !== null ? ` (exit ${c.lastTerminationExitCode})` : ''}${c.lastTerminationTime ? ` at ${c.lastTerminationTime}` : ''}`
          : '';
        const node = pod.nodeName ?? 'unknown';
        ctx.report({
          messageId: kind,
          data: { pod: pod.name, node, container: c.name, restarts: c.restartCount, last },
          nodes: pod.nodeName ? [pod.nodeName] : [],
          evidence: [evidenceOf(pod, `pod ${pod.namespace}/${pod.name}`)],
        });
      }
    }
  },
});

function classify(c: ContainerStatus, minRestarts: number): 'crashLooping' | 'oomKilled' | 'restarted' | null {
  if (c.waitingReason === 'CrashLoopBackOff') return 'crashLooping';
  if (c.lastTerminationReason === 'OOMKilled') return 'oomKilled';
  if (c.restartCount >= minRestarts && minRestarts > 0) return 'restarted';
  return null;
}
