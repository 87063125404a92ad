import type { Evidence } from '../model/common.js';
import type { Gap } from '../model/bundle.js';
import type { Pod } from '../model/k8s.js';
import { defineCheck, evidence } from './define.js';

export default defineCheck({
  id: 'CR-9001',
  slug: 'bundle-gaps',
  title: 'What the collector failed to gather',
  defaultSeverity: 'info',
  messageSeverity: { failedTask: 'warning', agentWithoutOutput: 'warning', unreadableArchive: 'warning' },
  needs: ['bundle'],
  messages: {
    failedTask: (d: { task: string }) => `Missing data: sysdump task failed: ${d.task}`,
    failedTaskExpected: (d: { task: string }) => `Missing data: sysdump task failed because the cluster lacks the resource: ${d.task}`,
    emptyOutputs: (d: { count: number; files: string }) => `Missing output in ${d.count} empty file(s): ${d.files}`,
    errorOutputs: (d: { count: number; files: string }) => `Missing output in ${d.count} file(s) that hold only a command error: ${d.files}`,
    partialOutputs: (d: { count: number; files: string }) => `Unexpected command errors at the end of ${d.count} output(s): ${d.files}`,
    agentWithoutOutput: (d: { count: number; pods: string }) => `Missing bugtool output for ${d.count} agent(s): ${d.pods}`,
    missingHealth: (d: { count: number; pods: string }) => `Missing cilium-health output for ${d.count} agent(s) (${d.pods}): their Cilium version does not collect it`,
    unreadableArchive: (d: { pod: string }) => `Unreadable bugtool archive of agent "${d.pod}"`,
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
    const files = (list: readonly Gap[]) => list.slice(0, 8).map((g) => `"${shortName(g.file ?? '')}"`).join(', ') + (list.length > 8 ? ` and ${list.length - 8} more` : '');
    const nodeOf = (pod: string | null) => (pod === null ? null : (nodeByPod.get(pod) ?? null));
    const nodesOf = (list: readonly Gap[]) => Array.from(new Set(list.map((g) => nodeOf(g.pod)).filter((n): n is string => n !== null)));

    for (const g of byKind('failed-task')) {
      if (!g.file) continue;
      // cilium-cli asks for every CRD it knows; one the cluster does not install is expected ("this may be expected").
      const expected = /could not find the requested resource|doesn't have a resource type|no matches for kind/i.test(g.message);
      ctx.report({ messageId: expected ? 'failedTaskExpected' : 'failedTask', data: { task: g.message }, nodes: nodesOf([g]), evidence: [ev(g)] });
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
      ctx.report({ messageId: 'agentWithoutOutput', data: { count: silent.length, pods: silent.slice(0, 8).map((g) => `"${g.pod}"`).join(', ') }, nodes: nodesOf(silent), evidence: silentEvidence.slice(0, 20) });
    }
    const health = byKind('missing-output').filter((g) => g.file);
    if (health.length > 0) {
      ctx.report({ messageId: 'missingHealth', data: { count: health.length, pods: health.slice(0, 8).map((g) => `"${g.pod}"`).join(', ') }, nodes: nodesOf(health), evidence: health.slice(0, 20).map((g) => ev(g)) });
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
