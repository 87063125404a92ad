import { defineCheck } from './define.js';
import { placedEndpoints, type PlacedEndpoint } from './util-endpoints.js';
import { count, quoteList } from './util-nodes.js';

export default defineCheck({
  id: 'CR-4004',
  slug: 'endpoint-stale',
  title: 'CiliumEndpoints and agent endpoints that disagree',
  defaultSeverity: 'warning',
  needs: ['k8s.ciliumEndpoints', 'agents.endpoints'],
  messages: {
    staleCep: (d: { node: string; count: number; endpoints: string }) =>
      `${count(d.count, 'CiliumEndpoint')} on ${d.node} ${d.count === 1 ? 'has' : 'have'} no endpoint in the node's agent: ${d.endpoints}`,
    missingCep: (d: { node: string; count: number; endpoints: string }) =>
      `${count(d.count, 'endpoint')} of the agent on ${d.node} ${d.count === 1 ? 'has' : 'have'} no CiliumEndpoint: ${d.endpoints}`,
  },
  docs: {
    summary: 'A CiliumEndpoint whose node\'s agent has no such endpoint, or an agent endpoint (a pod) with no CiliumEndpoint.',
    explanation:
      'Each agent writes a CiliumEndpoint for every pod endpoint it manages; other agents learn pod identities and addresses from them. CiliumEndpoints are placed on a node by their `status.networking.node` address and matched with that node\'s agent endpoint list by endpoint id, address or pod name. Host, health and other reserved endpoints have no CiliumEndpoint and are left out; so are nodes whose agent left no endpoint list.',
    consequences: 'A stale CiliumEndpoint makes other nodes apply the old pod\'s identity to an address that may be reused; a missing one leaves other nodes without the pod\'s identity, so policies that select it drop its traffic.',
    commonCauses: [
      'The agent restarted or was down when pods were deleted, and has not garbage-collected their CiliumEndpoints yet',
      'The sync-to-k8s-ciliumendpoint controller failing (API server errors, RBAC)',
      'CiliumEndpointSlices enabled (CiliumEndpoints are then not the source of truth)',
    ],
    verify: ['kubectl get cep -A -o wide', 'kubectl -n kube-system exec <agent> -- cilium-dbg endpoint list', 'kubectl -n kube-system exec <agent> -- cilium-dbg status --all-controllers | grep ciliumendpoint'],
  },
  run(bundle, ctx) {
    const config = bundle.k8s.ciliumConfig?.data ?? {};
    if (config['disable-endpoint-crd'] === 'true') {
      ctx.notEvaluated('CiliumEndpoints are disabled (`disable-endpoint-crd: true` in cilium-config)');
      return;
    }
    const all = placedEndpoints(bundle);
    const ceps = all.filter((e) => e.source === 'ciliumendpoint');
    const agentEps = all.filter((e) => e.source === 'agent');
    if (ceps.length === 0 && agentEps.some((e) => !e.reserved)) {
      ctx.notEvaluated('the bundle has no CiliumEndpoint while agents have pod endpoints (CiliumEndpointSlices or CiliumEndpoint creation off?)');
      return;
    }
    const nodesWithList = new Set(bundle.agents.filter((a) => a.endpoints && a.node).map((a) => a.node as string));
    // Two endpoints match when on one node they share the id, the name or an address: looked up by those keys,
    // since a node can hold thousands of endpoints.
    const agentKeys = matchKeys(agentEps);
    const cepKeys = matchKeys(ceps);
    const stale = new Map<string, PlacedEndpoint[]>();
    for (const cep of ceps) {
      if (!nodesWithList.has(cep.node) || keysOf(cep).some((k) => agentKeys.has(k))) continue;
      addTo(stale, cep);
    }
    const missing = new Map<string, PlacedEndpoint[]>();
    for (const e of agentEps) {
      if (e.reserved || e.ips.length === 0 || keysOf(e).some((k) => cepKeys.has(k))) continue;
      addTo(missing, e);
    }
    for (const [messageId, groups] of [['staleCep', stale], ['missingCep', missing]] as const) {
      for (const [node, list] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
        ctx.report({
          messageId,
          data: { node, count: list.length, endpoints: quoteList(list.map((e) => `${e.name}${e.ips[0] ? ` ${e.ips[0]}` : ''}`)) },
          nodes: [node],
          evidence: list.slice(0, 20).map((e) => e.evidence),
        });
      }
    }
  },
});

function keysOf(e: PlacedEndpoint): string[] {
  const keys = [`${e.node}\0n\0${e.name}`];
  if (e.id !== null) keys.push(`${e.node}\0i\0${e.id}`);
  for (const ip of e.ips) keys.push(`${e.node}\0a\0${ip}`);
  return keys;
}

function matchKeys(list: readonly PlacedEndpoint[]): Set<string> {
  const out = new Set<string>();
  for (const e of list) for (const k of keysOf(e)) out.add(k);
  return out;
}

function addTo(groups: Map<string, PlacedEndpoint[]>, e: PlacedEndpoint): void {
  const group = groups.get(e.node);
  if (group) group.push(e);
  else groups.set(e.node, [e]);
}
