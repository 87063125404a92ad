import type { Evidence } from '../model/common.js';
import { defineCheck } from './define.js';
import { cidrSetKey } from './util-cidr.js';
import { type CidrView, cidrViews, count } from './util-nodes.js';

const SOURCE_NAMES: Record<CidrView['source'], string> = {
  kubernetes: 'the Kubernetes Node',
  ciliumnode: 'the CiliumNode',
  agent: 'its own agent',
  peer: 'other agents',
};

export default defineCheck({
  id: 'CR-2002',
  slug: 'pod-cidr-mismatch',
  title: 'Pod CIDRs that differ between a node\'s sources',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: [['k8s.ciliumNodes', 'agents.status', 'agents.nodeList']],
  messages: {
    mismatch: (d: { node: string; views: string }) => `The pod CIDR of ${d.node} differs between sources: ${d.views}`,
  },
  docs: {
    summary: 'One node\'s pod CIDR is not the same in every source: the Kubernetes Node (when Cilium uses it), the CiliumNode, its own agent, and other agents\' node lists.',
    explanation:
      'For each node the check gathers every view of its pod CIDRs: `spec.podCIDRs` of the Node (only with `ipam: kubernetes`), `spec.ipam.podCIDRs` of the CiliumNode, the agent\'s own `cilium status` IPAM line or its own row in `cilium node list`, and the row for that node in every other agent\'s node list. All must agree. Views are grouped by value so the odd one out is plain to see.',
    consequences:
      'Other nodes route the node\'s pod traffic to the CIDR they believe it has: pods that got addresses from the other CIDR are unreachable from other nodes (the seed incident: health endpoint unreachable from everyone).',
    commonCauses: [
      'An agent that restarted with a stale CIDR from its local state after the operator reassigned the node',
      'A CiliumNode edited or re-created while the agent kept running',
      'Agents whose node list is stale: they missed a CiliumNode update (kvstore or CRD watch stuck)',
    ],
    verify: [
      'kubectl get ciliumnode <node> -o jsonpath=\'{.spec.ipam.podCIDRs}\'',
      'kubectl -n kube-system exec <agent-on-node> -- cilium-dbg status | grep IPAM',
      'kubectl -n kube-system exec <other-agent> -- cilium-dbg node list',
    ],
  },
  run(bundle, ctx) {
    for (const [node, views] of [...cidrViews(bundle)].sort(([a], [b]) => a.localeCompare(b))) {
      const byValue = new Map<string, CidrView[]>();
      const keyOf = new Map<CidrView, string>();
      for (const v of views) {
        const key = cidrSetKey(v.cidrs);
        keyOf.set(v, key);
        const group = byValue.get(key);
        if (group) group.push(v);
        else byValue.set(key, [v]);
      }
      if (byValue.size < 2) continue;
      const groups = Array.from(byValue.values()).sort((a, b) => b.length - a.length);
      const majority = groups[0] as CidrView[];
      const describe = (g: CidrView[]) => {
        const sources = [...new Set(g.map((v) => v.source))].map((s) =>
          s === 'peer' ? count(g.filter((v) => v.source === 'peer').length, 'other agent') : SOURCE_NAMES[s],
        );
        return `${sources.join(' and ')} ${sources.length === 1 && !sources[0]?.endsWith('agents') ? 'says' : 'say'} ${(g[0] as CidrView).cidrs.join(', ')}`;
      };
      const evidence: Evidence[] = groups.slice(0, 16).flatMap((g) => g.slice(0, 3).map((v) => v.evidence));
      const involved = views.filter((v) => v.by && v.source === 'peer' && byValue.get(keyOf.get(v) as string) !== majority).map((v) => v.by as string);
      ctx.report({
        messageId: 'mismatch',
        data: { node, views: groups.slice(0, 8).map(describe).join('; ') + (groups.length > 8 ? `; and ${groups.length - 8} more views` : '') },
        nodes: [node, ...involved],
        evidence,
      });
    }
  },
});
