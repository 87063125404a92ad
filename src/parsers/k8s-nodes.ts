// `k8s-nodes-<ts>.yaml`: the NodeList cilium-cli writes (sysdump/sysdump.go, writers.go; client-go YAML printer),
// and the legacy Python sysdump's `nodes-<ts>.json` (kubectl -o json). Only `kind: Node` items are taken from a
// mixed `kind: List`.
import type { K8sNode } from '../model/k8s.js';
import { asArray, asObject } from './util/json.js';
import { TS, fieldSrc, itemSrc, labelsOf, listValueSrc, nameOf, str, strings } from './util/k8s.js';
import { defineK8sListParser } from './util/yaml-list.js';

export const k8sNodes = defineK8sListParser<K8sNode>({
  id: 'k8s-nodes',
  files: [new RegExp(`^k8s-nodes-${TS}\\.yaml$`), new RegExp(`^nodes-${TS}\\.json$`)],
  kinds: ['Node'],
  // Ten times the 5,000 nodes Kubernetes is tested with: a NodeList of a million items is not a cluster.
  maxItems: 50_000,
  item(obj, ctx) {
    const name = nameOf(obj, ctx, 'Node');
    if (!name) return null;
    const addresses = (asArray(asObject(obj.status)?.addresses) ?? []).map(asObject);
    const internalIPs = addresses.filter((a) => a?.type === 'InternalIP').map((a) => String(a?.address ?? '')).filter(Boolean);
    const ready = (asArray(asObject(obj.status)?.conditions) ?? []).map(asObject).find((c) => c?.type === 'Ready');
    const podCIDRs = strings(obj, 'spec', 'podCIDRs');
    const single = str(obj, 'spec', 'podCIDR');
    const labels = labelsOf(obj, 'metadata', 'labels');
    const cidrs = podCIDRs.length > 0 ? podCIDRs : single ? [single] : [];
    const cidrPath = podCIDRs.length > 0 ? ['spec', 'podCIDRs'] : ['spec', 'podCIDR'];
    return {
      ...itemSrc(ctx),
      name,
      internalIP: internalIPs[0] ?? null,
      internalIPs,
      ready: ready ? ready.status === 'True' : null,
      podCIDRs: cidrs,
      labels,
      zone: labels['topology.kubernetes.io/zone'] ?? labels['failure-domain.beta.kubernetes.io/zone'] ?? null,
      kubeletVersion: str(obj, 'status', 'nodeInfo', 'kubeletVersion'),
      podCIDRsSrc: cidrs.length > 0 ? (podCIDRs.length > 0 ? listValueSrc(ctx, cidrPath) : fieldSrc(ctx, cidrPath)) : null,
    };
  },
});
