import type { Evidence } from '../model/common.js';
import type { ContainerStatus, Pod } from '../model/k8s.js';
import type { LogLine } from '../model/misc.js';
import { clause, defineCheck, evidence, evidenceOf, type KnowledgeRef } from './define.js';
import { componentLogs, containerLogs, containerName, exitLines, formatTime, knowledgeRef, knownMessage, quote } from './util-logs.js';

type Data = {
  /** How the message names the container: `cilium-agent on node-3`, `the config init container of …`. */
  who: string;
  pod: string;
  node: string;
  container: string;
  restarts: number;
  /** `since 2022-11-10 18:40:12 UTC` (the pod's start), or ''. */
  since: string;
  /** Why the last run ended, in words: `it exits with: …`, or what the pod status says when no log line does. */
  why: string;
  /** What to change, from the knowledge base, or ''. */
  fix: string;
};

const tail = (d: Data) => `${d.why ? `; ${d.why}` : ''}${d.fix ? `; to fix, ${d.fix}` : ''}`;

export default defineCheck({
  id: 'CR-1004',
  slug: 'agent-restarts',
  title: 'Cilium containers restarting, crash-looping or OOM-killed, and why',
  defaultSeverity: 'warning',
  messageSeverity: { crashLooping: 'error', oomKilled: 'error' },
  needs: ['k8s.pods'],
  impact: 'datapath',
  thresholds: {
    minRestarts: { default: 1, description: 'restarts of a Cilium container at or above which the pod is reported' },
  },
  messages: {
    crashLooping: (d: Data) => `${d.who} is crash-looping: ${d.restarts} restart${d.restarts === 1 ? '' : 's'}${d.since ? ` since ${d.since}` : ''}${tail(d)}`,
    oomKilled: (d: Data & { looping: boolean; limit: string; at: string }) =>
      `${d.who} ${d.looping ? `is crash-looping: ${d.restarts} restart${d.restarts === 1 ? '' : 's'}` : `restarted ${d.restarts} time${d.restarts === 1 ? '' : 's'}`}${d.since ? ` since ${d.since}` : ''}; it was OOM-killed${d.at ? ` at ${d.at}` : ''}${d.limit ? `, over its memory limit of ${d.limit}` : ' with no memory limit set, so the node itself ran out of memory'}${tail(d)}`,
    restarted: (d: Data) => `${d.who} restarted ${d.restarts} time${d.restarts === 1 ? '' : 's'}${d.since ? ` since ${d.since}` : ''}${tail(d)}`,
  },
  docs: {
    summary: 'Containers of Cilium pods (agent and its init containers, operator, hubble-relay, clustermesh-apiserver, envoy) that restarted, are crash-looping or were killed for memory, with the lines of their previous log that say why.',
    explanation:
      'From `k8s-pods-<ts>.yaml`, the status of every container and init container of every Cilium pod: restart count, the reason it waits (`CrashLoopBackOff`), and how its last run ended (`lastState.terminated`: reason, exit code, finish time). The container\'s log (`logs-<pod>-<container>-<ts>-prev.log`, or the current log when the container is not running) is read for the last fatal, panic or error line before the exit; a line the knowledge base knows comes with its meaning and the setting to change. An OOM kill names the memory limit of the pod spec.',
    consequences:
      'While the agent restarts, new pods on its node get no network, policies and services are not updated, and health probes to the node fail. A crashed operator stops IPAM allocation and CRD management for the whole cluster. OOM kills recur until the limit or the load changes.',
    commonCauses: [
      'A fatal configuration error at start-up (an option that needs another one, a missing kernel feature): the exit line says which',
      'The API server unreachable from the node (no kube-proxy and k8sServiceHost unset, or a firewall): the config init container and the operator exit first',
      'A memory limit too low for the cluster size (identities, endpoints and policy maps grow with it)',
      'Liveness probe failures while the agent is overloaded',
    ],
    verify: [
      'kubectl -n kube-system get pods -l k8s-app=cilium -o wide',
      'kubectl -n kube-system describe pod <pod> | sed -n \'/Last State/,/Ready/p\'',
      'kubectl -n kube-system logs <pod> -c <container> --previous | grep -E "level=(fatal|error)|panic" | tail -5',
    ],
  },
  run(bundle, ctx) {
    const logs = componentLogs(bundle);
    for (const pod of bundle.k8s.pods ?? []) {
      if (pod.role === 'other') continue;
      for (const c of pod.containers) {
        const kind = classify(c, ctx.thresholds.minRestarts);
        if (!kind) continue;
        const { current, previous } = containerLogs(logs, pod.name, c.name);
        // A container that is not running now left its last run's log as the current one too.
        const lines = exitLines(c.state?.kind === 'running' ? [previous] : [previous, current]);
        const decisive = lines[lines.length - 1] ?? null;
        const known = knownMessage(decisive?.known ?? null);
        const data: Data = {
          who: containerName(pod, c.name, c.init),
          pod: pod.name,
          node: pod.nodeName ?? 'unknown',
          container: c.name,
          restarts: c.restartCount,
          since: formatTime(pod.startTime),
          why: why(c, decisive),
          fix: known ? clause(known.fix) : '',
        };
        const ev = [...statusEvidence(pod, c), ...lines.map((l) => evidenceOf(l, `${l.level} line of ${c.name}'s ${l.src.file.endsWith('-prev.log') ? 'previous' : 'last'} log`))];
        const facts = {
          subject: c.name,
          impact: pod.role === 'agent' ? ('datapath' as const) : ('control-plane' as const),
          tags: [`component:${componentOfPod(pod, c)}`, `role:${pod.role}`, ...(c.init ? ['init'] : []), ...(known ? [`area:${known.area}`, `known:${known.id}`] : []), ...apiserverTag(lines)],
          // A container waiting to restart is down now; a restart that recovered was true when its last run ended.
          at: c.state?.kind === 'running' ? (c.lastState?.finishedAt ?? null) : null,
          knowledge: known ? [knowledgeRef(known)] satisfies KnowledgeRef[] : [],
          nodes: pod.nodeName ? [pod.nodeName] : [],
          evidence: ev,
        };
        if (kind === 'oomKilled') {
          const looping = c.state?.reason === 'CrashLoopBackOff';
          const fix = data.fix || (c.memoryLimit ? `raise the container's memory limit above ${c.memoryLimit} (Helm resources.limits.memory), or cut what grows with the cluster (identities, endpoints, policy map entries)` : '');
          ctx.report({ messageId: 'oomKilled', data: { ...data, fix, looping, limit: c.memoryLimit ?? '', at: formatTime(c.lastState?.finishedAt ?? null) }, ...facts, at: looping ? null : facts.at });
        } else ctx.report({ messageId: kind, data, ...facts });
      }
    }
  },
});

function classify(c: ContainerStatus, minRestarts: number): 'crashLooping' | 'oomKilled' | 'restarted' | null {
  if (c.lastState?.reason === 'OOMKilled' || c.state?.reason === 'OOMKilled') return 'oomKilled';
  if (c.state?.reason === 'CrashLoopBackOff') return 'crashLooping';
  if (c.restartCount >= minRestarts && minRestarts > 0) return 'restarted';
  return null;
}

/** The cause in words: the decisive log line, else how the pod status says the last run ended. */
function why(c: ContainerStatus, decisive: LogLine | null): string {
  if (decisive) return `it ${c.state?.kind === 'running' && c.lastState?.reason !== 'OOMKilled' ? 'exited' : 'exits'} with: ${quote(decisive.message)}`;
  const last = c.lastState ?? (c.state?.kind === 'terminated' ? c.state : null);
  if (last?.reason === 'OOMKilled') return '';
  if (last) {
    const message = last.message ? `: ${quote(last.message, 200)}` : '';
    return `its last run ended with ${last.reason ?? 'an exit'}${last.exitCode !== null ? ` (exit code ${last.exitCode})` : ''}${last.finishedAt ? ` at ${formatTime(last.finishedAt)}` : ''}${message}, and the bundle has no log line that says why`;
  }
  return 'the bundle has no log or termination record that says why';
}

/** The pod status lines that show the restarts: count, waiting reason, how the last run ended, the memory limit. */
function statusEvidence(pod: Pod, c: ContainerStatus): Evidence[] {
  const file = pod.src.file;
  const out: Evidence[] = [];
  const note = `${c.init ? 'init container' : 'container'} ${c.name} of pod ${pod.namespace}/${pod.name}`;
  for (const field of ['restartCount', 'state.reason', 'state.message', 'lastState', 'lastState.reason', 'lastState.exitCode', 'lastState.finishedAt', 'memoryLimit']) {
    const ref = c.lines[field];
    if (ref) out.push(evidence(file, ref.line, ref.excerpt, out.length === 0 ? note : undefined));
  }
  return out.length > 0 ? out : [evidenceOf(pod, `pod ${pod.namespace}/${pod.name}`)];
}

function componentOfPod(pod: Pod, c: ContainerStatus): string {
  switch (pod.role) {
    case 'agent':
      return c.init ? 'init' : 'cilium-agent';
    case 'operator':
      return 'cilium-operator';
    case 'envoy':
      return 'cilium-envoy';
    default:
      return pod.role;
  }
}

/** Exit lines that show the API server could not be reached, known to the knowledge base or not. */
function apiserverTag(lines: readonly LogLine[]): string[] {
  return lines.some((l) => /api-?server|Kubernetes apiserver|k8s api/i.test(l.message) && /timeout|refused|unreachable|no route|deadline/i.test(l.message)) ? ['area:apiserver'] : [];
}
