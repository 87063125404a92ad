import type { Bundle } from '../../model/bundle.js';
import { splitClusterName } from '../../parsers/util/text.js';

export type Kind = 'node' | 'pod' | 'namespace' | 'label' | 'cluster' | 'service';

/** Namespaces every cluster has: naming them gives nothing away, and keeping them keeps reports readable. */
const PUBLIC_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'cilium', 'cilium-system']);
/** Label keys whose values are the platform's, not the owner's. */
const PUBLIC_LABEL_KEYS = /^(kubernetes\.io\/(arch|os)|beta\.kubernetes\.io\/(arch|os)|node-role\.kubernetes\.io\/.*|node\.kubernetes\.io\/instance-type|k8s-app|app\.kubernetes\.io\/(managed-by|part-of|component)|io\.cilium\.k8s\.policy\.serviceaccount|io\.kubernetes\.pod\.namespace|controller-revision-hash|pod-template-hash|pod-template-generation)$/;
/** Words that are values of many labels and of ordinary text alike. */
const COMMON = new Set(['true', 'false', 'yes', 'no', 'amd64', 'arm64', 'linux', 'windows', 'cilium', 'agent', 'operator', 'default', 'reserved', 'host', 'world', 'health', 'init', 'kube-dns', 'coredns', 'kubernetes']);

/**
 * The names in a bundle that identify its owner, each with its kind: nodes and hostnames, pods, namespaces, label
 * values, services, the cluster name. Longer names come first so that a name containing another wins.
 */
export function vocabulary(bundle: Bundle): [string, Kind][] {
  const found = new Map<string, Kind>();
  const add = (name: string | null | undefined, kind: Kind) => {
    if (!name || name.length < 3 || found.has(name) || COMMON.has(name.toLowerCase()) || /^[\d.:/]+$/.test(name)) return;
    if (PUBLIC_NAMESPACES.has(name)) return;
    found.set(name, kind);
  };
  const label = (text: string) => {
    // `k8s:app=web`, `app=web`, `reserved:host`
    const m = /^(?:[a-z]+:)?([^=]+)=(.*)$/.exec(text);
    if (!m) return;
    const [key, value] = [m[1] as string, m[2] as string];
    if (key === 'io.kubernetes.pod.namespace') add(value, 'namespace');
    else if (key === 'io.cilium.k8s.policy.cluster') add(value, 'cluster');
    else if (!PUBLIC_LABEL_KEYS.test(key)) add(value, 'label');
  };

  const { k8s } = bundle;
  add(k8s.ciliumConfig?.data['cluster-name'], 'cluster');
  for (const n of k8s.nodes ?? []) {
    add(n.name, 'node');
    for (const [key, value] of Object.entries(n.labels)) if (!PUBLIC_LABEL_KEYS.test(key)) add(value, key.endsWith('/hostname') ? 'node' : 'label');
  }
  for (const n of k8s.ciliumNodes ?? []) add(n.name, 'node');
  for (const a of bundle.agents) {
    add(a.node, 'node');
    add(a.hostname, 'node');
    add(a.pod, 'pod');
    add(a.namespace, 'namespace');
    for (const n of a.nodeList?.entries ?? []) {
      add(splitClusterName(n.name).name, 'node');
      add(n.cluster, 'cluster');
    }
    for (const r of a.status?.clusterMesh?.remotes ?? []) add(r.name, 'cluster');
    for (const l of a.lrps?.items ?? []) {
      add(l.namespace, 'namespace');
      add(l.name, 'service');
      for (const m of l.mappings) {
        const [ns, pod] = m.pod?.split('/') ?? [];
        add(ns, 'namespace');
        add(pod, 'pod');
      }
    }
    for (const e of a.endpoints?.items ?? []) {
      const [ns, pod] = e.pod?.split('/') ?? [];
      add(ns, 'namespace');
      add(pod, 'pod');
      e.labels.forEach(label);
    }
    for (const s of a.services?.services ?? []) {
      const [ns, name] = s.name?.split('/') ?? [];
      add(ns, 'namespace');
      add(name, 'service');
    }
  }
  for (const n of bundle.health?.nodes ?? []) add(n, 'node');
  for (const p of k8s.pods ?? []) {
    add(p.name, 'pod');
    add(p.namespace, 'namespace');
    add(p.nodeName, 'node');
  }
  for (const e of k8s.ciliumEndpoints ?? []) {
    add(e.namespace, 'namespace');
    add(e.name, 'pod');
  }
  for (const i of k8s.ciliumIdentities ?? []) {
    add(i.namespace, 'namespace');
    i.labels.forEach(label);
  }
  for (const s of k8s.services ?? []) {
    add(s.namespace, 'namespace');
    add(s.name, 'service');
  }
  for (const s of k8s.endpointSlices ?? []) add(s.namespace, 'namespace');
  return [...found].sort((a, b) => b[0].length - a[0].length || a[0].localeCompare(b[0]));
}
