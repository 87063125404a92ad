import type { Evidence } from '../model/common.js';
import type { K8sService } from '../model/k8s.js';
import { defineCheck, evidence } from './define.js';
import { joinNames, nodeAgents } from './util-host.js';

/** `10.96.0.10:53/UDP` → `10.96.0.10`, `53`; `[fd00::a]:80` → `fd00::a`, `80`. */
function split(address: string): { ip: string; port: string } {
  const bare = address.replace(/\/\w+$/, '');
  const m = /^\[?([^\]]*?)\]?:(\d+)$/.exec(bare);
  return m ? { ip: m[1] as string, port: m[2] as string } : { ip: bare, port: '' };
}

/** Frontend types that come from Kubernetes Services (not HostPort, LocalRedirect or health-check frontends). */
const FROM_SERVICES = /^(ClusterIP|NodePort|ExternalIPs|LoadBalancer)$/;

export default defineCheck({
  id: 'CR-5051',
  slug: 'service-stale-frontend',
  title: 'Agent load-balancing state that no Kubernetes Service or EndpointSlice holds',
  impact: 'datapath',
  defaultSeverity: 'warning',
  needs: ['agents.services', 'k8s.services'],
  messages: {
    staleFrontend: (d: { frontend: string; type: string; count: number; total: number; agents: string }) =>
      `${d.count === d.total ? `Every agent (${d.count}) still load-balances` : `${d.count} of ${d.total} agents (${d.agents}) still load-balance`} ${d.type} frontend ${d.frontend}, which no Kubernetes Service has: clients of that address reach backends of a deleted or changed Service. ${d.count === d.total ? 'The agents missed the deletion: restart them (or run cilium-dbg service delete on the ID)' : 'Restart the agents that keep it; they missed the Service update'}`,
    staleBackends: (d: { service: string; frontend: string; backends: string; count: number; agents: string }) =>
      `Service ${d.service} (${d.frontend}) has backends on ${d.agents} that its EndpointSlices no longer list (${d.backends}): connections are sent to pods that are gone. Restart the agents that keep them, and check the agent log for EndpointSlice sync errors`,
  },
  docs: {
    summary: 'Frontends the agents load-balance that no Kubernetes Service has, and backends that no EndpointSlice lists.',
    explanation:
      'Each agent\'s `cilium service list` (text or JSON, or debuginfo\'s `service-list`) is compared with `k8s-services-<ts>.yaml` and `k8s-endpointslices-<ts>.yaml`. A ClusterIP, ExternalIPs or LoadBalancer frontend whose address and port belong to no Service, or a NodePort frontend whose port is no Service\'s nodePort, is stale; for a frontend that matches a Service with EndpointSlices, a backend address no slice lists is stale. Agents that agree are reported together: one stale entry on every agent points at a missed deletion cluster-wide, on some agents at those agents.',
    consequences: 'Clients of a stale frontend reach backends of a Service that no longer exists (or was recreated with another address); stale backends receive new connections that time out or hit the wrong pod after its IP was reused.',
    commonCauses: ['An agent that lost its apiserver watch (restarts, throttling) and did not resync', 'Services recreated with the same name but another ClusterIP while an agent was down', 'Backends of pods deleted while the agent was restarting (restored from the BPF maps, never pruned)'],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg service list', 'kubectl get svc -A -o wide', 'kubectl get endpointslices -A', 'kubectl -n kube-system exec <agent> -- cilium-dbg bpf lb list'],
  },
  run(bundle, ctx) {
    const services = bundle.k8s.services ?? [];
    const frontends = new Map<string, K8sService>();
    const nodePorts = new Map<string, K8sService>();
    for (const s of services) {
      for (const port of s.ports) {
        for (const ip of [...s.clusterIPs, ...s.externalIPs, ...s.loadBalancerIPs]) frontends.set(`${ip}:${port.port}`, s);
        if (port.nodePort !== null) nodePorts.set(String(port.nodePort), s);
      }
    }
    const slices = bundle.k8s.endpointSlices;
    const sliceIps = new Map<string, Set<string>>();
    for (const sl of slices ?? []) {
      if (!sl.service) continue;
      const key = `${sl.namespace}/${sl.service}`;
      const set = sliceIps.get(key) ?? new Set<string>();
      for (const a of sl.addresses) set.add(a.ip);
      sliceIps.set(key, set);
    }
    const agents = nodeAgents(bundle).filter((a) => a.services);
    const staleFront = new Map<string, { type: string; nodes: string[]; evidence: Evidence[] }>();
    const staleBack = new Map<string, { service: string; frontend: string; backends: Set<string>; nodes: string[]; evidence: Evidence[] }>();
    for (const agent of agents) {
      const list = agent.services as NonNullable<typeof agent.services>;
      for (const svc of list.services) {
        if (!FROM_SERVICES.test(svc.type)) continue;
        const { ip, port } = split(svc.frontend);
        const owner = svc.type === 'NodePort' ? nodePorts.get(port) : frontends.get(`${ip}:${port}`);
        const at = evidence(list.file, svc.line, svc.excerpt, `agent on ${agent.node}`);
        if (!owner) {
          const key = `${svc.type} ${ip}:${port}`;
          const s = staleFront.get(key) ?? { type: svc.type, nodes: [], evidence: [] };
          s.nodes.push(agent.node);
          if (s.evidence.length < 3) s.evidence.push(at);
          staleFront.set(key, s);
          continue;
        }
        const known = sliceIps.get(`${owner.namespace}/${owner.name}`);
        if (!known || known.size === 0) continue;
        const gone = svc.backends.map((b) => split(b.address).ip).filter((b) => !known.has(b));
        if (gone.length === 0) continue;
        const key = `${owner.namespace}/${owner.name} ${svc.frontend}`;
        const s = staleBack.get(key) ?? { service: `${owner.namespace}/${owner.name}`, frontend: svc.frontend, backends: new Set<string>(), nodes: [], evidence: [] };
        for (const g of gone) s.backends.add(g);
        s.nodes.push(agent.node);
        if (s.evidence.length < 3) s.evidence.push(at);
        staleBack.set(key, s);
      }
    }
    for (const [key, s] of [...staleFront].sort((a, b) => a[0].localeCompare(b[0]))) {
      const names = [...new Set(s.nodes)].sort();
      ctx.report({ messageId: 'staleFrontend', data: { frontend: key.slice(key.indexOf(' ') + 1), type: s.type, count: names.length, total: agents.length, agents: joinNames(names, 4) }, nodes: names, evidence: s.evidence });
    }
    for (const [, s] of [...staleBack].sort((a, b) => a[0].localeCompare(b[0]))) {
      const names = [...new Set(s.nodes)].sort();
      ctx.report({ messageId: 'staleBackends', data: { service: s.service, frontend: s.frontend, backends: joinNames([...s.backends].sort(), 4), count: names.length, agents: names.length === agents.length ? `every agent (${names.length})` : joinNames(names, 4) }, nodes: names, evidence: s.evidence });
    }
  },
});
