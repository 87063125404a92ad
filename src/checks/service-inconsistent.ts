import type { Agent } from '../model/bundle.js';
import type { Evidence } from '../model/common.js';
import type { AgentService } from '../model/service.js';
import { defineCheck, evidence } from './define.js';
import { count, quoteList } from './util-nodes.js';
import { activeBackends, frontendKey, ownAddresses } from './util-services.js';

/** An agent that differs on this many frontends is reported once, as a whole stale service table. */
const WHOLE_TABLE = 10;

interface Seen {
  agent: Agent;
  node: string;
  service: AgentService;
  backends: string;
}

export default defineCheck({
  id: 'CR-5001',
  slug: 'service-inconsistent',
  title: 'Services that differ between agents',
  defaultSeverity: 'warning',
  needs: ['agents.services'],
  messages: {
    backends: (d: { frontend: string; nodes: string; theirs: string; majority: string; count: number }) =>
      `${d.frontend} has backends ${d.theirs} on ${d.nodes}, but ${d.majority} on the other ${count(d.count, 'node')}`,
    missingFrontend: (d: { frontend: string; nodes: string; count: number }) =>
      `${d.frontend} is missing from the service table on ${d.nodes}, while ${count(d.count, 'other node')} have it`,
    extraFrontend: (d: { frontend: string; nodes: string; count: number }) =>
      `${d.frontend} is only in the service table on ${d.nodes}; ${count(d.count, 'other node')} do not have it`,
    wholeTable: (d: { node: string; differing: number; total: number }) =>
      `The service table on ${d.node} differs from the other agents' in ${d.differing} of ${d.total} frontends`,
  },
  docs: {
    summary: 'A ClusterIP service whose frontend or backends are not the same on every agent.',
    explanation:
      'Every agent load-balances ClusterIP services itself, from its own copy of services and endpoints (`cilium service list`). They must agree. For each frontend the check groups agents by the set of active backends; the most common set is taken as correct and the others are reported. A frontend that only some agents have is reported as missing or stale. NodePort, LoadBalancer and HostPort entries are left out, since with `externalTrafficPolicy: Local` they differ per node by design. An agent that differs on many frontends is reported once.',
    consequences: 'The same service answers differently depending on the client\'s node: connections to removed pods, or load kept off new pods.',
    commonCauses: [
      'An agent with a stuck Kubernetes watch (services or EndpointSlices no longer updated): restart it',
      'An agent that restarted and restored stale entries from its BPF maps',
      'API server rate limiting or an overloaded agent lagging behind',
    ],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg service list', 'kubectl get endpointslices -A -l kubernetes.io/service-name=<svc>'],
  },
  run(bundle, ctx) {
    const own = ownAddresses(bundle);
    const agents = bundle.agents.filter((a) => a.services && a.node);
    if (agents.length < 2) {
      ctx.notEvaluated('fewer than two agents have a service list to compare');
      return;
    }
    const agentNodes = agents.map((a) => a.node as string);
    // Agents are counted by node, as `having` counts them: two agents of one node are one view.
    const nodeCount = new Set(agentNodes).size;
    const byFrontend = new Map<string, Seen[]>();
    for (const agent of agents) {
      const ips = own.get(agent.node as string) ?? new Set<string>();
      for (const service of agent.services?.services ?? []) {
        if (service.type !== 'ClusterIP') continue;
        const key = frontendKey(service, ips);
        const list = byFrontend.get(key) ?? [];
        list.push({ agent, node: agent.node as string, service, backends: activeBackends(service).join(',') });
        byFrontend.set(key, list);
      }
    }

    type Pending = { messageId: 'backends' | 'missingFrontend' | 'extraFrontend'; frontend: string; odd: string[]; data: Record<string, unknown>; evidence: Evidence[] };
    const pending: Pending[] = [];
    const oddCount = new Map<string, number>();
    const note = (nodes: readonly string[]) => nodes.forEach((n) => oddCount.set(n, (oddCount.get(n) ?? 0) + 1));
    const ev = (s: Seen, what: string) => evidence(s.agent.services?.file ?? '', s.service.line, s.service.excerpt, `${what} on "${s.node}"`);

    for (const [frontend, seen] of Array.from(byFrontend).sort(([a], [b]) => a.localeCompare(b))) {
      const having = new Set(seen.map((s) => s.node));
      // Only listed when fewer lack the frontend than have it, so the work stays within what the agents printed.
      const lackingCount = nodeCount - having.size;
      if (lackingCount > 0) {
        if (lackingCount < having.size) {
          const lacking = agentNodes.filter((n) => !having.has(n));
          pending.push({ messageId: 'missingFrontend', frontend, odd: lacking, data: { frontend, nodes: quoteList(lacking), count: having.size }, evidence: [ev(seen[0] as Seen, 'present')] });
          note(lacking);
        } else {
          const odd = seen.map((s) => s.node);
          pending.push({ messageId: 'extraFrontend', frontend, odd, data: { frontend, nodes: quoteList(odd), count: lackingCount }, evidence: seen.slice(0, 5).map((s) => ev(s, 'present')) });
          note(odd);
          continue;
        }
      }
      const groups = new Map<string, Seen[]>();
      for (const s of seen) {
        const group = groups.get(s.backends);
        if (group) group.push(s);
        else groups.set(s.backends, [s]);
      }
      if (groups.size < 2) continue;
      const sorted = Array.from(groups).sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
      const [majority, majorityList] = sorted[0] as [string, Seen[]];
      for (const [backends, list] of sorted.slice(1)) {
        const odd = list.map((s) => s.node);
        pending.push({
          messageId: 'backends',
          frontend,
          odd,
          data: { frontend, nodes: quoteList(odd), theirs: backends || 'none', majority: majority || 'none', count: majorityList.length },
          evidence: [...list.slice(0, 5).map((s) => ev(s, 'differs')), ev(majorityList[0] as Seen, 'as most agents')],
        });
        note(odd);
      }
    }

    const whole = new Set(Array.from(oddCount).filter(([, n]) => n >= WHOLE_TABLE).map(([node]) => node));
    const agentOf = new Map<string, Agent>();
    for (const a of agents) if (!agentOf.has(a.node as string)) agentOf.set(a.node as string, a);
    for (const node of Array.from(whole).sort()) {
      const agent = agentOf.get(node) as Agent;
      const first = agent.services?.services[0];
      ctx.report({
        messageId: 'wholeTable',
        data: { node, differing: oddCount.get(node) ?? 0, total: byFrontend.size },
        nodes: [node],
        evidence: [evidence(agent.services?.file ?? '', first?.line ?? null, first?.excerpt ?? '', `service list of the agent on "${node}"`)],
      });
    }
    for (const p of pending) {
      const odd = p.odd.filter((n) => !whole.has(n));
      if (odd.length === 0) continue;
      ctx.report({ messageId: p.messageId, data: { ...p.data, nodes: quoteList(odd) } as never, nodes: odd, evidence: p.evidence });
    }
  },
});
