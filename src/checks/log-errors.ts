import type { LogSignature } from '../model/misc.js';
import { defineCheck, evidenceOf } from './define.js';

export default defineCheck({
  id: 'CR-7001',
  slug: 'log-errors',
  title: 'Error and fatal log signatures',
  defaultSeverity: 'warning',
  messageSeverity: { fatal: 'error' },
  needs: ['agents.logs'],
  thresholds: {
    minCount: { default: 1, description: 'occurrences of an error signature (summed over agents) below which nothing is reported' },
    maxFindings: { default: 20, description: 'at most this many signatures are reported, the most frequent first' },
  },
  messages: {
    errors: (d: { signature: string; count: number; agents: string; first: string; last: string }) =>
      `Unexpected log errors "${d.signature}": ${d.count}× in ${d.agents}${d.first ? `, from ${d.first}` : ''}${d.last ? ` to ${d.last}` : ''}`,
    fatal: (d: { signature: string; count: number; agents: string; first: string; last: string }) =>
      `Unexpected fatal log lines "${d.signature}": ${d.count}× in ${d.agents}${d.first ? `, from ${d.first}` : ''}${d.last ? ` to ${d.last}` : ''}`,
  },
  docs: {
    summary: 'Error, fatal and panic lines in the Cilium agents\' logs, grouped by signature (the message with addresses, numbers and names taken out), counted per agent, with first and last time.',
    explanation:
      'Container logs of the agents (`logs-<pod>-cilium-agent-<ts>.log`, and `-prev.log` of a restarted container) are scanned for level error, fatal and panic. Lines that differ only in variable parts count as one signature. The most frequent signatures are reported with the agents that log them.',
    consequences: 'Errors that repeat point at what the agent cannot do; a fatal line in a -prev.log is usually why the agent restarted.',
    commonCauses: [
      'API server or kvstore connectivity (timeouts, "connection refused", rate limiting)',
      'BPF map or program problems (map full, verifier rejections)',
      'IPAM or identity allocation failures',
    ],
    verify: ['kubectl -n kube-system logs <agent> -c cilium-agent | grep -E "level=(error|fatal)"', 'kubectl -n kube-system logs <agent> -c cilium-agent --previous | tail -50'],
  },
  run(bundle, ctx) {
    const bySignature = new Map<string, { level: LogSignature['level']; total: number; agents: Map<string, number>; first: string | null; last: string | null; samples: LogSignature[] }>();
    for (const agent of bundle.agents) {
      for (const log of agent.logs) {
        for (const s of log.signatures) {
          if (s.level === 'warning') continue;
          const key = `${s.level === 'error' ? 'error' : 'fatal'}\0${s.signature}`;
          const entry = bySignature.get(key) ?? { level: s.level, total: 0, agents: new Map<string, number>(), first: null, last: null, samples: [] };
          entry.total += s.count;
          const who = agent.node ?? agent.pod;
          entry.agents.set(who, (entry.agents.get(who) ?? 0) + s.count);
          if (s.firstTime && (!entry.first || s.firstTime < entry.first)) entry.first = s.firstTime;
          if (s.lastTime && (!entry.last || s.lastTime > entry.last)) entry.last = s.lastTime;
          if (entry.samples.length < 5) entry.samples.push(s);
          bySignature.set(key, entry);
        }
      }
    }
    const agentNodes = new Set(bundle.agents.map((a) => a.node));
    const ranked = Array.from(bySignature).filter(([, e]) => e.total >= ctx.thresholds.minCount).sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]));
    for (const [key, e] of ranked.slice(0, ctx.thresholds.maxFindings)) {
      const agents = [...e.agents].sort((a, b) => b[1] - a[1]);
      ctx.report({
        messageId: e.level === 'error' ? 'errors' : 'fatal',
        data: {
          signature: key.split('\0')[1] as string,
          count: e.total,
          agents: agents.slice(0, 6).map(([n, c]) => `"${n}" (${c})`).join(', ') + (agents.length > 6 ? ` and ${agents.length - 6} more` : ''),
          first: e.first ?? '',
          last: e.last ?? '',
        },
        nodes: agents.map(([n]) => n).filter((n) => agentNodes.has(n)),
        evidence: e.samples.map((s) => evidenceOf(s.first)),
      });
    }
  },
});
