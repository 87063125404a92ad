import type { RemoteCluster } from '../model/agent-status.js';
import type { Evidence } from '../model/common.js';
import { defineCheck, evidenceOf } from './define.js';
import { joinNames, type NodeAgent, nodeAgents } from './util-host.js';
import { formatTime, quote } from './util-logs.js';

/** Evidence entries listed per finding: the first agents that show the remote not ready. */
const MAX_EVIDENCE = 5;

export default defineCheck({
  id: 'CR-8020',
  slug: 'clustermesh-remote-unready',
  title: 'ClusterMesh remote cluster not ready',
  impact: 'control-plane',
  defaultSeverity: 'error',
  messageSeverity: { shortfall: 'warning' },
  needs: ['agents.status'],
  messages: {
    everywhere: (d: { remote: string; agents: number; error: string; reconnections: string }) =>
      `Remote cluster ${d.remote} is not ready on any of the ${d.agents} agents; its last error: ${d.error}${d.reconnections}. No agent receives the remote's nodes, endpoints, identities or global services, so traffic to it runs on stale state or fails. The remote side is the problem: fix what the error names in cluster ${d.remote} (its clustermesh-apiserver or etcd and their certificates), or its endpoint and certificates in the cilium-clustermesh Secret`,
    oneView: (d: { remote: string; node: string; error: string; reconnections: string }) =>
      `Remote cluster ${d.remote} is not ready on node ${d.node}, the only agent whose status lists it; its last error: ${d.error}${d.reconnections}. The remote's nodes, endpoints, identities and global services no longer sync to this agent. With one agent's view the remote side and this node's path cannot be told apart: fix what the error names, in cluster ${d.remote} (its clustermesh-apiserver, etcd, certificates) or on the path from ${d.node} to its endpoint`,
    someNodes: (d: { remote: string; count: number; agents: number; nodes: string; error: string; reconnections: string }) =>
      `Remote cluster ${d.remote} is not ready on ${d.count} of ${d.agents} agents (${d.nodes}); the last error there: ${d.error}${d.reconnections}. The other agents have it ready, so the remote is up and the path from ${d.count === 1 ? 'this node' : 'these nodes'} is the problem: fix the route, firewall rules or DNS from ${d.count === 1 ? 'it' : 'them'} to the remote's clustermesh-apiserver endpoint (the address in the cilium-clustermesh Secret)`,
    shortfall: (d: { nodes: string; count: number; ready: number; total: number; unnamed: number }) =>
      `${d.count === 1 ? `The agent on ${d.nodes} reports` : `The agents on ${d.nodes} report`} ${d.ready} of ${d.total} remote clusters ready and ${d.count === 1 ? 'its status does' : 'their status does'} not name the ${d.unnamed === 1 ? 'remote that is' : `${d.unnamed} remotes that are`} not ready; \`cilium-dbg status --all-clusters\` on ${d.count === 1 ? 'it' : 'them'} lists every remote with its last error`,
  },
  docs: {
    summary: 'A remote cluster of a ClusterMesh that agents report not ready, with its last error, and whether every agent or only some see it so.',
    explanation:
      'With ClusterMesh configured, the agent\'s status prints `ClusterMesh:   4/5 remote clusters ready, 11 global-services` (`4/5 clusters ready` before 1.17) and, with `--verbose` as bugtool runs it, one line per remote: `<name>: ready|not-ready, N nodes, N endpoints, N identities, N services, N reconnections (last: …)`, then `└  ` lines with its etcd status or last error, the remote configuration and the synchronization status (pkg/client/client.go `FormatStatusResponseRemoteClusters`; debuginfo JSON holds the same as `cluster-mesh.clusters`). This check gathers every agent\'s view of each remote. A remote no agent has ready points at the remote side (its clustermesh-apiserver, etcd, certificates, or the Secret that names its endpoint); a remote only some agents have ready points at those nodes\' path to it. A `ready` count below the total whose missing remotes the status does not list is reported as a shortfall.',
    consequences:
      'The agents keep the remote\'s last known nodes, endpoints and identities and receive no updates: global services load-balance to stale or missing backends, policies that select the remote cluster\'s identities drop new pods\' traffic, and with WireGuard or IPsec the new remote nodes get no peer.',
    commonCauses: [
      'The remote\'s clustermesh-apiserver is down, or its LoadBalancer/NodePort address changed while the cilium-clustermesh Secret still names the old one',
      'Expired or mismatched certificates (clustermesh-apiserver-remote-cert, a CA not shared between the clusters)',
      'The remote\'s etcd lost quorum (`quorum check failed N times in a row`)',
      'A firewall, security group or route between the nodes and the remote\'s clustermesh-apiserver (only some nodes when they sit in other subnets)',
      'Two clusters with the same cluster name or cluster-id',
    ],
    verify: [
      'kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose',
      'cilium clustermesh status --context <cluster>',
      'kubectl -n kube-system exec <agent> -- cilium-dbg troubleshoot clustermesh <remote>',
    ],
  },
  run(bundle, ctx) {
    const agents = nodeAgents(bundle).filter((a) => a.status?.clusterMesh);
    const byRemote = new Map<string, { agent: NodeAgent; remote: RemoteCluster }[]>();
    for (const agent of agents) {
      for (const remote of agent.status?.clusterMesh?.remotes ?? []) {
        const rows = byRemote.get(remote.name) ?? [];
        rows.push({ agent, remote });
        byRemote.set(remote.name, rows);
      }
    }
    for (const [name, rows] of [...byRemote].sort((a, b) => a[0].localeCompare(b[0]))) {
      const bad = rows.filter((r) => !r.remote.ready);
      if (bad.length === 0) continue;
      const first = bad.find((r) => r.remote.status) ?? (bad[0] as (typeof bad)[number]);
      const error = first.remote.status ? quote(first.remote.status) : 'none printed';
      const reconnections = reconnectionsText(first.remote);
      const nodes = bad.map((r) => r.agent.node);
      const evidence: Evidence[] = bad.slice(0, MAX_EVIDENCE).map((r) => evidenceOf(r.remote));
      const facts = { nodes, subject: name, tags: ['area:clustermesh', `remote:${name}`] };
      if (rows.length === 1) {
        ctx.report({ messageId: 'oneView', data: { remote: name, node: nodes[0] as string, error, reconnections }, evidence, ...facts });
        continue;
      }
      if (bad.length === rows.length) {
        ctx.report({ messageId: 'everywhere', data: { remote: name, agents: rows.length, error, reconnections }, evidence, ...facts });
        continue;
      }
      const ready = rows.find((r) => r.remote.ready) as (typeof rows)[number];
      evidence.push(evidenceOf(ready.remote, `${ready.agent.node}'s agent has ${name} ready`));
      ctx.report({ messageId: 'someNodes', data: { remote: name, count: bad.length, agents: rows.length, nodes: joinNames(nodes), error, reconnections }, evidence, ...facts });
    }
    // A ready count short of the total that the listed remotes do not account for (a status printed without them).
    const short = new Map<string, { agent: NodeAgent; ready: number; total: number; unnamed: number }[]>();
    for (const agent of agents) {
      const mesh = agent.status?.clusterMesh;
      if (!mesh || mesh.ready === null || mesh.total === null || mesh.ready >= mesh.total) continue;
      const unnamed = mesh.total - mesh.ready - mesh.remotes.filter((r) => !r.ready).length;
      if (unnamed <= 0) continue;
      const key = `${mesh.ready}/${mesh.total}/${unnamed}`;
      short.set(key, [...(short.get(key) ?? []), { agent, ready: mesh.ready, total: mesh.total, unnamed }]);
    }
    for (const group of short.values()) {
      const g = group[0] as (typeof group)[number];
      const nodes = group.map((x) => x.agent.node);
      const evidence = group.slice(0, MAX_EVIDENCE).flatMap((x) => (x.agent.status?.clusterMesh ? [evidenceOf(x.agent.status.clusterMesh.line)] : []));
      ctx.report({ messageId: 'shortfall', data: { nodes: joinNames(nodes), count: nodes.length, ready: g.ready, total: g.total, unnamed: g.unnamed }, nodes, evidence, tags: ['area:clustermesh'] });
    }
  },
});

/** ` (4 reconnections, the last 28m28s ago)` from the remote's counters; '' when it never reconnected. */
function reconnectionsText(r: RemoteCluster): string {
  if (!r.failures) return '';
  const last = r.lastFailure && !r.lastFailure.startsWith('0001-') && r.lastFailure !== 'never' ? r.lastFailure : null;
  const when = last === null ? '' : /ago$/.test(last) ? `, the last ${last}` : `, the last at ${formatTime(last)}`;
  return ` (${r.failures} ${r.failures === 1 ? 'reconnection' : 'reconnections'}${when})`;
}
