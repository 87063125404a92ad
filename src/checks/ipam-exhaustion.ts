import type { AddressPool } from '../model/agent-status.js';
import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-2003',
  slug: 'ipam-exhaustion',
  title: 'IPAM pools nearly or fully used',
  impact: 'datapath',
  defaultSeverity: 'warning',
  messageSeverity: { full: 'error' },
  needs: ['agents.status'],
  thresholds: {
    warnPercent: { default: 90, description: 'a pool at least this full (percent) is reported as a warning' },
    errorPercent: { default: 100, description: 'a pool at least this full (percent) is reported as an error' },
  },
  messages: {
    nearlyFull: (d: { node: string; family: string; used: number; total: number; percent: string; cidr: string }) =>
      `The ${d.family} pool of ${d.node} is nearly used up: ${d.used} of ${d.total} addresses allocated (${d.percent}%)${d.cidr ? ` from ${d.cidr}` : ''}`,
    full: (d: { node: string; family: string; used: number; total: number; percent: string; cidr: string }) =>
      `${d.node} has no free ${d.family} address: ${d.used} of ${d.total} allocated${d.cidr ? ` from ${d.cidr}` : ''}, so new pods on it cannot start; to fix, give the node a larger pod CIDR (cluster-pool: a smaller clusterPoolIPv4MaskSize, or another pool CIDR) or move pods off it`,
  },
  docs: {
    summary: 'An agent whose IPAM pool (the addresses it gives to pods on its node) is nearly or fully used.',
    explanation:
      'The `IPAM:` line of each agent\'s `cilium status` (or the debuginfo JSON) gives the addresses allocated and the pool size. At `warnPercent` the node is close to running out; at `errorPercent` new pods on the node cannot get an address.',
    consequences: 'New pods on the node stay in ContainerCreating with "failed to allocate IP" / "range is full" errors from the CNI plugin.',
    commonCauses: [
      'A pod CIDR too small for the node\'s max-pods (a /26 or /27 per node with 110 pods)',
      'Leaked allocations: IPs held for pods that no longer exist (agent restarts, CNI DEL not called)',
      'ENI: the instance type\'s ENI/IP limit reached, or the subnet exhausted',
    ],
    verify: [
      'kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose | sed -n \'/Allocated addresses/,/^[A-Z]/p\'',
      'kubectl get pods -A -o wide --field-selector spec.nodeName=<node> | wc -l',
      'kubectl get ciliumnode <node> -o yaml',
    ],
  },
  run(bundle, ctx) {
    for (const agent of bundle.agents) {
      const ipam = agent.status?.ipam;
      if (!ipam || !agent.node) continue;
      for (const [family, pool] of [['IPv4', ipam.ipv4], ['IPv6', ipam.ipv6]] as [string, AddressPool | null][]) {
        if (!pool || pool.total === null || pool.total === 0) continue;
        const percent = (pool.used / pool.total) * 100;
        if (percent < ctx.thresholds.warnPercent) continue;
        ctx.report({
          messageId: percent >= ctx.thresholds.errorPercent ? 'full' : 'nearlyFull',
          data: { node: agent.node, family, used: pool.used, total: pool.total, percent: percent.toFixed(percent >= 99.95 && percent < 100 ? 2 : 0), cidr: pool.cidr ?? '' },
          nodes: [agent.node],
          evidence: [evidenceOf(ipam.line)],
        });
      }
    }
  },
});
