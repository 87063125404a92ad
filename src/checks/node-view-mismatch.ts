import type { Agent } from '../model/bundle.js';
import type { Evidence } from '../model/common.js';
import { splitClusterName } from '../parsers/util/text.js';
import { defineCheck, evidence, evidenceOf } from './define.js';
import { quoteList } from './util-nodes.js';

type Viewer = { agent: Agent; node: string; known: Set<string> };

export default defineCheck({
  id: 'CR-1007',
  slug: 'node-view-mismatch',
  title: 'Agents whose node lists disagree with the cluster',
  defaultSeverity: 'warning',
  needs: ['agents.nodeList'],
  messages: {
    missingEverywhere: (d: { node: string; missing: number; agents: number }) =>
      `${d.missing} of ${d.agents} agents do not have ${d.node} in their node list`,
    staleEverywhere: (d: { node: string; keeping: number; agents: number }) =>
      `${d.keeping} of ${d.agents} agents still have ${d.node} in their node list, but the cluster has no such node`,
    agentView: (d: { node: string; missing: string; extra: string }) =>
      `The node list of the agent on ${d.node}${d.missing ? ` lacks ${d.missing}` : ''}${d.missing && d.extra ? ' and' : ''}${d.extra ? ` still has ${d.extra}, which the cluster does not have` : ''}`,
  },
  docs: {
    summary: 'Agents whose own node lists (`cilium node list`) miss a live node or keep a deleted one, compared with the cluster\'s Nodes and with each other.',
    explanation:
      'Each agent learns the other nodes from CiliumNodes (or the kvstore) and programs routes, tunnel and ipcache entries for them. The check compares every agent\'s node list with the Kubernetes Nodes (or, without them, with the nodes most agents know). A node missing from, or kept by, most agents is reported once; other differences are reported per agent.',
    consequences: 'An agent that does not know a node has no route or tunnel to its pods: traffic to them is dropped. A deleted node kept in the list keeps routes to an address that may now belong to another machine.',
    commonCauses: [
      'The agent\'s CiliumNode watch or kvstore session is stuck (agent needs a restart)',
      'The node\'s agent never created its CiliumNode (not running, RBAC)',
      'A deleted node\'s CiliumNode not garbage-collected by the operator',
    ],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg node list', 'kubectl get ciliumnodes', 'kubectl get nodes'],
  },
  run(bundle, ctx) {
    const viewers: Viewer[] = bundle.agents
      .filter((a) => a.nodeList && a.node)
      .map((a) => ({ agent: a, node: a.node as string, known: new Set(a.nodeList?.entries.map((e) => splitClusterName(e.name).name)) }));
    if (viewers.length === 0) return;

    let cluster: Set<string>;
    const clusterEvidence = new Map<string, Evidence>();
    if (bundle.k8s.nodes) {
      // Agents learn nodes from CiliumNodes: a Node without one is ciliumnode-orphan's finding, not a view problem.
      const registered = bundle.k8s.ciliumNodes ? new Set(bundle.k8s.ciliumNodes.map((n) => n.name)) : null;
      cluster = new Set(bundle.k8s.nodes.map((n) => n.name).filter((n) => !registered || registered.has(n)));
      for (const n of bundle.k8s.nodes) clusterEvidence.set(n.name, evidenceOf(n, 'the Kubernetes Node'));
    } else {
      // Without Kubernetes Nodes, the nodes most agents know stand for the cluster.
      const counts = new Map<string, number>();
      for (const v of viewers) for (const n of v.known) counts.set(n, (counts.get(n) ?? 0) + 1);
      cluster = new Set([...counts].filter(([, c]) => c * 2 > viewers.length).map(([n]) => n));
    }

    const rowOf = (v: Viewer, name: string) => v.agent.nodeList?.entries.find((e) => splitClusterName(e.name).name === name);
    const listEvidence = (v: Viewer, note: string): Evidence => {
      const first = v.agent.nodeList?.entries[0];
      return evidence(v.agent.nodeList?.file ?? '', first?.line ?? null, first?.excerpt ?? '', note);
    };

    const settled = new Set<string>();
    for (const name of [...cluster].sort()) {
      const missing = viewers.filter((v) => !v.known.has(name) && v.node !== name);
      const eligible = viewers.filter((v) => v.node !== name).length;
      if (missing.length === 0 || missing.length * 2 <= eligible) continue;
      settled.add(name);
      const ev = clusterEvidence.get(name);
      ctx.report({
        messageId: 'missingEverywhere',
        data: { node: name, missing: missing.length, agents: eligible },
        nodes: [name],
        evidence: [...(ev ? [ev] : []), ...missing.slice(0, 5).map((v) => listEvidence(v, `node list of the agent on "${v.node}", which has no row for "${name}"`))],
      });
    }
    const allKnown = new Set(viewers.flatMap((v) => [...v.known]));
    for (const name of [...allKnown].sort()) {
      if (cluster.has(name)) continue;
      const keeping = viewers.filter((v) => v.known.has(name));
      if (keeping.length * 2 <= viewers.length) continue;
      settled.add(name);
      ctx.report({
        messageId: 'staleEverywhere',
        data: { node: name, keeping: keeping.length, agents: viewers.length },
        nodes: [name],
        evidence: keeping.slice(0, 5).map((v) => {
          const row = rowOf(v, name);
          return evidence(v.agent.nodeList?.file ?? '', row?.line ?? null, row?.excerpt ?? '', `agent on "${v.node}"`);
        }),
      });
    }
    for (const v of viewers) {
      const missing = [...cluster].filter((n) => !settled.has(n) && n !== v.node && !v.known.has(n)).sort();
      const extra = [...v.known].filter((n) => !settled.has(n) && !cluster.has(n)).sort();
      if (missing.length === 0 && extra.length === 0) continue;
      ctx.report({
        messageId: 'agentView',
        data: { node: v.node, missing: missing.length ? quoteList(missing) : '', extra: extra.length ? quoteList(extra) : '' },
        nodes: [v.node, ...missing, ...extra],
        evidence: [
          ...(missing.length ? [listEvidence(v, `node list of the agent on "${v.node}"`)] : []),
          ...extra.slice(0, 5).map((n) => {
            const row = rowOf(v, n);
            return evidence(v.agent.nodeList?.file ?? '', row?.line ?? null, row?.excerpt ?? '', `kept by the agent on "${v.node}"`);
          }),
        ],
      });
    }
  },
});
