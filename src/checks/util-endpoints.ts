import type { Bundle } from '../model/bundle.js';
import type { Evidence } from '../model/common.js';
import { evidence, evidenceOf } from './define.js';
import { nodesByAddress } from './util-nodes.js';

/** An endpoint from either source, placed on its node. */
export interface PlacedEndpoint {
  source: 'agent' | 'ciliumendpoint';
  node: string;
  /** `node:id` when the endpoint id is known, so an agent endpoint and its CiliumEndpoint count as one. */
  key: string;
  id: number | null;
  name: string;
  ips: string[];
  state: string | null;
  reserved: boolean;
  evidence: Evidence;
}

/** Labels of endpoints that are not pods: the host, the health endpoint, and the init identity. */
export function isReserved(labels: readonly string[]): boolean {
  return labels.some((l) => /^reserved:(host|health|init|remote-node|unmanaged|ingress)$/.test(l));
}

const placed = new WeakMap<Bundle, readonly PlacedEndpoint[]>();

/**
 * Every endpoint of the bundle: agents' endpoint lists and CiliumEndpoints (placed by their node IP). Worked out
 * once per bundle: four checks read the list, which at 500 nodes is 50,000 endpoints from each source.
 */
export function placedEndpoints(bundle: Bundle): readonly PlacedEndpoint[] {
  let list = placed.get(bundle);
  if (!list) {
    list = placeEndpoints(bundle);
    placed.set(bundle, list);
  }
  return list;
}

function placeEndpoints(bundle: Bundle): PlacedEndpoint[] {
  const out: PlacedEndpoint[] = [];
  for (const agent of bundle.agents) {
    if (!agent.endpoints || !agent.node) continue;
    for (const e of agent.endpoints.items) {
      out.push({
        source: 'agent',
        node: agent.node,
        key: `${agent.node}:${e.id}`,
        id: e.id,
        name: e.pod ?? `endpoint ${e.id}`,
        ips: [e.ipv4, e.ipv6].filter((ip): ip is string => Boolean(ip)),
        state: e.state,
        reserved: isReserved(e.labels),
        evidence: evidenceOf(e, `endpoint list of the agent on "${agent.node}"`),
      });
    }
  }
  const byAddress = nodesByAddress(bundle);
  for (const cep of bundle.k8s.ciliumEndpoints ?? []) {
    const node = cep.nodeIP ? byAddress.get(cep.nodeIP) : undefined;
    if (!node) continue;
    out.push({
      source: 'ciliumendpoint',
      node,
      key: cep.id !== null ? `${node}:${cep.id}` : `${cep.namespace}/${cep.name}`,
      id: cep.id,
      name: `${cep.namespace}/${cep.name}`,
      ips: [...cep.ipv4, ...cep.ipv6],
      state: cep.state,
      reserved: false,
      evidence: evidenceOf(cep, `CiliumEndpoint ${cep.namespace}/${cep.name}`),
    });
  }
  return out;
}

export { evidence };
