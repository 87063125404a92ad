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
  'agents.kernel': (b) =>
    b.agents.some((a) => a.host.uname || a.host.kernelVersion) ? null : 'no agent has the node\'s kernel release (`uname -a` or debuginfo `kernel-version`)',
  'agents.kernelConfig': (b) => (b.agents.some((a) => a.host.kernelConfig) ? null : 'no agent has a readable kernel config (`conf/kernel-config*`)'),
  'agents.sysctls': (b) => (b.agents.some((a) => a.host.sysctls) ? null : 'no agent has a readable `sysctl -a`'),
  'agents.rules': (b) => (b.agents.some((a) => a.host.rules) ? null : 'no agent has a readable `ip rule` / `ip -d rule`'),
  'agents.links': (b) => (b.agents.some((a) => a.host.links) ? null : 'no agent has a readable `ip -d -s l` or `ip a`'),
  'agents.routes': (b) => (b.agents.some((a) => a.host.routes.length > 0) ? null : 'no agent has a readable `ip -4 r` / `ip -6 r`'),
  'agents.iptables': (b) => (b.agents.some((a) => a.host.iptables.length > 0) ? null : 'no agent has a readable `iptables-save -c`'),
  'agents.cni': (b) => (b.agents.some((a) => a.host.cni.length > 0) ? null : 'the bundle has no CNI configuration files (`cniconf-*`, cilium-cli v0.11.5+)'),
  'agents.maps': (b) =>
    b.agents.some((a) => a.host.mapPressure || a.host.maps.length > 0) ? null : 'no agent has BPF map data (`cilium metrics list` map pressure or `cilium bpf … list`)',
  'agents.encryption': (b) =>
    b.agents.some((a) => a.host.xfrm.length > 0 || a.host.encrypt) ? null : 'no agent has encryption data (`/proc/net/xfrm_stat` or `cilium encrypt status`)',
  'k8s.nodeUsage': (b) => (b.k8s.nodeUsage ? null : 'the bundle has no node usage table (`k8s-node-memory-cpu-usage-<ts>.txt`, cilium-cli v0.18.8+)'),
  'k8s.podRows': (b) => (b.k8s.podRows ? null : 'the bundle has no readable pods table (`k8s-pods-<ts>.txt`)'),
} satisfies Record<string, (bundle: Bundle) => string | null>;

export type NeedName = keyof typeof NEEDS;
