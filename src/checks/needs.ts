import type { Bundle } from '../model/bundle.js';

/**
 * Named inputs a check can declare. Each returns null when the bundle has the input, or why it does not.
 * Checks see only the model, so "missing" means the normalise stage found no readable source for it.
 */
export const NEEDS = {
  'k8s.nodes': (b) => (b.k8s.nodes ? null : 'the bundle has no readable k8s-nodes-<ts>.yaml'),
  'k8s.pods': (b) => (b.k8s.pods ? null : 'the bundle has no readable k8s-pods-<ts>.yaml'),
  'k8s.ciliumNodes': (b) => (b.k8s.ciliumNodes ? null : 'the bundle has no readable ciliumnodes-<ts>.yaml'),
  'k8s.ciliumEndpoints': (b) => (b.k8s.ciliumEndpoints ? null : 'the bundle has no readable ciliumendpoints-<ts>.yaml'),
  'k8s.services': (b) => (b.k8s.services ? null : 'the bundle has no readable k8s-services-<ts>.yaml'),
  agents: (b) => (b.agents.length > 0 ? null : 'the bundle has no Cilium agent'),
  'agents.status': (b) =>
    b.agents.some((a) => a.status) ? null : 'no agent has a readable `cilium status` (status --verbose text or debuginfo JSON)',
  'agents.nodeList': (b) => (b.agents.some((a) => a.nodeList) ? null : 'no agent has a readable `cilium node list`'),
  'agents.endpoints': (b) =>
    b.agents.some((a) => a.endpoints) ? null : 'no agent has a readable endpoint list (debuginfo JSON or `cilium endpoint list`)',
  'agents.services': (b) => (b.agents.some((a) => a.services) ? null : 'no agent has a readable `cilium service list`'),
  'agents.drops': (b) =>
    b.agents.some((a) => a.drops) ? null : 'no agent has drop data (monitor output, Hubble flows or drop metrics)',
  'agents.logs': (b) => (b.agents.some((a) => a.logs.length > 0) ? null : 'the bundle has no agent logs'),
  logs: (b) => (b.agents.some((a) => a.logs.length > 0) || b.podLogs.length > 0 ? null : 'the bundle has no logs of Cilium components'),
  health: (b) =>
    b.health && b.health.observers.length > 0
      ? null
      : 'no agent has health results (cilium-health output or the cluster health list of a verbose status)',
  bundle: (b) => (b.info.files > 0 ? null : 'the bundle holds no files'),
} satisfies Record<string, (bundle: Bundle) => string | null>;

export type NeedName = keyof typeof NEEDS;
