import { defineCheck, evidenceOf } from './define.js';
import { joinNames } from './util-host.js';

export default defineCheck({
  id: 'CR-1051',
  slug: 'node-ip-duplicate',
  title: 'Two nodes with the same address',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['k8s.ciliumNodes'],
  messages: {
    duplicate: (d: { ip: string; kind: string; nodes: string; stale: string }) =>
      `CiliumNodes ${d.nodes} have the same ${d.kind} ${d.ip}: agents send the traffic of both nodes' pods to one host and their ipcache and health entries overwrite each other.${d.stale ? ` ${d.stale} has no Kubernetes Node: it is left from a node that was rebuilt or renamed; delete it (kubectl delete ciliumnode ${d.stale})` : ' Give each node its own address, or delete the CiliumNode of the node that no longer exists'}`,
  },
  docs: {
    summary: 'CiliumNodes that share an InternalIP or CiliumInternalIP.',
    explanation: 'Each CiliumNode of `ciliumnodes-<ts>.yaml` lists its addresses (`spec.addresses`: InternalIP, CiliumInternalIP). Agents tunnel and route to a node by these addresses, and key their ipcache entries on them. Two CiliumNodes with one address are reported, naming the one without a Kubernetes Node when there is one.',
    consequences: 'Traffic meant for one node\'s pods is sent to the other; the tunnel map and ipcache flip between the two entries as updates arrive, so connectivity to both nodes is intermittent.',
    commonCauses: ['A node rebuilt under a new name with the old address (or the reverse) while the old CiliumNode was not garbage collected', 'Static addressing mistakes (two VMs with one IP)', 'An operator that was down when the node was deleted'],
    verify: ['kubectl get ciliumnodes -o wide', 'kubectl get nodes -o wide', 'kubectl get ciliumnode <name> -o yaml'],
  },
  run(bundle, ctx) {
    const k8s = new Set((bundle.k8s.nodes ?? []).map((n) => n.name));
    for (const kind of ['InternalIP', 'CiliumInternalIP'] as const) {
      const byIp = new Map<string, NonNullable<typeof bundle.k8s.ciliumNodes>>();
      for (const cn of bundle.k8s.ciliumNodes ?? []) {
        for (const ip of new Set(kind === 'InternalIP' ? cn.internalIPs : cn.ciliumInternalIPs)) {
          const list = byIp.get(ip) ?? [];
          list.push(cn);
          byIp.set(ip, list);
        }
      }
      for (const [ip, list] of [...byIp].sort((a, b) => a[0].localeCompare(b[0]))) {
        if (list.length < 2) continue;
        const names = list.map((n) => n.name).sort();
        const stale = bundle.k8s.nodes ? names.filter((n) => !k8s.has(n)) : [];
        ctx.report({ messageId: 'duplicate', data: { ip, kind, nodes: joinNames(names, 5), stale: stale.length === 1 ? (stale[0] as string) : '' }, nodes: names, evidence: list.slice(0, 4).map((n) => evidenceOf(n)) });
      }
    }
  },
});
