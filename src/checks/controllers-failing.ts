import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-1003',
  slug: 'controllers-failing',
  title: 'Failing agent controllers',
  defaultSeverity: 'warning',
  needs: ['agents.status'],
  messages: {
    failing: (d: { node: string; healthy: number; total: number; controllers: string }) =>
      `${d.total - d.healthy} of the ${d.total} controllers of the agent on ${d.node} ${d.total - d.healthy === 1 ? 'is' : 'are'} failing${d.controllers ? `: ${d.controllers}` : ''}`,
  },
  docs: {
    summary: 'An agent with failing controllers: background loops that keep datapath, identities and Kubernetes objects in sync and currently return errors.',
    explanation:
      'The `Controller Status: N/M healthy` line of `cilium status` counts controllers whose last run failed. The verbose table (and the debuginfo JSON) names them with their consecutive failure count, the time of the last error and the error message, which the finding quotes.',
    consequences:
      'Whatever the controller maintains goes stale: endpoint regeneration, CiliumEndpoint or CiliumNode sync, identity allocation, ipcache, health endpoint. Failures compound while it keeps failing.',
    commonCauses: [
      'The API server unreachable or rejecting writes (RBAC, webhooks, throttling): sync-to-k8s-* controllers',
      'A policy or endpoint that cannot be compiled or loaded: endpoint-*-regeneration-recovery',
      'The health endpoint unable to start: cilium-health-ep',
    ],
    verify: [
      'kubectl -n kube-system exec <agent> -- cilium-dbg status --all-controllers',
      'kubectl -n kube-system logs <agent> -c cilium-agent | grep -i controller',
    ],
  },
  run(bundle, ctx) {
    for (const agent of bundle.agents) {
      const c = agent.status?.controllers;
      if (!c || !agent.node) continue;
      const failing = c.failing ?? [];
      if (c.healthy >= c.total && failing.length === 0) continue;
      const named = failing
        .slice(0, 5)
        .map((f) => `${f.name}${f.failureCount > 0 ? ` failed ${f.failureCount === 1 ? 'once' : `${f.failureCount} times`}${f.lastError && f.lastError !== 'never' ? `, the last at ${f.lastError}` : ''}` : ''}${f.message && f.message !== 'no error' ? `: ${f.message}` : ''}`)
        .join('; ');
      ctx.report({
        messageId: 'failing',
        data: { node: agent.node, healthy: c.healthy, total: c.total, controllers: failing.length > 5 ? `${named} and ${failing.length - 5} more` : named },
        nodes: [agent.node],
        evidence: [evidenceOf(c.line), ...failing.slice(0, 10).map((f) => evidenceOf(f))],
      });
    }
  },
});
