import type { Evidence } from '../model/common.js';
import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-9051',
  slug: 'agent-folders-implausible',
  title: 'Far more agent folders than the cluster has nodes',
  defaultSeverity: 'warning',
  needs: ['agents', ['k8s.nodes', 'k8s.ciliumNodes']],
  messages: {
    tooMany: (d: { folders: number; nodes: number; source: string }) =>
      `The bundle holds ${d.folders} agent bugtool folders for ${d.nodes} nodes in ${d.source}; Cilium runs one agent per node, so the bundle was not made by \`cilium sysdump\` alone or was changed since`,
  },
  thresholds: {
    factor: { default: 2, description: 'Agent folders per node above which the bundle is implausible (a rollout can leave two agent pods on a node for a while)' },
  },
  docs: {
    summary: 'A bundle with many more agent bugtool folders than the cluster has nodes: not a shape `cilium sysdump` writes.',
    explanation:
      'Cilium\'s agent is a DaemonSet: one pod per node, and `cilium sysdump` collects one bugtool output per agent pod. During a rollout a node may briefly have two agent pods, so up to twice as many folders as nodes (and a few more on a small cluster) is normal. Many more means the bundle was assembled or changed by hand or by another tool, or merged from several clusters: the cross-agent checks then compare agents that do not belong together.',
    consequences: 'Findings that compare agents (node lists, services, configuration, versions, health) may come from agents that are not part of this cluster, or from fabricated folders; a bundle of this shape can also be an attempt to make the report slow or large.',
    commonCauses: [
      'Several sysdumps unpacked into one folder and re-packed as one bundle',
      'Agent folders copied or renamed by hand',
      'A bundle made by a script or tool other than `cilium sysdump`',
    ],
    verify: ['kubectl -n kube-system get pods -l k8s-app=cilium -o wide', 'kubectl get nodes', 'ls <bundle>/cilium-bugtool-* | wc -l'],
  },
  run(bundle, ctx) {
    const byK8s = bundle.k8s.nodes !== null;
    const nodes = bundle.k8s.nodes ?? bundle.k8s.ciliumNodes ?? [];
    const folders = bundle.agents.filter((a) => a.folder !== null);
    // Up to `factor` agents per node, and a few more on a small cluster, are a rollout caught half-way.
    if (nodes.length === 0 || folders.length <= Math.max(nodes.length * ctx.thresholds.factor, nodes.length + 10)) return;
    const evidence: Evidence[] = [];
    const first = nodes[0];
    if (first) evidence.push(evidenceOf(first, byK8s ? `the first of the cluster's ${nodes.length} Nodes` : `the first of the cluster's ${nodes.length} CiliumNodes`));
    for (const a of folders) {
      if (evidence.length >= 6) break;
      const line = a.status?.lines[0];
      if (line) evidence.push(evidenceOf(line, `agent pod "${a.pod}"`));
    }
    ctx.report({
      messageId: 'tooMany',
      data: { folders: folders.length, nodes: nodes.length, source: byK8s ? 'its Kubernetes Nodes' : 'its CiliumNodes' },
      nodes: [],
      evidence,
    });
  },
});
