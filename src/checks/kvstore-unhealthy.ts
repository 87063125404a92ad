import { defineCheck, evidenceOf } from './define.js';
import { nodeAgents } from './util-host.js';

export default defineCheck({
  id: 'CR-8017',
  slug: 'kvstore-unhealthy',
  title: 'Agent\'s kvstore (etcd) connection unhealthy',
  impact: 'control-plane',
  defaultSeverity: 'error',
  messageSeverity: { partial: 'warning' },
  needs: ['agents.status'],
  messages: {
    failing: (d: { node: string; state: string; detail: string; spread: string }) =>
      `The agent on node ${d.node} reports its kvstore ${d.state}: ${d.detail}${d.spread}. Identities, IP-to-identity mappings and ClusterMesh state stop syncing through etcd until it recovers; check the etcd endpoints, their certificates and the network path from this node`,
    noQuorum: (d: { node: string; quorum: string; errors: string; spread: string }) =>
      `The agent on node ${d.node} cannot confirm etcd quorum (has-quorum=${d.quorum}${d.errors})${d.spread}: its leases and locks may expire and the agent restarts once the errors exceed kvstore-max-consecutive-quorum-errors. Check etcd's health and the latency from this node to it`,
    troubleshoot: (d: { node: string; failure: string; more: number; spread: string }) =>
      `The agent on node ${d.node} fails its own etcd test (cilium-dbg troubleshoot kvstore): ${d.failure}${d.more > 0 ? ` and ${d.more} more failed steps` : ''}${d.spread}. Fix what the failed step names (certificates, DNS, the TCP path to the endpoint)`,
    partial: (d: { node: string; connected: number; total: number; spread: string }) =>
      `The agent on node ${d.node} reaches ${d.connected} of ${d.total} etcd endpoints${d.spread}; it works, but one more failure leaves it without the kvstore. Check the unreachable endpoints`,
  },
  docs: {
    summary: 'An agent whose `KVStore:` status line shows it cannot reach etcd, has no quorum, or reaches only some endpoints, or whose own etcd test (`cilium-dbg troubleshoot kvstore`, 1.16+) fails a step.',
    explanation:
      'With `kvstore: etcd` the agent prints `KVStore: Ok   etcd: 1/1 connected, leases=…, lock leases=…, has-quorum=true: https://…:2379 - 3.5.9 (Leader)` (pkg/kvstore/etcd.go). A failed quorum check replaces `true` with the error and appends `consecutive-errors=N`; past kvstore-max-consecutive-quorum-errors the line reads `quorum check failed N times in a row: …`, and with no endpoint reachable `not able to connect to any etcd endpoints`. This check reads the line from every agent\'s status (verbose text or debuginfo JSON), then the ❌ steps of `cilium-dbg troubleshoot kvstore` (DNS, TCP, TLS and certificate checks of every endpoint), and says how many agents share the problem: one agent points at its node\'s path to etcd, all of them at etcd itself.',
    consequences: 'Identity allocation and the ipcache of etcd-backed clusters stop being updated: new pods get no identity (endpoints stuck in waiting-for-identity), policy decisions use stale mappings, ClusterMesh remotes go stale; an agent that exceeds the quorum error limit restarts.',
    commonCauses: ['etcd overloaded or out of quorum (a member down, disk latency)', 'Expired or rotated client certificates in the cilium-etcd-secrets Secret', 'A network policy, firewall or MTU problem between the node and the etcd endpoints'],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose | grep KVStore', 'kubectl -n kube-system exec <agent> -- cilium-dbg troubleshoot kvstore', 'kubectl -n kube-system exec <agent> -- cilium-dbg kvstore get --recursive cilium/.heartbeat'],
  },
  run(bundle, ctx) {
    type Row = { node: string; kind: 'failing' | 'noQuorum' | 'partial' | 'troubleshoot'; data: Record<string, string | number>; line: NonNullable<NonNullable<(typeof bundle.agents)[number]['status']>['kvstore']>; at?: { src: { file: string; line: number | null }; excerpt: string } };
    const rows: Row[] = [];
    let etcd = 0;
    for (const agent of nodeAgents(bundle)) {
      const line = agent.status?.kvstore;
      if (!line) continue;
      const v = line.value.trim();
      if (/^disabled\b/i.test(v) || line.state === 'disabled' || /^ok\s+disabled/i.test(v)) continue;
      etcd++;
      const body = v.replace(/^(ok|warning|failure)\s+/i, '');
      if (line.state === 'failure' || line.state === 'warning' || /quorum check failed|not able to connect/i.test(body)) {
        rows.push({ node: agent.node, kind: 'failing', data: { state: line.state ?? 'failing', detail: body.slice(0, 240) }, line });
        continue;
      }
      const quorum = /has-quorum=([^:]*?)(?:, consecutive-errors=(\d+))?:/.exec(body);
      if (quorum && quorum[1] !== 'true') {
        rows.push({ node: agent.node, kind: 'noQuorum', data: { quorum: quorum[1] as string, errors: quorum[2] ? `, consecutive-errors=${quorum[2]}` : '' }, line });
        continue;
      }
      const conn = /(\d+)\/(\d+) connected/.exec(body);
      if (conn && Number(conn[1]) < Number(conn[2])) {
        rows.push({ node: agent.node, kind: 'partial', data: { connected: Number(conn[1]), total: Number(conn[2]) }, line });
        continue;
      }
      // 1.16+: the agent's own connection test can fail a step while the status line still reads Ok.
      const t = agent.host.kvstoreTroubleshoot;
      const failed = t && !t.crdMode ? t.failures[0] : undefined;
      if (t && failed) rows.push({ node: agent.node, kind: 'troubleshoot', data: { failure: failed.excerpt.replace(/^❌\s*/, ''), more: t.failures.length - 1 }, line, at: failed });
    }
    for (const r of rows) {
      const same = rows.filter((x) => x.kind === r.kind).length;
      const spread = etcd > 1 ? (same === etcd ? `; all ${etcd} agents report the same` : same === 1 ? `; the other ${etcd - 1} agents are fine` : `; ${same} of ${etcd} agents report the same`) : '';
      const at = { nodes: [r.node], evidence: r.at ? [evidenceOf(r.at), evidenceOf(r.line)] : [evidenceOf(r.line)] };
      if (r.kind === 'failing') ctx.report({ messageId: 'failing', data: { node: r.node, state: String(r.data.state), detail: String(r.data.detail), spread }, ...at });
      else if (r.kind === 'noQuorum') ctx.report({ messageId: 'noQuorum', data: { node: r.node, quorum: String(r.data.quorum), errors: String(r.data.errors), spread }, ...at });
      else if (r.kind === 'troubleshoot') ctx.report({ messageId: 'troubleshoot', data: { node: r.node, failure: String(r.data.failure), more: Number(r.data.more), spread }, ...at });
      else ctx.report({ messageId: 'partial', data: { node: r.node, connected: Number(r.data.connected), total: Number(r.data.total), spread }, ...at });
    }
  },
});
