import type { Evidence } from '../model/common.js';
import { defineCheck } from './define.js';
import { placedEndpoints, type PlacedEndpoint } from './util-endpoints.js';
import { count, quoteList } from './util-nodes.js';

/** States an endpoint passes through on its way to ready; seen once they are not yet a fault. */
const TRANSIENT = new Set(['regenerating', 'waiting-to-regenerate', 'restoring']);

export default defineCheck({
  id: 'CR-4003',
  slug: 'endpoint-not-ready',
  title: 'Endpoints that are not ready',
  impact: 'datapath',
  defaultSeverity: 'warning',
  messageSeverity: { regenerating: 'info' },
  needs: [['k8s.ciliumEndpoints', 'agents.endpoints']],
  messages: {
    notReady: (d: { node: string; count: number; endpoints: string }) =>
      `${count(d.count, 'endpoint')} on ${d.node} ${d.count === 1 ? 'is' : 'are'} not ready: ${d.endpoints}`,
    regenerating: (d: { node: string; count: number; endpoints: string }) =>
      `${count(d.count, 'endpoint')} on ${d.node} ${d.count === 1 ? 'is' : 'are'} stuck regenerating: ${d.endpoints}`,
  },
  docs: {
    summary: 'Endpoints that are not ready: waiting for an identity, not-ready, disconnecting, or caught regenerating.',
    explanation:
      'Every endpoint (pod) of an agent has a state; `ready` means its identity is allocated and its datapath and policy are programmed. States from the agents\' endpoint lists and the CiliumEndpoints are grouped per node (one pod seen in both counts once). Regeneration is normal for a moment, so endpoints caught regenerating are reported as information; other states as a warning.',
    consequences: 'A pod whose endpoint is not ready has no or stale policy and may drop traffic; waiting-for-identity usually means identity allocation (kvstore or CiliumIdentity CRD) is failing.',
    commonCauses: [
      'Identity allocation failing: API server or kvstore unreachable, CiliumIdentity creation denied',
      'Policy too large to compile, BPF program load failure (see controller and log errors)',
      'The agent overloaded, regenerating all endpoints after a restart or policy change',
    ],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg endpoint list', 'kubectl -n kube-system exec <agent> -- cilium-dbg endpoint get <id>', 'kubectl get cep -A | grep -v ready'],
  },
  run(bundle, ctx) {
    // One pod seen twice (its agent's list and its CiliumEndpoint) is one endpoint, cited from both.
    const byNode = new Map<string, (PlacedEndpoint & { all: Evidence[] })[]>();
    // Endpoints already listed, by node and id and by node and name: a node can hold thousands.
    const listed = new Map<string, PlacedEndpoint & { all: Evidence[] }>();
    for (const e of placedEndpoints(bundle)) {
      if (!e.state || e.state === 'ready') continue;
      const list = byNode.get(e.node) ?? [];
      const same = listed.get(`${e.node}\0k\0${e.key}`) ?? listed.get(`${e.node}\0n\0${e.name}`);
      if (same) {
        same.all.push(e.evidence);
        // The CiliumEndpoint names the pod; an agent's text list only gives the endpoint id.
        if (e.source === 'ciliumendpoint') {
          same.name = e.name;
          listed.set(`${e.node}\0n\0${e.name}`, same);
        }
      } else {
        const entry = { ...e, all: [e.evidence] };
        list.push(entry);
        listed.set(`${e.node}\0k\0${e.key}`, entry);
        listed.set(`${e.node}\0n\0${e.name}`, entry);
      }
      byNode.set(e.node, list);
    }
    for (const [node, list] of [...byNode].sort(([a], [b]) => a.localeCompare(b))) {
      for (const [messageId, group] of [
        ['notReady', list.filter((e) => !TRANSIENT.has(e.state ?? ''))],
        ['regenerating', list.filter((e) => TRANSIENT.has(e.state ?? ''))],
      ] as const) {
        if (group.length === 0) continue;
        ctx.report({
          messageId,
          data: { node, count: group.length, endpoints: quoteList(group.map((e) => `${e.name} (${e.state})`)) },
          nodes: [node],
          evidence: group.flatMap((e) => e.all).slice(0, 20),
        });
      }
    }
  },
});
