import type { Agent } from '../model/bundle.js';
import type { Evidence } from '../model/common.js';
import type { NodeListEntry } from '../model/node-list.js';
import { splitClusterName } from '../parsers/util/text.js';
import { defineCheck, evidence, evidenceOf } from './define.js';
import { quoteList } from './util-nodes.js';

/** An agent with a node list, and its rows by node name (cluster prefix removed). */
type Viewer = { agent: Agent; node: string; known: Map<string, NodeListEntry> };

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
    const viewers: Viewer[] = [];
    for (const a of bundle.agents) {
      if (!a.nodeList || !a.node) continue;
      const known = new Map<string, NodeListEntry>();
      for (const e of a.nodeList.entries) {
        const name = splitClusterName(e.name).name;
        if (!known.has(name)) known.set(name, e);
      }
      viewers.push({ agent: a, node: a.node, known });
    }
    if (viewers.length === 0) return;

    // Counts instead of a scan of every agent per node: a bundle can hold thousands of agents and nodes.
    const knownBy = new Map<string, number>();
    const knownByOthers = new Map<string, number>();
    const onNode = new Map<string, number>();
    for (const v of viewers) {
      onNode.set(v.node, (onNode.get(v.node) ?? 0) + 1);
      for (const n of v.known.keys()) {
        knownBy.set(n, (knownBy.get(n) ?? 0) + 1);
        if (n !== v.node) knownByOthers.set(n, (knownByOthers.get(n) ?? 0) + 1);
      }
    }

    let cluster: Set<string>;
    const clusterEvidence = new Map<string, Evidence>();
    if (bundle.k8s.nodes) {
      // Agents learn nodes from CiliumNodes: a Node without one is ciliumnode-orphan's finding, not a view problem.
      const registered = bundle.k8s.ciliumNodes ? new Set(bundle.k8s.ciliumNodes.map((n) => n.name)) : null;
      cluster = new Set(bundle.k8s.nodes.map((n) => n.name).filter((n) => !registered || registered.has(n)));
      for (const n of bundle.k8s.nodes) clusterEvidence.set(n.name, evidenceOf(n, 'the Kubernetes Node'));
    } else {
      // Without Kubernetes Nodes, the nodes most agents know stand for the cluster.
      cluster = new Set(Array.from(knownBy).filter(([, c]) => c * 2 > viewers.length).map(([n]) => n));
    }

    const rowEvidence = (v: Viewer, name: string, note: string): Evidence => {
      const row = v.known.get(name);
      return evidence(v.agent.nodeList?.file ?? '', row?.line ?? null, row?.excerpt ?? '', note);
    };
    const listEvidence = (v: Viewer, note: string): Evidence => {
      const first = v.agent.nodeList?.entries[0];
      return evidence(v.agent.nodeList?.file ?? '', first?.line ?? null, first?.excerpt ?? '', note);
    };
    const firstViewers = (test: (v: Viewer) => boolean, max: number): Viewer[] => {
      const out: Viewer[] = [];
      for (const v of viewers) {
        if (out.length >= max) break;
        if (test(v)) out.push(v);
      }
      return out;
    };

    const settled = new Set<string>();
    for (const name of Array.from(cluster).sort()) {
      const eligible = viewers.length - (onNode.get(name) ?? 0);
      const missing = eligible - (knownByOthers.get(name) ?? 0);
      if (missing === 0 || missing * 2 <= eligible) continue;
      settled.add(name);
      const ev = clusterEvidence.get(name);
      const shown = firstViewers((v) => !v.known.has(name) && v.node !== name, 5);
      ctx.report({
        messageId: 'missingEverywhere',
        data: { node: name, missing, agents: eligible },
        nodes: [name],
        evidence: [...(ev ? [ev] : []), ...shown.map((v) => listEvidence(v, `node list of the agent on "${v.node}", which has no row for "${name}"`))],
      });
    }
    for (const name of Array.from(knownBy.keys()).sort()) {
      if (cluster.has(name)) continue;
      const keeping = knownBy.get(name) ?? 0;
      if (keeping * 2 <= viewers.length) continue;
      settled.add(name);
      ctx.report({
        messageId: 'staleEverywhere',
        data: { node: name, keeping, agents: viewers.length },
        nodes: [name],
        evidence: firstViewers((v) => v.known.has(name), 5).map((v) => rowEvidence(v, name, `agent on "${v.node}"`)),
      });
    }
    const open = Array.from(cluster).filter((n) => !settled.has(n)).sort();
    for (const v of viewers) {
      const missing = open.filter((n) => n !== v.node && !v.known.has(n));
      const extra = Array.from(v.known.keys()).filter((n) => !settled.has(n) && !cluster.has(n)).sort();
      if (missing.length === 0 && extra.length === 0) continue;
      ctx.report({
        messageId: 'agentView',
        data: { node: v.node, missing: missing.length ? quoteList(missing) : '', extra: extra.length ? quoteList(extra) : '' },
        nodes: [v.node, ...missing, ...extra],
        evidence: [
          ...(missing.length ? [listEvidence(v, `node list of the agent on "${v.node}"`)] : []),
          ...extra.slice(0, 5).map((n) => rowEvidence(v, n, `kept by the agent on "${v.node}"`)),
        ],
      });
    }
  },
});
