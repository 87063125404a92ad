import type { K8sService } from '../model/k8s.js';
import type { AgentService } from '../model/service.js';
import { defineCheck, evidence } from './define.js';
import { count, quoteList } from './util-nodes.js';
import { activeBackends, frontendKey, ownAddresses } from './util-services.js';

export default defineCheck({
  id: 'CR-5002',
  slug: 'service-no-backends',
  title: 'Service frontends with no active backend',
  impact: 'datapath',
  defaultSeverity: 'warning',
  messageSeverity: { readyElsewhere: 'error', scaledToZero: 'info' },
  needs: ['agents.services'],
  messages: {
    noBackends: (d: { frontend: string; service: string; nodes: string; count: number }) =>
      `${d.frontend}${d.service} has no active backend on ${d.nodes}`,
    readyElsewhere: (d: { frontend: string; service: string; nodes: string; count: number; ready: number }) =>
      `${d.frontend}${d.service} has no active backend on ${d.nodes}, while Kubernetes has ${count(d.ready, 'ready endpoint')}: the agents have not caught up`,
    scaledToZero: (d: { frontend: string; service: string; nodes: string; count: number }) =>
      `${d.frontend}${d.service} has no active backend on ${d.nodes}, and Kubernetes has no ready endpoint either`,
  },
  docs: {
    summary: 'A service frontend that an agent load-balances to no active backend.',
    explanation:
      'Each ClusterIP frontend of each agent\'s `cilium service list` is checked for at least one backend in state `active` (NodePort and LoadBalancer entries are left out: with `externalTrafficPolicy: Local` they have no backend on nodes without a local pod, by design). Frontends are grouped across agents. When the bundle has the Kubernetes Services and EndpointSlices, the frontend is matched to its Service: if Kubernetes has ready endpoints the agents lag behind (an error); if it has none, the service is simply scaled to zero (information).',
    consequences: 'Connections to the service are dropped or refused on those nodes.',
    commonCauses: [
      'No ready pods behind the service (scaled to zero, failing readiness probes, wrong selector)',
      'Agents not receiving EndpointSlice updates (stuck watch, API server throttling)',
      'All backends terminating during a rollout',
    ],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg service list', 'kubectl get endpointslices -A -l kubernetes.io/service-name=<svc>', 'kubectl get svc -A -o wide'],
  },
  run(bundle, ctx) {
    const own = ownAddresses(bundle);
    const byFrontend = new Map<string, { node: string; file: string; service: AgentService }[]>();
    for (const agent of bundle.agents) {
      if (!agent.services || !agent.node) continue;
      const ips = own.get(agent.node) ?? new Set<string>();
      for (const service of agent.services.services) {
        // NodePort and LoadBalancer entries with externalTrafficPolicy=Local have no backend on nodes without a local pod, by design.
        if (service.type !== 'ClusterIP' || activeBackends(service).length > 0) continue;
        const key = frontendKey(service, ips);
        const seen = { node: agent.node, file: agent.services.file, service };
        const list = byFrontend.get(key);
        if (list) list.push(seen);
        else byFrontend.set(key, [seen]);
      }
    }
    const services = serviceIndex(bundle.k8s.services ?? []);
    const slices = sliceIndex(bundle);
    for (const [, list] of Array.from(byFrontend).sort(([a], [b]) => a.localeCompare(b))) {
      const first = list[0] as (typeof list)[number];
      const k8s = matchService(services, first.service.frontend);
      const ready = k8s ? readyEndpoints(slices, k8s) : null;
      const nodes = list.map((x) => x.node);
      const base = { frontend: `${first.service.type} ${first.service.frontend}`, service: k8s ? ` (${k8s.namespace}/${k8s.name})` : '', nodes: quoteList(nodes), count: nodes.length };
      const ev = list.slice(0, 10).map((x) => evidence(x.file, x.service.line, x.service.excerpt, `agent on "${x.node}"`));
      if (ready === null) ctx.report({ messageId: 'noBackends', data: base, nodes, evidence: ev });
      else if (ready > 0) ctx.report({ messageId: 'readyElsewhere', data: { ...base, ready }, nodes, evidence: ev });
      else ctx.report({ messageId: 'scaledToZero', data: base, nodes, evidence: ev });
    }
  },
});

/** Services by `ip port`, the first one listed winning, as a scan of the list in order would find it. */
function serviceIndex(services: readonly K8sService[]): Map<string, K8sService> {
  const out = new Map<string, K8sService>();
  for (const s of services) {
    for (const ip of [...s.clusterIPs, ...s.externalIPs, ...s.loadBalancerIPs]) {
      for (const p of s.ports) if (!out.has(`${ip} ${p.port}`)) out.set(`${ip} ${p.port}`, s);
    }
  }
  return out;
}

/** The Kubernetes Service a ClusterIP/ExternalIP/LoadBalancer frontend `ip:port[/proto]` belongs to. */
function matchService(services: ReadonlyMap<string, K8sService>, frontend: string): K8sService | null {
  const m = /^\[?([^\]]+?)\]?:(\d+)(?:\/\w+)?$/.exec(frontend);
  if (!m) return null;
  return services.get(`${m[1]} ${Number(m[2])}`) ?? null;
}

/** Ready addresses per `namespace/service` from the EndpointSlices; null when the bundle has none. */
function sliceIndex(bundle: { k8s: { endpointSlices: { namespace: string; service: string | null; addresses: { ready: boolean | null }[] }[] | null } }): Map<string, number> | null {
  const slices = bundle.k8s.endpointSlices;
  if (!slices) return null;
  const out = new Map<string, number>();
  for (const s of slices) {
    if (s.service === null) continue;
    const key = `${s.namespace}/${s.service}`;
    out.set(key, (out.get(key) ?? 0) + s.addresses.filter((a) => a.ready !== false).length);
  }
  return out;
}

/** Ready addresses Kubernetes lists for a service; null when the bundle has no EndpointSlices. */
function readyEndpoints(slices: ReadonlyMap<string, number> | null, service: K8sService): number | null {
  if (!slices) return null;
  return slices.get(`${service.namespace}/${service.name}`) ?? 0;
}
