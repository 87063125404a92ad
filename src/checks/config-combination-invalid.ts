import { COMBINATIONS, type ClusterFact, type ConfigCombination, type SettingCondition } from '../knowledge/config-combinations.js';
import type { Bundle } from '../model/bundle.js';
import type { Evidence } from '../model/common.js';
import { defineCheck, evidence, evidenceOf } from './define.js';
import { configValue, joinNames, nodeAgents, type NodeAgent, settingText } from './util-host.js';

function matches(bundle: Bundle, agent: NodeAgent, c: SettingCondition): { ok: boolean; text: string; evidence: Evidence | null } {
  const s = configValue(bundle, agent, c.key, c.agentKey, c.default);
  const v = (s?.value ?? '').toLowerCase();
  const ok = c.absent ? v === '' : s !== null && (!c.is || c.is.includes(v)) && (!c.isNot || !c.isNot.includes(v));
  return { ok, text: s ? settingText(s) : `${c.key} not set`, evidence: s?.evidence ?? null };
}

/** A cluster fact and the evidence for it, or null when it does not hold (or the bundle cannot tell). */
function fact(bundle: Bundle, agent: NodeAgent, f: ClusterFact): { text: string; evidence: Evidence } | null {
  if (f === 'no-kube-proxy') {
    const rows = bundle.k8s.podRows;
    if (!rows || rows.some((p) => p.namespace === 'kube-system' && /^kube-proxy-/.test(p.name))) return null;
    const first = rows[0];
    return first ? { text: 'no kube-proxy pod in the cluster', evidence: evidence(first.src.file, null, 'no kube-proxy-* pod in kube-system') } : null;
  }
  const host = configValue(bundle, agent, 'k8s-service-host')?.value;
  const svc = host ? bundle.k8s.services?.find((s) => s.clusterIPs.includes(host)) : undefined;
  return svc ? { text: `k8s-service-host ${host} is the ClusterIP of Service ${svc.namespace}/${svc.name}`, evidence: evidenceOf(svc) } : null;
}

function evaluate(bundle: Bundle, agent: NodeAgent, combo: ConfigCombination): { because: string[]; evidence: Evidence[] } | null {
  const because: string[] = [];
  const at: Evidence[] = [];
  for (const cond of combo.when) {
    for (const c of cond.all ?? []) {
      const m = matches(bundle, agent, c);
      if (!m.ok) return null;
      because.push(m.text);
      if (m.evidence) at.push(m.evidence);
    }
    if (cond.anyOf) {
      const group = cond.anyOf.map((g) => g.map((c) => matches(bundle, agent, c))).find((g) => g.every((m) => m.ok));
      if (!group) return null;
      for (const m of group) {
        because.push(m.text);
        if (m.evidence) at.push(m.evidence);
      }
    }
    if (cond.fact) {
      const f = fact(bundle, agent, cond.fact);
      if (!f) return null;
      because.push(f.text);
      at.push(f.evidence);
    }
  }
  return at.length > 0 ? { because, evidence: at } : null;
}

export default defineCheck({
  id: 'CR-8019',
  slug: 'config-combination-invalid',
  title: 'Agent settings that cannot work together',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['agents'],
  messages: {
    invalid: (d: { problem: string; because: string; consequence: string; fix: string; scope: string }) =>
      `${d.problem[0]?.toUpperCase()}${d.problem.slice(1)} (${d.because})${d.scope}: ${d.consequence}. ${d.fix[0]?.toUpperCase()}${d.fix.slice(1)}`,
  },
  docs: {
    summary: 'Settings of cilium-config (or of the agents\' own configuration) that contradict each other or the cluster.',
    explanation:
      'Each combination is data in src/knowledge/config-combinations.ts with its source in Cilium\'s code or docs: `install-no-conntrack-iptables-rules` without native routing, without kube-proxy replacement, with iptables masquerading or in a chained CNI setup; kube-proxy replacement with no kube-proxy in the cluster and no `k8s-service-host`; `k8s-service-host` set to a Service ClusterIP that Cilium itself balances. Settings are read from the `cilium-config` ConfigMap, else from each agent\'s `cilium config -a`, else the agent\'s default; agents that match the same combination are reported together.',
    consequences: 'Depending on the combination the agent exits at start, refuses to enable a feature, or cannot reach the API server after a restart: the damage often shows only when a node or agent restarts.',
    commonCauses: ['Helm values copied from a guide for a different routing mode or platform', 'A feature switched on without its prerequisites (BPF masquerading, native routing)', 'kube-proxy removed after kube-proxy replacement was enabled, without setting k8sServiceHost'],
    verify: ['kubectl -n kube-system get cm cilium-config -o yaml', 'kubectl -n kube-system exec <agent> -- cilium-dbg config -a', 'kubectl -n kube-system get pods -l k8s-app=kube-proxy', 'kubectl get svc kubernetes -o wide'],
  },
  run(bundle, ctx) {
    const agents = nodeAgents(bundle);
    for (const combo of COMBINATIONS) {
      const hits = agents.flatMap((a) => {
        const r = evaluate(bundle, a, combo);
        return r ? [{ node: a.node, ...r }] : [];
      });
      const first = hits[0];
      if (!first) continue;
      const names = hits.map((h) => h.node).sort();
      ctx.report({
        messageId: 'invalid',
        data: { problem: combo.problem, because: first.because.join(', '), consequence: combo.consequence, fix: combo.fix, scope: hits.length === agents.length ? '' : ` on ${joinNames(names, 4)}` },
        nodes: names,
        evidence: [...new Map(first.evidence.map((e) => [`${e.file}:${e.line}`, e])).values()],
      });
    }
  },
});
