// `k8s-services-<ts>.yaml`: ServiceList of all namespaces (cilium-cli sysdump); legacy `services-<ts>.yaml`.
import type { K8sService } from '../model/k8s.js';
import { asArray, asNumber, asObject, asString } from './util/json.js';
import { TS, get, itemSrc, nameOf, str, strings } from './util/k8s.js';
import { defineK8sListParser } from './util/yaml-list.js';

export const k8sServices = defineK8sListParser<K8sService>({
  id: 'k8s-services',
  files: [new RegExp(`^k8s-services-${TS}\\.yaml$`), new RegExp(`^services-${TS}\\.yaml$`)],
  kinds: ['Service'],
  item(obj, ctx) {
    const name = nameOf(obj, ctx, 'Service');
    if (!name) return null;
    const clusterIP = str(obj, 'spec', 'clusterIP');
    const clusterIPs = strings(obj, 'spec', 'clusterIPs');
    const ingress = (asArray(get(obj, 'status', 'loadBalancer', 'ingress')) ?? []).map((i) => asString(asObject(i)?.ip)).filter((x): x is string => Boolean(x));
    return {
      ...itemSrc(ctx),
      namespace: str(obj, 'metadata', 'namespace') ?? '',
      name,
      type: str(obj, 'spec', 'type') ?? 'ClusterIP',
      clusterIPs: (clusterIPs.length > 0 ? clusterIPs : clusterIP ? [clusterIP] : []).filter((ip) => ip !== 'None'),
      externalIPs: strings(obj, 'spec', 'externalIPs'),
      loadBalancerIPs: ingress,
      ports: (asArray(get(obj, 'spec', 'ports')) ?? []).flatMap((p) => {
        const o = asObject(p);
        const port = asNumber(o?.port);
        return o && port !== null ? [{ name: asString(o.name), port, protocol: asString(o.protocol) ?? 'TCP', nodePort: asNumber(o.nodePort) }] : [];
      }),
      headless: get(obj, 'spec', 'selector') === undefined,
    };
  },
});
