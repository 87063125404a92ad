// `ciliumendpoints-<ts>.yaml`: CiliumEndpointList (cilium.io/v2): `status.id`, `status.identity.id`,
// `status.networking {node, addressing[] {ipv4, ipv6}}`, `status.state`. Legacy Python sysdump: `cep-<ts>.yaml`.
// This is the largest list of a big cluster (about 100 per node), so it is read item by item.
import type { CiliumEndpoint } from '../model/k8s.js';
import { asArray, asObject, asString } from './util/json.js';
import { TS, get, int, itemSrc, nameOf, str } from './util/k8s.js';
import { defineK8sListParser } from './util/yaml-list.js';

export const ciliumEndpoints = defineK8sListParser<CiliumEndpoint>({
  id: 'ciliumendpoints',
  files: [new RegExp(`^ciliumendpoints-${TS}\\.yaml$`), new RegExp(`^cep-${TS}\\.yaml$`)],
  kinds: ['CiliumEndpoint'],
  item(obj, ctx) {
    const name = nameOf(obj, ctx, 'CiliumEndpoint');
    if (!name) return null;
    const addressing = (asArray(get(obj, 'status', 'networking', 'addressing')) ?? []).map(asObject);
    return {
      ...itemSrc(ctx),
      namespace: str(obj, 'metadata', 'namespace') ?? '',
      name,
      id: int(obj, 'status', 'id'),
      identity: int(obj, 'status', 'identity', 'id'),
      nodeIP: str(obj, 'status', 'networking', 'node'),
      ipv4: addressing.map((a) => asString(a?.ipv4)).filter((x): x is string => Boolean(x)),
      ipv6: addressing.map((a) => asString(a?.ipv6)).filter((x): x is string => Boolean(x)),
      state: str(obj, 'status', 'state'),
    };
  },
});
