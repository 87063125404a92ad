import type { Evidence } from '../model/common.js';
import { defineCheck } from './define.js';
import { joinNames, kernelOf, nodeAgents } from './util-host.js';

export default defineCheck({
  id: 'CR-8003',
  slug: 'kernel-version-drift',
  title: 'Nodes on different kernel releases',
  impact: 'visibility',
  defaultSeverity: 'info',
  needs: ['agents.kernel'],
  messages: {
    drift: (d: { kernel: string; count: number; nodes: string; majority: string; majorityCount: number }) =>
      `${d.count === 1 ? `Node ${d.nodes} runs` : `${d.count} nodes (${d.nodes}) run`} kernel ${d.kernel} while ${d.majorityCount} run ${d.majority}; the agent probes each kernel on its own, so datapath features (host routing, bandwidth manager, socket load balancing) can differ between these nodes. Move the nodes to one node image`,
  },
  docs: {
    summary: 'Nodes whose kernel releases differ, which makes the features the agents detect differ too.',
    explanation: 'The kernel release of each agent\'s node (`uname -a`, else debuginfo\'s `kernel-version`) is compared across the cluster. The most common release is taken as the intended one; every other release is listed with its nodes.',
    consequences: 'Cilium decides several datapath modes by probing the kernel at start: BPF host routing, bandwidth manager, socket load balancing, BIG TCP. Nodes on older kernels fall back silently, so traffic behaves differently depending on which nodes it crosses, and a fix tested on one node may not hold on another.',
    commonCauses: ['A rolling node-image upgrade that did not finish', 'Node pools created at different times from different images', 'Nodes that were not rebooted after a kernel package upgrade'],
    verify: ['kubectl get nodes -o wide', 'kubectl -n kube-system exec <agent> -- uname -r'],
  },
  run(bundle, ctx) {
    const groups = new Map<string, { node: string; evidence: Evidence }[]>();
    for (const agent of nodeAgents(bundle)) {
      const k = kernelOf(agent);
      if (!k) continue;
      const list = groups.get(k.release) ?? [];
      list.push({ node: agent.node, evidence: k.evidence });
      groups.set(k.release, list);
    }
    if (groups.size < 2) return;
    const sorted = [...groups].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    const [majority, majorityList] = sorted[0] as [string, { node: string; evidence: Evidence }[]];
    for (const [kernel, list] of sorted.slice(1)) {
      const names = list.map((x) => x.node).sort();
      ctx.report({
        messageId: 'drift',
        data: { kernel, count: list.length, nodes: joinNames(names, 5), majority, majorityCount: majorityList.length },
        nodes: names,
        evidence: [...list.slice(0, 3).map((x) => ({ ...x.evidence, note: `node ${x.node}` })), { ...(majorityList[0] as { evidence: Evidence }).evidence, note: `node ${(majorityList[0] as { node: string }).node}` }],
      });
    }
  },
});
