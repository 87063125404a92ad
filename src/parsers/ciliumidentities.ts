// `ciliumidentities-<ts>.yaml`: CiliumIdentityList (cilium.io/v2): the numeric identity is `metadata.name`, its
// labels `security-labels` (a map of `source:key` → value).
import type { CiliumIdentity } from '../model/k8s.js';
import { asObject } from './util/json.js';
import { TS, itemSrc, nameOf, str } from './util/k8s.js';
import { defineK8sListParser } from './util/yaml-list.js';

export const ciliumIdentities = defineK8sListParser<CiliumIdentity>({
  id: 'ciliumidentities',
  files: [new RegExp(`^ciliumidentities-${TS}\\.yaml$`)],
  kinds: ['CiliumIdentity'],
  item(obj, ctx) {
    const name = nameOf(obj, ctx, 'CiliumIdentity');
    if (!name) return null;
    if (!/^\d+$/.test(name)) {
      ctx.diagnostics.push({ file: ctx.file, line: ctx.line, level: 'warning', message: `Invalid identity "${name}": expected a number` });
      return null;
    }
    const labels = Object.entries(asObject(obj['security-labels']) ?? {}).map(([k, v]) => (v === '' || v === null ? k : `${k}=${String(v)}`));
    return { ...itemSrc(ctx), id: Number(name), namespace: str(obj, 'metadata', 'labels', 'io.kubernetes.pod.namespace'), labels };
  },
});
