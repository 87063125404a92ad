import type { Evidence } from '../model/common.js';
import type { Gap } from '../model/bundle.js';
import type { Pod } from '../model/k8s.js';
import { defineCheck, evidence } from './define.js';
import { count, quoteList } from './util-nodes.js';

export default defineCheck({
  id: 'CR-9001',
  slug: 'bundle-gaps',
  title: 'What the collector failed to gather',
  defaultSeverity: 'info',
  messageSeverity: { failedTasks: 'warning', agentWithoutOutput: 'warning', unreadableArchive: 'warning' },
  needs: ['bundle'],
  impact: 'visibility',
  messages: {
    failedTasks: (d: { count: number; tasks: string; shared: string }) => `${count(d.count, 'collector task')} failed: ${d.tasks}${d.shared ? `; ${d.shared}` : ''}`,
    failedTasksExpected: (d: { count: number; tasks: string; shared: string }) =>
      `${count(d.count, 'collector task')} found no such resource in the cluster (it does not install those CRDs): ${d.tasks}`,
    emptyOutputs: (d: { count: number; files: string }) => `${count(d.count, 'output file')} ${d.count === 1 ? 'is' : 'are'} empty: ${d.files}`,
    errorOutputs: (d: { count: number; files: string }) => `${count(d.count, 'output file')} ${d.count === 1 ? 'holds' : 'hold'} only a command error: ${d.files}`,
    partialOutputs: (d: { count: number; files: string }) => `${count(d.count, 'output')} ${d.count === 1 ? 'ends' : 'end'} in a command error: ${d.files}`,
    agentWithoutOutput: (d: { count: number; pods: string }) => `${count(d.count, 'agent')} left no bugtool output: ${d.pods}`,
    missingHealth: (d: { count: number; pods: string }) =>
      `${count(d.count, 'agent')} ${d.count === 1 ? 'has' : 'have'} no cilium-health output, which their Cilium version does not collect (fixed in 1.15.10 and 1.16.3): ${d.pods}`,
    unreadableArchive: (d: { pod: string }) => `The bugtool archive of ${d.pod} could not be read`,
  },
  docs: {
    summary: 'What the sysdump lacks: tasks the collector reported as failed, outputs that are empty or hold only an error, agents without bugtool output, and outputs some Cilium versions never collect.',
    explanation:
      'cilium-cli lists failed tasks at the end of `cilium-sysdump.log`. Each bugtool output is the raw output of one command; an empty file or one holding only `> Error while running …` means the command failed. Cilium 1.15.0–1.15.9 and 1.16.0–1.16.2 collect no cilium-health output at all (fixed in 1.15.10 and 1.16.3), so the health checks fall back to the verbose status. Everything here is a blind spot of the report.',
    consequences: 'Checks that need the missing data are not evaluated or see only part of the cluster: a clean report over a bundle with gaps is not a clean bill of health.',
    commonCauses: [
      'Agents unreachable or crash-looping while the sysdump ran (exec into the pod failed)',
      'Timeouts on large clusters (raise --worker-count or --cilium-bugtool-flags timeouts)',
      '`cilium sysdump --quick` or `--node-list` limiting what was collected',
      'The agent API not answering: every `cilium` command of the bugtool fails',
    ],
    verify: ['grep -A50 "tasks failed" cilium-sysdump.log', 'cilium sysdump --node-list <node> (re-collect the missing agents)'],
  },
  run(bundle, ctx) {
    const gaps = bundle.gaps;
    const byKind = (k: Gap['kind']) => gaps.filter((g) => g.kind === k);
    const nodeByPod = new Map<string, string | null>();
    for (const a of bundle.agents) if (!nodeByPod.has(a.pod)) nodeByPod.set(a.pod, a.node);
    const podByName = new Map<string, Pod>();
    for (const p of bundle.k8s.pods ?? []) if (!podByName.has(p.name)) podByName.set(p.name, p);
    const ev = (g: Gap, note?: string): Evidence => evidence(g.file ?? '', g.line, g.excerpt, note);
    const files = (list: readonly Gap[]) => quoteList(list.map((g) => shortName(g.file ?? '')));
    const nodeOf = (pod: string | null) => (pod === null ? null : (nodeByPod.get(pod) ?? null));
    const nodesOf = (list: readonly Gap[]) => Array.from(new Set(list.map((g) => nodeOf(g.pod)).filter((n): n is string => n !== null)));

    // One finding for every failed task: they usually fail for one reason, which the finding names.
    const tasks = byKind('failed-task').filter((g) => g.file);
    if (tasks.length > 0) {
      // cilium-cli asks for every CRD it knows; one the cluster does not install is expected ("this may be expected").
      const missingCrd = (g: Gap) => /could not find the requested resource|doesn't have a resource type|no matches for kind/i.test(g.message);
      const causes = new Map<string, number>();
      for (const g of tasks) causes.set(causeOf(g.message), (causes.get(causeOf(g.message)) ?? 0) + 1);
      const [cause, n] = [...causes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] as [string, number];
      const shared = tasks.length > 1 && n * 2 > tasks.length && cause ? `${n === tasks.length ? 'all' : `${n} of them`} with: ${cause}` : '';
      const names = tasks.map((g) => taskName(g.message));
      const list = names.length > 8 ? `${names.slice(0, 8).join('; ')}; and ${names.length - 8} more` : names.join('; ');
      ctx.report({
        messageId: tasks.every(missingCrd) ? 'failedTasksExpected' : 'failedTasks',
        data: { count: tasks.length, tasks: tasks.length === 1 ? (tasks[0] as Gap).message : list, shared },
        nodes: nodesOf(tasks),
        evidence: tasks.slice(0, 20).map((g) => ev(g)),
        subject: 'failed-tasks',
        tags: tasks.some(missingCrd) ? ['crd-missing'] : [],
      });
    }
    const empty = byKind('empty-output').filter((g) => g.file);
    if (empty.length > 0) ctx.report({ messageId: 'emptyOutputs', data: { count: empty.length, files: files(empty) }, nodes: nodesOf(empty), evidence: empty.slice(0, 20).map((g) => ev(g)) });
    const errors = byKind('command-error').filter((g) => g.file);
    const only = errors.filter((g) => g.message.startsWith('Output holds only'));
    const trailing = errors.filter((g) => !g.message.startsWith('Output holds only'));
    if (only.length > 0) ctx.report({ messageId: 'errorOutputs', data: { count: only.length, files: files(only) }, nodes: nodesOf(only), evidence: only.slice(0, 20).map((g) => ev(g)) });
    if (trailing.length > 0) ctx.report({ messageId: 'partialOutputs', data: { count: trailing.length, files: files(trailing) }, nodes: nodesOf(trailing), evidence: trailing.slice(0, 20).map((g) => ev(g)) });

    // An agent without output is reported by agent-missing with its pod record; here it is listed with any log it left.
    const silent = byKind('agent-without-output');
    const silentEvidence = silent.flatMap((g) => {
      const pod = g.pod === null ? undefined : podByName.get(g.pod);
      return pod ? [evidence(pod.src.file, pod.src.line, pod.excerpt, `agent pod ${g.pod}`)] : [];
    });
    if (silent.length > 0 && silentEvidence.length > 0) {
      ctx.report({ messageId: 'agentWithoutOutput', data: { count: silent.length, pods: quoteList(silent.map((g) => g.pod ?? '')) }, nodes: nodesOf(silent), evidence: silentEvidence.slice(0, 20) });
    }
    const health = byKind('missing-output').filter((g) => g.file);
    if (health.length > 0) {
      ctx.report({ messageId: 'missingHealth', data: { count: health.length, pods: quoteList(health.map((g) => g.pod ?? '')) }, nodes: nodesOf(health), evidence: health.slice(0, 20).map((g) => ev(g)) });
    }
    for (const g of byKind('unreadable-archive')) {
      if (g.file && g.pod) ctx.report({ messageId: 'unreadableArchive', data: { pod: g.pod }, nodes: nodesOf([g]), evidence: [ev(g)] });
    }
  },
});

function shortName(path: string): string {
  const parts = path.split('/');
  return parts.slice(-2).join('/');
}

/** `Collecting Cilium network policies` of `Collecting Cilium network policies: failed to collect …: <cause>`. */
function taskName(message: string): string {
  const at = message.indexOf(': ');
  return at > 0 ? message.slice(0, at) : message;
}

/**
 * What a task failed with, without what names the task: the last part of its error chain, with the resource in
 * parentheses taken out (`the server could not find the requested resource (get ciliumnetworkpolicies.cilium.io)`).
 */
function causeOf(message: string): string {
  // Bounded: the pattern below must not run over a megabyte-long line of a hostile collector log.
  const last = message.slice(message.lastIndexOf(': ') + 2).slice(-500);
  return last.replace(/\s*\([^()]*\)\s*$/, '').trim();
}
