import type { CniConf } from '../model/host.js';
import { defineCheck, evidenceOf } from './define.js';
import { ACTIVE_CNI, isCiliumCni, nodeAgents } from './util-host.js';


export default defineCheck({
  id: 'CR-8010',
  slug: 'cni-config-conflict',
  title: 'Another CNI configuration takes precedence over Cilium\'s',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['agents.cni'],
  messages: {
    shadowed: (d: { node: string; first: string; type: string; cilium: string }) =>
      `On node ${d.node}, /etc/cni/net.d/${d.first} (${d.type}) sorts before Cilium's ${d.cilium}: the container runtime uses the first configuration in name order, so new pods on this node get their network from ${d.type}, not Cilium. Remove ${d.first} (cni-exclusive: true makes the agent rename other configurations) and restart the pods created since`,
    noCilium: (d: { node: string; files: string }) =>
      `Node ${d.node} has no Cilium CNI configuration in /etc/cni/net.d (files: ${d.files}): new pods on it get their network from another plugin or none. Check why the agent did not write it (write-cni-conf-when-ready, cni-conf-name, the install-cni-binaries init container)`,
  },
  docs: {
    summary: 'A node whose CNI configuration directory holds another plugin\'s configuration ahead of Cilium\'s, or none of Cilium\'s.',
    explanation:
      'cilium-cli copies every file of each agent\'s `/etc/cni/net.d/` into the sysdump as `cniconf-<file>-<pod>-<ts>.txt` (v0.11.5+). The container runtime (containerd, CRI-O, through libcni) takes the first `.conf`, `.conflist` or `.json` file in name order. Cilium\'s file is the one whose plugins include `cilium-cni` (by default `05-cilium.conflist`). This check reports a node whose first active file is not Cilium\'s, or that has none of Cilium\'s; renamed backups (`*.cilium_bak`) are ignored.',
    consequences: 'Pods created on the node are wired by the other plugin: they get addresses outside Cilium\'s IPAM, have no CiliumEndpoint, are not covered by network policy and cannot reach pods on other nodes, while older pods keep working.',
    commonCauses: ['A previous CNI (Calico, Flannel, the cloud provider\'s) left its file behind after migrating to Cilium', 'A node image or bootstrap script that writes a default bridge or podman configuration', 'Multus installed without delegating to Cilium', 'cni-exclusive set to false, so the agent leaves other files in place'],
    verify: ['kubectl -n kube-system exec <agent> -- ls -l /host/etc/cni/net.d', 'kubectl -n kube-system get cm cilium-config -o yaml | grep -E "cni-(exclusive|conf-name|chaining-mode)"', 'kubectl get pods -A -o wide --field-selector spec.nodeName=<node>'],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const active = agent.host.cni.filter((c) => c.fileName && ACTIVE_CNI.test(c.fileName)).sort((a, b) => (a.fileName as string).localeCompare(b.fileName as string));
      if (active.length === 0) continue;
      const cilium = active.find(isCiliumCni);
      const first = active[0] as CniConf;
      if (!cilium) {
        ctx.report({ messageId: 'noCilium', data: { node: agent.node, files: active.map((c) => c.fileName).join(', ') }, nodes: [agent.node], evidence: [evidenceOf(first)] });
        continue;
      }
      if (first === cilium) continue;
      ctx.report({
        messageId: 'shadowed',
        data: { node: agent.node, first: first.fileName as string, type: first.plugins[0]?.type ?? first.name ?? 'an unknown plugin', cilium: cilium.fileName as string },
        nodes: [agent.node],
        evidence: [evidenceOf(first), evidenceOf(cilium, 'Cilium\'s configuration')],
      });
    }
  },
});
