import type { StatusLine } from '../model/agent-status.js';
import { defineCheck, evidenceOf } from './define.js';

/** Keys other checks judge with more detail. */
const ELSEWHERE = new Set(['cluster health', 'controller status']);

export default defineCheck({
  id: 'CR-1002',
  slug: 'agent-degraded',
  title: 'Agents whose status is not OK',
  defaultSeverity: 'warning',
  messageSeverity: { failure: 'error' },
  needs: ['agents.status'],
  messages: {
    failure: (d: { node: string; lines: string }) => `The agent on ${d.node} reports a failure: ${d.lines}`,
    warning: (d: { node: string; lines: string }) => `The agent on ${d.node} reports a warning: ${d.lines}`,
  },
  docs: {
    summary: 'An agent whose `cilium status` reports a component that is not Ok, naming the component lines.',
    explanation:
      'Each component line of `cilium status` (KVStore, Kubernetes, Cilium, Cilium health daemon, Hubble, …) starts with a state: Ok, Warning, Failure or Disabled. The check reports every agent with a Warning or Failure line, quoting the lines. Controller and cluster health lines are left to their own checks; the Modules Health summary counts as a warning when modules are degraded.',
    consequences: 'A failing component means that part of the agent does not work: no Kubernetes events (stale services and policies), no kvstore (no identities), no health probing, no flow visibility.',
    commonCauses: [
      'The API server or kvstore unreachable from the node',
      'The agent still starting up, or failing to start a subsystem (see its logs)',
      'Hubble or the health daemon crashed inside the agent',
    ],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose', 'kubectl -n kube-system logs <agent> -c cilium-agent --since=1h | grep -E "level=(error|warning)"'],
  },
  run(bundle, ctx) {
    for (const agent of bundle.agents) {
      const status = agent.status;
      if (!status || !agent.node) continue;
      const bad: StatusLine[] = status.lines.filter(
        (l) => (l.state === 'warning' || l.state === 'failure') && !ELSEWHERE.has(l.key.toLowerCase()),
      );
      const listed = new Set(bad);
      for (const l of status.lines) {
        const degraded = /^Modules Health$/i.test(l.key) ? /Degraded\((\d+)\)/.exec(l.value) : null;
        if (degraded && Number(degraded[1]) > 0 && !listed.has(l)) bad.push(l);
      }
      if (bad.length === 0) continue;
      const failure = bad.some((l) => l.state === 'failure');
      ctx.report({
        messageId: failure ? 'failure' : 'warning',
        data: { node: agent.node, lines: bad.slice(0, 20).map((l) => `${l.key}: ${l.value.trim()}`).join('; ') + (bad.length > 20 ? ` and ${bad.length - 20} more` : '') },
        nodes: [agent.node],
        evidence: bad.map((l) => evidenceOf(l)),
      });
    }
  },
});
