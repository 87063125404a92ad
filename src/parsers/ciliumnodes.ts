// `ciliumnodes-<ts>.yaml`: CiliumNodeList (cilium.io/v2; pkg/k8s/apis/cilium.io/v2/types.go): `spec.addresses`
// ({type: InternalIP|CiliumInternalIP|ExternalIP, ip}), `spec.ipam.podCIDRs`, `spec.health {ipv4, ipv6}`,
// `spec.ipam.pool` (ENI, Azure, multi-pool: address → resource), `status.ipam.used`.
import type { CiliumNode } from '../model/k8s.js';
import { asArray, asObject } from './util/json.js';
import { TS, get, itemSrc, listValueSrc, nameOf, str, strings } from './util/k8s.js';
import { defineK8sListParser } from './util/yaml-list.js';

export const ciliumNodes = defineK8sListParser<CiliumNode>({
  id: 'ciliumnodes',
  files: [new RegExp(`^ciliumnodes-${TS}\\.yaml$`)],
  kinds: ['CiliumNode'],
  // Ten times the 5,000 nodes Kubernetes is tested with: a NodeList of a million items is not a cluster.
  maxItems: 50_000,
  item(obj, ctx) {
    const name = nameOf(obj, ctx, 'CiliumNode');
    if (!name) return null;
    const addresses = (asArray(get(obj, 'spec', 'addresses')) ?? []).map(asObject);
    const byType = (type: string) => addresses.filter((a) => a?.type === type).map((a) => String(a?.ip ?? '')).filter(Boolean);
    const podCIDRs = strings(obj, 'spec', 'ipam', 'podCIDRs');
    const used = asObject(get(obj, 'status', 'ipam', 'used'));
    return {
      ...itemSrc(ctx),
      name,
      internalIPs: byType('InternalIP'),
      ciliumInternalIPs: byType('CiliumInternalIP'),
      podCIDRs,
      podCIDRsSrc: podCIDRs.length > 0 ? listValueSrc(ctx, ['spec', 'ipam', 'podCIDRs']) : null,
      healthIPv4: str(obj, 'spec', 'health', 'ipv4'),
      healthIPv6: str(obj, 'spec', 'health', 'ipv6'),
      poolIPs: Object.keys(asObject(get(obj, 'spec', 'ipam', 'pool')) ?? {}),
      usedIPs: used ? Object.keys(used).length : null,
    };
  },
});
