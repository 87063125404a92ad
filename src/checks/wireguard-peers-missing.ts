import type { Evidence } from '../model/common.js';
import { defineCheck, evidenceOf } from './define.js';
import { configValue, nodeAgents } from './util-host.js';

export default defineCheck({
  id: 'CR-8016',
  slug: 'wireguard-peers-missing',
  title: 'WireGuard peers missing on a node',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['agents.status'],
  messages: {
    fewerMesh: (d: { node: string; peers: number; local: number; remotes: number; remote: number; expected: number; missing: number }) =>
      `The WireGuard device of node ${d.node} has ${d.peers} ${d.peers === 1 ? 'peer' : 'peers'} but the cluster has ${d.local} other Cilium ${d.local === 1 ? 'node' : 'nodes'} and its ${d.remotes} remote ${d.remotes === 1 ? 'cluster' : 'clusters'} ${d.remote} more (${d.expected} in all): traffic to the ${d.missing} missing ${d.missing === 1 ? 'node leaves unencrypted or is dropped' : 'nodes leaves unencrypted or is dropped'} (strict mode). Check that every CiliumNode, here and in the remote clusters, carries its WireGuard public key (network.cilium.io/wg-pub-key), and that the remote clusters are ready on ${d.node}`,
    fewer: (d: { node: string; peers: number; expected: number; missing: number }) =>
      `The WireGuard device of node ${d.node} has ${d.peers} ${d.peers === 1 ? 'peer' : 'peers'} but the cluster has ${d.expected} other Cilium ${d.expected === 1 ? 'node' : 'nodes'}: traffic to the ${d.missing} missing ${d.missing === 1 ? 'node leaves unencrypted or is dropped' : 'nodes leaves unencrypted or is dropped'} (strict mode). Check that every CiliumNode carries its WireGuard public key (network.cilium.io/wg-pub-key) and restart the agent on ${d.node}`,
  },
  docs: {
    summary: 'A node with WireGuard encryption whose cilium_wg0 device has fewer peers than there are other Cilium nodes.',
    explanation:
      'With WireGuard on, every agent adds one peer per other node, keyed by the public key the node publishes on its CiliumNode. The peer count comes from `cilium encrypt status` (`Number of peers:`) or the `Encryption:` line of `cilium status` (`cilium_wg0 (Pubkey: …, Port: 51871, Peers: N)`); the expected count is the number of other nodes with a Cilium agent or CiliumNode. With ClusterMesh the agent adds a peer for every node it learns from the remote clusters too (pkg/wireguard/agent), so the node counts of the remotes its status lists (`<remote>: ready, N nodes, …`) are added to the expected count.',
    consequences: 'Traffic to a node that is not a peer is sent unencrypted, or dropped when strict mode requires encryption: pod connectivity to some nodes only fails, often right after those nodes joined.',
    commonCauses: ['A node whose agent has not published its public key (agent not ready, CiliumNode update failing)', 'A stale or rotated key on one node (the node was rebuilt under the same name)', 'The agent failing to reconcile peers after an apiserver outage (check its log for wireguard errors)'],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg encrypt status', 'kubectl -n kube-system exec <agent> -- cilium-dbg debuginfo --output json | jq .encryption', 'kubectl get ciliumnodes -o custom-columns=NAME:.metadata.name,KEY:.metadata.annotations.network\\.cilium\\.io/wg-pub-key'],
  },
  run(bundle, ctx) {
    const nodes = new Set([...nodeAgents(bundle).map((a) => a.node), ...(bundle.k8s.ciliumNodes ?? []).map((n) => n.name)]);
    for (const agent of nodeAgents(bundle)) {
      const wg = agent.host.encrypt?.wireguard?.[0];
      let peers: number | null = wg?.peers ?? null;
      let at: Evidence | null = wg ? evidenceOf(wg) : null;
      const line = agent.status?.encryption;
      if (peers === null && line) {
        const m = /Peers: (\d+)/.exec(line.line.value);
        if (m) [peers, at] = [Number(m[1]), evidenceOf(line.line)];
      }
      const on = configValue(bundle, agent, 'enable-wireguard', 'EnableWireguard')?.value === 'true' || /^wireguard$/i.test(line?.mode ?? '') || /^wireguard$/i.test(agent.host.encrypt?.mode ?? '');
      if (!on || peers === null || !at) continue;
      const mesh = agent.status?.clusterMesh;
      const remote = mesh ? mesh.remotes.reduce((sum, r) => sum + (r.nodes ?? 0), 0) : 0;
      const expected = nodes.size - 1 + remote;
      if (peers >= expected) continue;
      if (mesh && remote > 0) {
        const data = { node: agent.node, peers, local: nodes.size - 1, remotes: mesh.remotes.length, remote, expected, missing: expected - peers };
        ctx.report({ messageId: 'fewerMesh', data, nodes: [agent.node], evidence: [at, evidenceOf(mesh.line)] });
        continue;
      }
      ctx.report({ messageId: 'fewer', data: { node: agent.node, peers, expected, missing: expected - peers }, nodes: [agent.node], evidence: [at] });
    }
  },
});
