import { defineCheck } from './define.js';
import { analyseHealth, cellEvidence, fallbackNote } from './util-health.js';

export default defineCheck({
  id: 'CR-3001',
  slug: 'node-unreachable',
  title: 'Nodes that most agents cannot reach',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['health'],
  thresholds: {
    fraction: { default: 0.5, description: 'share of the observing agents that must fail to reach the node (more than this)' },
  },
  messages: {
    endpointUnreachable: (d: { node: string; address: string; failed: number; probing: number }) =>
      `The health endpoint ${d.address} of ${d.node} is unreachable from ${d.failed} of ${d.probing} agents, while the node itself answers`,
    hostUnreachable: (d: { node: string; address: string; failed: number; probing: number }) =>
      `${d.node} (${d.address}) is unreachable from ${d.failed} of ${d.probing} agents, while its health endpoint answers`,
    nodeDown: (d: { node: string; address: string; failed: number; probing: number }) =>
      `${d.node} (${d.address}) and its health endpoint are unreachable from ${d.failed} of ${d.probing} agents`,
    nodeCutOff: (d: { node: string; address: string; failed: number; probing: number }) =>
      `${d.node} (${d.address}) is cut off: ${d.failed} of ${d.probing} agents cannot reach it, and its own agent reaches almost no one`,
  },
  docs: {
    summary: 'A node, or its health endpoint, that most agents fail to reach: the node is the suspect, not the observers.',
    explanation:
      'Every agent probes every node twice, by ICMP and by HTTP to port 4240: once at the node address (host connectivity) and once at the node\'s health endpoint, a pod-network address owned by cilium-health (endpoint connectivity). The check builds the matrix of all agents\' results and reports a destination that more than half of the agents probing it fail to reach, once, naming which target fails. Failures already explained by a partition are left out.',
    consequences:
      'When the health endpoint is unreachable but the host answers, pod traffic to that node is broken: the node\'s pod CIDR routing, its tunnel or encryption, or its datapath is at fault, while the node itself is up. When the host is unreachable too, the node is down or cut off from the node network.',
    commonCauses: [
      'The node\'s pod CIDR is not routed to it (native routing without the route, cloud route table full, a CIDR that differs between sources)',
      'Tunnel traffic (VXLAN 8472/UDP, Geneve 6081/UDP) or health port 4240/TCP blocked by a security group or firewall',
      'The agent on that node is restarting or its health endpoint failed to come up (cilium-health-ep controller failing)',
      'Stale datapath state after a node IP change: other agents still use the old address',
    ],
    verify: [
      'kubectl -n kube-system exec <agent-on-another-node> -- cilium-health status --probe --verbose',
      'kubectl -n kube-system exec <agent-on-that-node> -- cilium-dbg status --verbose | grep -A3 cilium-health-ep',
      'kubectl get ciliumnode <node> -o jsonpath=\'{.spec.health}{"\\n"}{.spec.ipam.podCIDRs}\'',
    ],
  },
  run(bundle, ctx) {
    const m = bundle.health;
    if (!m) return;
    const fallback = fallbackNote(m);
    if (fallback) ctx.usedFallback(fallback);
    const analysis = analyseHealth(m, bundle.k8s.nodes, { unreachableFraction: ctx.thresholds.fraction });
    for (const u of analysis.unreachable) {
      const both = u.targets.length === 2;
      const target = both || u.targets[0] === 'node' ? 0 : 1;
      const address = m.addresses[u.d]?.[target] ?? m.addresses[u.d]?.[0] ?? 'unknown address';
      const messageId = u.alsoBlind ? 'nodeCutOff' : both ? 'nodeDown' : u.targets[0] === 'endpoint' ? 'endpointUnreachable' : 'hostUnreachable';
      ctx.report({
        messageId,
        data: { node: u.node, address, failed: u.failedObservers, probing: u.probingObservers },
        nodes: [u.node],
        evidence: cellEvidence(m, u.failedCells),
      });
    }
  },
});
