import type { Evidence } from '../model/common.js';
import { defineCheck, evidence } from './define.js';
import { joinNames, nodeAgents } from './util-host.js';

export default defineCheck({
  id: 'CR-8005',
  slug: 'sysctl-forwarding-off',
  title: 'IP forwarding off on the node or on Cilium\'s devices',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['agents.sysctls'],
  messages: {
    off: (d: { node: string; keys: string }) =>
      `IP forwarding is off on node ${d.node} (${d.keys} = 0), which the agent enables: the node does not forward pod traffic between its devices. Find what turns it off (a sysctl.d hardening file, a network manager) and set net.ipv4.ip_forward = 1 and forwarding = 1 on cilium_host, cilium_net and the pod veths`,
  },
  docs: {
    summary: 'A node whose kernel does not forward IPv4 packets globally or on a Cilium device.',
    explanation: 'The agent enables `net.ipv4.ip_forward` (pkg/datapath/iptables/sysctl_linux.go) and `forwarding` on cilium_host, cilium_net and every pod veth (pkg/datapath/loader/netlink.go `enableForwarding`). This check reads `sysctl -a` and reports a node where `net.ipv4.ip_forward` or the `forwarding` key of a Cilium device (`cilium_*`, `lxc*`) is 0.',
    consequences: 'Traffic routed through the host stack (legacy host routing, masquerading, NodePort to remote backends) is dropped on that node; pods may reach local pods but not other nodes or the outside.',
    commonCauses: ['A hardening baseline or sysctl.d file setting net.ipv4.ip_forward = 0 applied after the agent started', 'systemd-networkd or NetworkManager resetting IPForward on interface changes', 'A node bootstrap script run again after Cilium was installed'],
    verify: ['kubectl -n kube-system exec <agent> -- sysctl net.ipv4.ip_forward', 'kubectl -n kube-system exec <agent> -- sysctl -a 2>/dev/null | grep "\\.forwarding = 0"'],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const s = agent.host.sysctls;
      if (!s) continue;
      const bad: { key: string; evidence: Evidence }[] = [];
      for (const [key, v] of Object.entries(s.values)) {
        if (v.value !== '0') continue;
        if (key === 'net.ipv4.ip_forward' || /^net\.ipv4\.conf\.cilium_[^.]+\.forwarding$/.test(key)) bad.push({ key, evidence: evidence(s.file, v.line, v.excerpt) });
      }
      const lxc = s.lxc.deviations.filter((d) => d.key.endsWith('.forwarding'));
      for (const d of lxc) bad.push({ key: d.key, evidence: evidence(s.file, d.line, d.excerpt) });
      if (bad.length === 0) continue;
      const named = bad.filter((b) => !/\.lxc/.test(b.key)).map((b) => b.key);
      const keys = [...named, ...(lxc.length > 0 ? [`forwarding of ${lxc.length} pod veths`] : [])];
      ctx.report({ messageId: 'off', data: { node: agent.node, keys: joinNames(keys, 4) }, nodes: [agent.node], evidence: bad.slice(0, 4).map((b) => b.evidence) });
    }
  },
});
