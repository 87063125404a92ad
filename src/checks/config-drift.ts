import type { AgentStatus, StatusLine } from '../model/agent-status.js';
import { defineCheck, evidenceOf } from './define.js';
import { count, quoteList } from './util-nodes.js';

interface Setting {
  name: string;
  read(status: AgentStatus): { value: string; line: StatusLine } | null;
}

/** 1.14 renamed the kube-proxy replacement modes: Strict became True and Disabled became False (cilium/cilium#22875). */
function kprMode(mode: string): string {
  const m = mode.trim();
  if (/^strict$/i.test(m)) return 'True';
  if (/^disabled$/i.test(m)) return 'False';
  return m;
}

const SETTINGS: Setting[] = [
  { name: 'kube-proxy replacement', read: (s) => (s.kubeProxyReplacement ? { value: kprMode(s.kubeProxyReplacement.mode), line: s.kubeProxyReplacement.line } : null) },
  {
    name: 'routing mode',
    read: (s) => (s.routing ? { value: [s.routing.network, s.routing.tunnelProtocol].filter(Boolean).join(' '), line: s.routing.line } : null),
  },
  { name: 'host routing', read: (s) => (s.hostRouting ? { value: s.hostRouting.mode, line: s.hostRouting.line } : null) },
  { name: 'masquerading', read: (s) => (s.masquerading ? { value: s.masquerading.mode, line: s.masquerading.line } : null) },
  { name: 'encryption', read: (s) => (s.encryption ? { value: s.encryption.mode, line: s.encryption.line } : null) },
  { name: 'host firewall', read: (s) => (s.hostFirewall ? { value: s.hostFirewall.value.split(/\s+/)[0] ?? '', line: s.hostFirewall } : null) },
  { name: 'bandwidth manager', read: (s) => (s.bandwidthManager ? { value: /^disabled/i.test(s.bandwidthManager.value) ? 'Disabled' : 'Enabled', line: s.bandwidthManager } : null) },
];

export default defineCheck({
  id: 'CR-1006',
  slug: 'config-drift',
  title: 'Agents that disagree on datapath settings',
  defaultSeverity: 'warning',
  needs: ['agents.status'],
  messages: {
    drift: (d: { setting: string; value: string; count: number; nodes: string; majority: string; majorityCount: number }) =>
      `${d.setting} is ${d.value} on ${d.nodes}, but ${d.majority} on the other ${count(d.majorityCount, 'node')}`,
  },
  docs: {
    summary: 'Agents that run with different datapath settings: kube-proxy replacement, routing or tunnel mode, host routing, masquerading, encryption, host firewall, bandwidth manager.',
    explanation:
      'Each setting is read from every agent\'s `cilium status` and compared across agents. The most common value is taken as the intended one; every other value is reported with the nodes that have it. Old and new spellings of the same mode are treated as equal (KubeProxyReplacement `Strict` = `True` since 1.14).',
    consequences:
      'Nodes that disagree on routing, masquerading or encryption drop or mangle each other\'s traffic: tunnel packets arrive at a native-routing node, encrypted traffic at a node without keys, services resolve on some nodes only.',
    commonCauses: [
      'A ConfigMap change applied to some agents only (agents not restarted after `cilium-config` changed)',
      'CiliumNodeConfig objects selecting some nodes',
      'Auto-detection that differs per node (kernel features, devices): `Probe` mode, host routing falling back to Legacy on old kernels',
    ],
    verify: [
      'kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose',
      'kubectl -n kube-system exec <agent> -- cilium-dbg config -a',
      'kubectl get ciliumnodeconfigs -A',
    ],
  },
  run(bundle, ctx) {
    for (const setting of SETTINGS) {
      const byValue = new Map<string, { node: string; line: StatusLine }[]>();
      for (const agent of bundle.agents) {
        const seen = agent.status && agent.node ? setting.read(agent.status) : null;
        if (!seen || !seen.value) continue;
        const list = byValue.get(seen.value) ?? [];
        list.push({ node: agent.node as string, line: seen.line });
        byValue.set(seen.value, list);
      }
      if (byValue.size < 2) continue;
      const groups = [...byValue].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
      const [majority, majorityList] = groups[0] as [string, { node: string; line: StatusLine }[]];
      for (const [value, list] of groups.slice(1)) {
        ctx.report({
          messageId: 'drift',
          data: { setting: setting.name, value, count: list.length, nodes: quoteList(list.map((x) => x.node)), majority, majorityCount: majorityList.length },
          nodes: list.map((x) => x.node),
          evidence: [
            ...list.slice(0, 5).map((x) => evidenceOf(x.line, `agent on "${x.node}"`)),
            evidenceOf((majorityList[0] as { line: StatusLine }).line, `agent on "${(majorityList[0] as { node: string }).node}"`),
          ],
        });
      }
    }
  },
});
