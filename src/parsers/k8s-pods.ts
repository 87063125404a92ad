// `k8s-pods-<ts>.yaml`: every pod of the cluster (cilium-cli sysdump), of which only Cilium's are kept: agents
// (`k8s-app=cilium`) and operators (`io.cilium/app=operator`, older `name=cilium-operator`). Legacy Python
// sysdump: `pods-<ts>.json`.
import type { ContainerStatus, Pod } from '../model/k8s.js';
import { asArray, asNumber, asObject, asString } from './util/json.js';
import { TS, itemSrc, labelsOf, nameOf, str } from './util/k8s.js';
import { defineK8sListParser } from './util/yaml-list.js';

export const k8sPods = defineK8sListParser<Pod>({
  id: 'k8s-pods',
  files: [new RegExp(`^k8s-pods-${TS}\\.yaml$`), new RegExp(`^pods-${TS}\\.json$`)],
  preference: 20,
  kinds: ['Pod'],
  item(obj, ctx) {
    const labels = labelsOf(obj, 'metadata', 'labels');
    const role = labels['k8s-app'] === 'cilium' ? 'agent' : labels['io.cilium/app'] === 'operator' || labels.name === 'cilium-operator' ? 'operator' : null;
    if (!role) return null;
    const name = nameOf(obj, ctx, 'Pod');
    if (!name) return null;
    const status = asObject(obj.status);
    const ready = (asArray(status?.conditions) ?? []).map(asObject).find((c) => c?.type === 'Ready');
    const containers: ContainerStatus[] = (asArray(status?.containerStatuses) ?? []).flatMap((c) => {
      const o = asObject(c);
      if (!o) return [];
      const waiting = asObject(asObject(o.state)?.waiting);
      const terminated = asObject(asObject(o.lastState)?.terminated);
      return [
        {
          name: asString(o.name) ?? '',
          ready: typeof o.ready === 'boolean' ? o.ready : null,
          restartCount: asNumber(o.restartCount) ?? 0,
          waitingReason: asString(waiting?.reason),
          lastTerminationReason: asString(terminated?.reason),
          lastTerminationExitCode: asNumber(terminated?.exitCode),
          lastTerminationTime: asString(terminated?.finishedAt),
        },
      ];
    });
    const specContainers = (asArray(asObject(obj.spec)?.containers) ?? []).map(asObject);
    const agent = specContainers.find((c) => c?.name === 'cilium-agent' || c?.name === 'cilium-operator') ?? specContainers[0];
    return {
      ...itemSrc(ctx),
      namespace: str(obj, 'metadata', 'namespace') ?? '',
      name,
      role,
      nodeName: str(obj, 'spec', 'nodeName'),
      hostIP: asString(status?.hostIP),
      podIP: asString(status?.podIP),
      phase: asString(status?.phase),
      ready: ready ? ready.status === 'True' : null,
      containers,
      image: asString(agent?.image),
    };
  },
});
