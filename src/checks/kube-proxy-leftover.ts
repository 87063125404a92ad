import type { Iptables } from '../model/host.js';
import { defineCheck, evidenceOf } from './define.js';
import { nodeAgents } from './util-host.js';

export default defineCheck({
  id: 'CR-8013',
  slug: 'kube-proxy-leftover',
  title: 'kube-proxy\'s service rules on a node with kube-proxy replacement',
  impact: 'datapath',
  defaultSeverity: 'warning',
  needs: ['agents.iptables'],
  messages: {
    leftover: (d: { node: string; chains: number; mode: string; file: string; pod: string }) =>
      `Node ${d.node} still has kube-proxy's service rules (${d.chains} KUBE-SVC chains in ${d.file}) while kube-proxy replacement is ${d.mode}: ${d.pod ? `kube-proxy still runs there (pod ${d.pod}), ` : 'kube-proxy left them behind, '}so traffic from the host stack to services is NATed by rules that no longer match the services. ${d.pod ? 'Delete the kube-proxy DaemonSet' : 'Run kube-proxy --cleanup on the node (or reboot it)'} so only Cilium balances services`,
  },
  docs: {
    summary: 'A node whose iptables still hold kube-proxy\'s KUBE-SERVICES / KUBE-SVC-* chains while Cilium\'s kube-proxy replacement is on.',
    explanation: 'Each agent\'s `iptables-save -c` (and its nft/legacy variants) is read for kube-proxy\'s chains. When the agent\'s `cilium status` reports kube-proxy replacement `True`/`Strict` and the node still declares `KUBE-SVC-*` chains or `KUBE-SERVICES`, kube-proxy is still running or was removed without cleaning up. The pods table says whether a kube-proxy pod still runs on the node.',
    consequences: 'Both Cilium and kube-proxy handle service traffic: connections from host-network processes and NodePort traffic hitting iptables first are load-balanced to the backends kube-proxy last saw, which go stale as soon as kube-proxy stops updating them; conntrack entries from the two paths collide.',
    commonCauses: ['The kube-proxy DaemonSet (or a k3s/RKE2 built-in kube-proxy) left running when kube-proxy replacement was enabled', 'kube-proxy removed without `kube-proxy --cleanup` and the node not rebooted', 'A managed platform that reinstalls kube-proxy (EKS/AKS add-ons)'],
    verify: ['kubectl -n kube-system get ds kube-proxy', 'kubectl -n kube-system exec <agent> -- iptables-save | grep -c KUBE-SVC', 'kubectl -n kube-system exec <agent> -- cilium-dbg status | grep KubeProxyReplacement'],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const mode = agent.status?.kubeProxyReplacement?.mode.trim() ?? '';
      if (!/^(true|strict)$/i.test(mode)) continue;
      const withRules = agent.host.iptables.filter((t) => t.kubeServiceChains > 0 || t.kubeServices).sort((a, b) => b.kubeServiceChains - a.kubeServiceChains);
      const worst = withRules[0] as Iptables | undefined;
      if (!worst || !worst.kubeFirst) continue;
      const pod = bundle.k8s.podRows?.find((p) => p.node === agent.node && p.namespace === 'kube-system' && /^kube-proxy-/.test(p.name));
      ctx.report({
        messageId: 'leftover',
        data: { node: agent.node, chains: worst.kubeServiceChains, mode, file: /[^/]+$/.exec(worst.file)?.[0] ?? worst.file, pod: pod?.name ?? '' },
        nodes: [agent.node],
        evidence: [evidenceOf(worst.kubeFirst), ...(agent.status?.kubeProxyReplacement ? [evidenceOf(agent.status.kubeProxyReplacement.line)] : []), ...(pod ? [evidenceOf(pod)] : [])],
      });
    }
  },
});
