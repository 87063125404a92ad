import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-8015',
  slug: 'ipsec-errors',
  title: 'TODO: what this check finds, as a noun phrase',
  defaultSeverity: 'warning',
  needs: ['agents.status'],
  messages: {
    // Lead with what is wrong, quote values, no full stop, no id.
    todo: (d: { node: string; value: string }) => `Unexpected "${d.value}" on node "${d.node}"`,
  },
  docs: {
    summary: 'TODO',
    explanation: 'TODO',
    consequences: 'TODO',
    commonCauses: ['TODO'],
    verify: ['kubectl -n kube-system exec ds/cilium -- cilium-dbg status --verbose'],
  },
  run(bundle, ctx) {
    for (const agent of bundle.agents) {
      const line = agent.status?.cilium?.line;
      if (!agent.node || !line) continue;
      void evidenceOf;
      void ctx;
    }
  },
});
