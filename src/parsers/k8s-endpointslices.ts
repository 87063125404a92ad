// `k8s-endpointslices-<ts>.yaml` (cilium-cli v0.16.20+): EndpointSliceList (discovery.k8s.io/v1), reduced to the
// addresses of each endpoint with its ready condition and node.
import type { EndpointSlice } from '../model/k8s.js';
import { asArray, asObject, asString } from './util/json.js';
import { TS, get, itemSrc, nameOf, str } from './util/k8s.js';
import { defineK8sListParser } from './util/yaml-list.js';

export const k8sEndpointSlices = defineK8sListParser<EndpointSlice>({
  id: 'k8s-endpointslices',
  files: [new RegExp(`^k8s-endpointslices-${TS}\\.yaml$`)],
  kinds: ['EndpointSlice'],
  item(obj, ctx) {
    const name = nameOf(obj, ctx, 'EndpointSlice');
    if (!name) return null;
    const addresses = (asArray(obj.endpoints) ?? []).flatMap((e) => {
      const o = asObject(e);
      const ready = get(o, 'conditions', 'ready');
      return (asArray(o?.addresses) ?? []).map((ip) => ({ ip: String(ip), ready: typeof ready === 'boolean' ? ready : null, nodeName: asString(o?.nodeName) }));
    });
    return {
      ...itemSrc(ctx),
      namespace: str(obj, 'metadata', 'namespace') ?? '',
      name,
      service: str(obj, 'metadata', 'labels', 'kubernetes.io/service-name'),
      addresses,
    };
  },
});
