// The cluster a generated bundle describes: nodes, agents, endpoints, services and health results, built from a
// scenario (a JSON file in samples/scenarios/) and changed by the faults it lists.

export type FaultSpec =
  | { kind: 'health-endpoint-unreachable'; node: string }
  | { kind: 'node-unreachable'; node: string }
  | { kind: 'agent-isolated'; node: string }
  | { kind: 'health-partition'; groups: [string[], string[]] }
  | { kind: 'health-asymmetric'; from: string; to: string }
  | { kind: 'health-latency'; node: string; ms: number }
  | { kind: 'pod-cidr-mismatch'; node: string; agentCidr: string }
  | { kind: 'pod-cidr-overlap'; node: string; cidr: string }
  | { kind: 'ipam-exhaustion'; node: string; used: number }
  | { kind: 'controllers-failing'; node: string }
  | {
      kind: 'agent-restarts';
      node: string;
      reason: 'OOMKilled' | 'CrashLoopBackOff' | 'Error';
      restarts: number;
      /** An init container of the agent pod that fails instead of the agent (`config`, `mount-cgroup`, …). */
      container?: string;
      /** The failing container's last log lines (after the kubelet timestamp), written as real output. */
      lines?: string[];
      /** `resources.limits.memory` of the agent container (`500M`). */
      limit?: string;
      /** When its last run ended (RFC 3339 UTC); the kubelet timestamps of `lines` end there. */
      finishedAt?: string;
      /** `status.startTime` of the pod. */
      startTime?: string;
      /** The container is running again (an old restart), for a restart with `reason` OOMKilled or Error. */
      running?: boolean;
      /**
       * The collector could not exec into the agent: no bugtool folder, and a failed task in cilium-sysdump.log
       * with this error (as cilium-cli words it, e.g. `unable to upgrade connection: container not found ("cilium-agent")`).
       */
      noBugtool?: string;
    }
  | { kind: 'operator-restarts'; reason: 'OOMKilled' | 'CrashLoopBackOff' | 'Error'; restarts: number; lines?: string[]; finishedAt?: string; startTime?: string }
  /** Real log lines appended to an agent's current log (a full map, a failed allocation). */
  | { kind: 'log-lines'; node: string; lines: string[] }
  /** Kubernetes events (`k8s-events-<ts>.yaml`), as the API server keeps them. */
  | { kind: 'events'; events: EventSpec[] }
  | { kind: 'agent-degraded'; node: string }
  | { kind: 'version-skew'; node: string; version: string }
  | { kind: 'config-drift'; node: string; kpr: string }
  | { kind: 'node-view-mismatch'; node: string; missing: string }
  | { kind: 'ciliumnode-orphan'; name: string }
  | { kind: 'agent-missing'; node: string }
  | { kind: 'endpoint-ip-outside-cidr'; node: string; ip: string }
  | { kind: 'endpoint-not-ready'; node: string }
  | { kind: 'endpoint-stale'; node: string }
  | { kind: 'service-no-backends'; service: string }
  | { kind: 'drops'; node: string; reason: string; count: number }
  | { kind: 'log-errors'; node: string; count: number }
  | { kind: 'failed-task'; task: string; error: string }
  | { kind: 'empty-output'; node: string; file: string }
  | { kind: 'unextracted-bugtool'; node: string }
  | { kind: 'kernel-old'; node: string; release: string }
  | { kind: 'kernel-option-missing'; node: string; option: string }
  | { kind: 'sysctl'; node: string; key: string; value: string }
  | { kind: 'ip-rules-reset'; node: string }
  | { kind: 'device-down'; node: string; device: string }
  | { kind: 'mtu'; node: string; mtu: number; nativeOnly?: boolean }
  | { kind: 'cni-conflict'; node: string; file: string }
  | { kind: 'kube-proxy-leftover'; node: string; chains: number }
  | { kind: 'bpf-map-full'; node: string; map: 'ct' | 'nat' }
  | { kind: 'ipsec-errors'; node: string; counter: string; first: number; last: number }
  | { kind: 'wireguard-peers'; node: string; peers: number }
  | { kind: 'node-memory'; node: string; percent: number }
  /**
   * Native routing: the node has no route for the other nodes' pod CIDRs (the direct routes missing, or never
   * installed), so its probes of their health endpoints fail.
   */
  | { kind: 'pod-cidr-routes-missing'; node: string }
  /** The node's routes to the other nodes carry this MTU (tunnel mode). */
  | { kind: 'route-mtu'; node: string; mtu: number }
  /**
   * A remote cluster of a ClusterMesh (one fault per remote): every agent's status prints the ClusterMesh block.
   * `notReady` makes the remote not ready on the agents of `nodes` (all when absent), with the status the agent
   * prints for it (its last error), its reconnection count and how long ago the last one was (`28m28s`).
   */
  | { kind: 'clustermesh'; remote: string; nodes?: number; notReady?: { nodes?: string[]; status: string; failures: number; last: string } };

/** A remote cluster as the agents' ClusterMesh status shows it. */
export interface MeshRemote {
  name: string;
  id: number;
  nodes: number;
  endpoints: number;
  identities: number;
  services: number;
  /** The agents (by node) that see the remote not ready, with what they print for it. */
  notReady: Map<string, { status: string; failures: number; last: string }>;
}

/** One core/v1 Event. `object` is `Pod/<name>` or `Node/<name>`; `agent:<node>` names that node's agent pod. */
export interface EventSpec {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  object: string;
  namespace?: string;
  /** `spec.containers{cilium-agent}` and the like. */
  fieldPath?: string;
  count?: number;
  firstTimestamp: string;
  lastTimestamp?: string;
  /** The kubelet's node, for `source.host`. */
  host?: string;
  component?: string;
}

export interface NodeSpec {
  name: string;
  ip: string;
  cidr: string;
  zone?: string;
  /** Cilium version on this node when it differs from the scenario's. */
  cilium?: string;
  /** Agent pod name; generated when absent. */
  pod?: string;
  control?: boolean;
}

export interface Scenario {
  name: string;
  /** The sysdump `<ts>`. */
  timestamp: string;
  cliVersion: string;
  /** Root folder name; `cilium-sysdump-<ts>` by default. */
  root?: string;
  clusterName: string;
  kubernetes: string;
  cilium: string;
  kpr: string;
  routing: 'tunnel' | 'native';
  ipam: 'kubernetes' | 'cluster-pool';
  nodes: NodeSpec[] | { count: number; prefix: string; subnet: string; podPrefix: string };
  endpointsPerNode: number;
  services: number;
  logLinesPerAgent: number;
  seed: number;
  faults: FaultSpec[];
  /** Transparent encryption of every agent; none by default. */
  encryption?: 'ipsec' | 'wireguard';
  /**
   * Write the BPF map dumps that grow with the cluster (ipcache and tunnel map: one entry per node on every agent;
   * the LB map: every service on every agent). On by default; the benchmark's large bundles turn it off.
   */
  hostMaps?: boolean;
  /**
   * Native routing: every agent installs a route per other node's pod CIDR via that node (auto-direct-node-routes).
   * Off, the nodes have only their default route and the network routes pod CIDRs (a cloud route table). These
   * routes, like the tunnel mode's routes via cilium_host, grow with the cluster: by default they follow `hostMaps`.
   */
  directRoutes?: boolean;
  /**
   * Make health results on demand instead of keeping N² cells: for the benchmark's 2,000-node bundles. Only the
   * cells a fault touches are kept.
   */
  lazyHealth?: boolean;
}

/** A deterministic PRNG (mulberry32), so a scenario always gives the same bytes. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What each Cilium version prints and what its bugtool collects (sysdump-format.md §2.4). */
export interface Features {
  version: string;
  minor: number;
  patch: number;
  /** `cilium-dbg` from 1.15. */
  prefix: 'cilium' | 'cilium-dbg';
  /** `plain`: cilium-health-status.md (1.10.0–1.10.11, 1.11.0–1.11.5); `verbose`: ---verbose and --o-json; `none`: 1.15.0–1.15.9, 1.16.0–1.16.2. */
  health: 'plain' | 'verbose' | 'none';
  nodeListJson: boolean;
  endpointListText: boolean;
  serviceJson: boolean;
  sourceColumn: boolean;
  routingLine: boolean;
  detailedHealthInStatus: boolean;
  slog: boolean;
  protoSuffix: boolean;
  kprTrueFalse: boolean;
}

export function features(version: string): Features {
  const [, minorText = '0', patchText = '0'] = /^(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1) ?? [];
  const minor = Number(/^\d+\.(\d+)/.exec(version)?.[1] ?? minorText);
  const patch = Number(/^\d+\.\d+\.(\d+)/.exec(version)?.[1] ?? patchText);
  const health =
    (minor === 10 && patch < 12) || (minor === 11 && patch < 6) ? 'plain' : (minor === 15 && patch < 10) || (minor === 16 && patch < 3) ? 'none' : 'verbose';
  return {
    version,
    minor,
    patch,
    prefix: minor >= 15 ? 'cilium-dbg' : 'cilium',
    health,
    nodeListJson: (minor === 10 && patch >= 12) || (minor === 11 && patch >= 6) || minor >= 12,
    endpointListText: minor >= 13,
    serviceJson: minor >= 12,
    sourceColumn: minor >= 15,
    routingLine: minor >= 16,
    detailedHealthInStatus: minor >= 17,
    slog: minor >= 17,
    protoSuffix: minor >= 18,
    kprTrueFalse: minor >= 14,
  };
}

export interface Endpoint {
  id: number;
  namespace: string;
  pod: string;
  ip: string;
  identity: number;
  labels: string[];
  state: string;
  /** False for an endpoint whose CiliumEndpoint is missing (or a CiliumEndpoint whose endpoint is gone). */
  inAgent: boolean;
  inCep: boolean;
}

export interface Service {
  id: number;
  namespace: string;
  name: string;
  ip: string;
  port: number;
  backends: string[];
}

export interface Probe {
  ok: boolean;
  ms: number;
  error: string | null;
}

export interface Node {
  name: string;
  ip: string;
  cidr: string;
  /** What the node's own agent believes its CIDR is. */
  agentCidr: string;
  zone: string | null;
  control: boolean;
  version: string;
  f: Features;
  pod: string;
  healthIp: string;
  routerIp: string;
  endpoints: Endpoint[];
  kpr: string;
  ipamUsed: number;
  ipamTotal: number;
  controllersFailing: boolean;
  degraded: boolean;
  restarts: { reason: string; count: number; container?: string; lines?: string[]; limit?: string; finishedAt?: string; startTime?: string; running?: boolean; noBugtool?: string } | null;
  /** Real lines appended to the agent's current log. */
  extraLog: string[];
  /** Node names missing from this agent's node list. */
  missingFromView: string[];
  agentMissing: boolean;
  drops: { reason: string; count: number }[];
  logErrors: number;
  emptyOutputs: string[];
  unextracted: boolean;
  /** What the node's own host outputs show (render-host.ts). */
  host: HostState;
}

/** The node's kernel, sysctls, rules, devices and datapath state, as its bugtool outputs print them. */
export interface HostState {
  /** Kernel release (`uname -r`). */
  kernel: string;
  /** Kernel config options printed as `# CONFIG_X is not set`. */
  missingOptions: string[];
  /** sysctl keys whose value differs from what a healthy node shows. */
  sysctls: Record<string, string>;
  /** Routing rules back to the kernel's defaults (Cilium's rules gone). */
  rulesReset: boolean;
  downDevices: string[];
  /** MTU the agent detected and gave its devices. */
  mtu: number;
  /** MTU of the native device (eth0) when it changed after the agent started. */
  nativeMtu: number | null;
  /** Other CNI configuration files in /etc/cni/net.d. */
  extraCni: string[];
  /** kube-proxy `KUBE-SVC-*` chains left in iptables. */
  kubeProxyChains: number;
  /** A BPF map filled to its configured size. */
  fullMap: 'ct' | 'nat' | null;
  /** XFRM error counters, first and last sample of the bugtool run. */
  xfrm: Record<string, [number, number]>;
  /** WireGuard peers when it differs from the node count minus one. */
  wgPeers: number | null;
  /** Memory use in percent of capacity (`kubectl top nodes`). */
  memoryPercent: number;
  /** Native routing: no route for the other nodes' pod CIDRs. */
  routesMissing: boolean;
  /** MTU of the routes to other nodes when it differs from what the agent computes. */
  routeMtu: number | null;
}

export interface Cluster {
  s: Scenario;
  nodes: Node[];
  services: Service[];
  /** probe[observer][dest] = { node: [icmp, http], endpoint: [icmp, http] } */
  health: Map<string, Map<string, HealthCell>>;
  orphanCiliumNodes: { name: string; cidr: string; ip: string }[];
  failedTasks: { task: string; error: string }[];
  staleCeps: Endpoint[];
  operatorRestarts: { reason: string; count: number; lines?: string[]; finishedAt?: string; startTime?: string } | null;
  /** Null unless a scenario asks for events: older samples have no events file. */
  events: EventSpec[] | null;
  /** Remote clusters of a ClusterMesh; none by default. */
  remotes: MeshRemote[];
  rand: () => number;
}

const PODCHARS = 'bcdfghjklmnpqrstvwxz2456789';

function podName(rand: () => number, prefix = 'cilium-'): string {
  let s = prefix;
  for (let i = 0; i < 5; i++) s += PODCHARS[Math.floor(rand() * PODCHARS.length)];
  return s;
}

function ipIn(cidr: string, host: number): string {
  const [base] = cidr.split('/') as [string];
  const parts = base.split('.').map(Number);
  const value = (((parts[0] as number) << 24) | ((parts[1] as number) << 16) | ((parts[2] as number) << 8) | (parts[3] as number)) + host;
  return [(value >>> 24) & 255, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

const APPS = [
  ['default', 'web'],
  ['default', 'api'],
  ['payments', 'checkout'],
  ['payments', 'ledger'],
  ['monitoring', 'node-exporter'],
  ['kube-system', 'coredns'],
  ['shop', 'frontend'],
  ['shop', 'cart'],
];

/** Builds the healthy cluster of a scenario, then applies its faults. */
export function buildCluster(s: Scenario): Cluster {
  const rand = prng(s.seed);
  const specs: NodeSpec[] = Array.isArray(s.nodes)
    ? s.nodes
    : Array.from({ length: s.nodes.count }, (_, i) => {
        const spec = s.nodes as { count: number; prefix: string; subnet: string; podPrefix: string };
        return { name: `${spec.prefix}${String(i + 1).padStart(2, '0')}`, ip: ipIn(`${spec.subnet}.0.0/16`, 10 + i), cidr: `${ipIn(`${spec.podPrefix}.0.0/16`, i * 256)}/24`, zone: `zone-${String.fromCharCode(97 + (i % 3))}` };
      });
  // Endpoint IPs are spread out in the node's /24 (every third address) while they fit.
  const spacing = Math.max(1, Math.min(3, Math.floor(230 / Math.max(1, s.endpointsPerNode))));
  const identities = new Map<string, number>();
  let nextIdentity = 10000 + Math.floor(rand() * 40000);
  const nodes: Node[] = specs.map((spec, i) => {
    const version = spec.cilium ?? s.cilium;
    const endpoints: Endpoint[] = [];
    for (let e = 0; e < s.endpointsPerNode; e++) {
      const [namespace, app] = APPS[(i + e) % APPS.length] as [string, string];
      const key = `${namespace}/${app}`;
      if (!identities.has(key)) identities.set(key, nextIdentity++);
      endpoints.push({
        id: 100 + Math.floor(rand() * 3900),
        namespace,
        pod: `${app}-${podName(rand, '').slice(0, 5)}${Math.floor(rand() * 90 + 10)}`,
        ip: ipIn(spec.cidr, 20 + e * spacing),
        identity: identities.get(key) as number,
        labels: [`k8s:app=${app}`, `k8s:io.cilium.k8s.policy.cluster=${s.clusterName}`, `k8s:io.cilium.k8s.policy.serviceaccount=${app}`, `k8s:io.kubernetes.pod.namespace=${namespace}`],
        state: 'ready',
        inAgent: true,
        inCep: true,
      });
    }
    return {
      name: spec.name,
      ip: spec.ip,
      cidr: spec.cidr,
      agentCidr: spec.cidr,
      zone: spec.zone ?? null,
      control: spec.control ?? false,
      version,
      f: features(version),
      pod: spec.pod ?? podName(rand),
      healthIp: ipIn(spec.cidr, 10 + Math.floor(rand() * 9)),
      routerIp: ipIn(spec.cidr, 1 + Math.floor(rand() * 8)),
      endpoints,
      kpr: s.kpr,
      ipamUsed: endpoints.length + 2,
      ipamTotal: 254,
      controllersFailing: false,
      degraded: false,
      restarts: null,
      extraLog: [],
      missingFromView: [],
      agentMissing: false,
      drops: [],
      logErrors: 0,
      emptyOutputs: [],
      unextracted: false,
      host: { kernel: '6.1.0-18-cloud-amd64', missingOptions: [], sysctls: {}, rulesReset: false, downDevices: [], mtu: 9001, nativeMtu: null, extraCni: [], kubeProxyChains: 0, fullMap: null, xfrm: {}, wgPeers: null, memoryPercent: 41, routesMissing: false, routeMtu: null },
    };
  });
  const all = nodes.flatMap((n) => n.endpoints);
  const services: Service[] = Array.from({ length: s.services }, (_, i) => {
    const [namespace, app] = APPS[i % APPS.length] as [string, string];
    const backends = all.filter((e) => e.namespace === namespace && e.pod.startsWith(app)).slice(0, 3).map((e) => `${e.ip}:8080`);
    return { id: i + 1, namespace, name: `${app}${i >= APPS.length ? `-${i}` : ''}`, ip: `10.96.${Math.floor(i / 200)}.${10 + (i % 200)}`, port: 80, backends };
  });
  // A service is only made for an app that has pods, so a healthy bundle has no service without backends.
  for (let i = services.length - 1; i >= 0; i--) if (services[i]?.backends.length === 0) services.splice(i, 1);
  services.unshift({ id: 0, namespace: 'default', name: 'kubernetes', ip: '10.96.0.1', port: 443, backends: nodes.filter((n) => n.control).slice(0, 1).map((n) => `${n.ip}:6443`) });
  if (services[0]?.backends.length === 0) services[0].backends = [`${nodes[0]?.ip}:6443`];
  services.forEach((svc, i) => (svc.id = i + 1));

  const lazy = s.lazyHealth ? lazyHealth(nodes, s.seed) : null;
  const health = lazy?.health ?? new Map<string, Map<string, HealthCell>>();
  if (!lazy) {
    const probe = (): Probe => ({ ok: true, ms: Math.round((0.15 + rand() * 1.2) * 1e6) / 1e6, error: null });
    for (const o of nodes) {
      const row = new Map<string, HealthCell>();
      for (const d of nodes) row.set(d.name, { node: [probe(), probe()], endpoint: [probe(), probe()] });
      health.set(o.name, row);
    }
  }
  const cluster: Cluster = { s, nodes, services, health, orphanCiliumNodes: [], failedTasks: [], staleCeps: [], operatorRestarts: null, events: null, remotes: [], rand };
  for (const fault of s.faults) applyFault(cluster, fault);
  lazy?.freeze();
  return cluster;
}

type HealthCell = { node: [Probe, Probe]; endpoint: [Probe, Probe] };

/**
 * Health results made from (observer, destination) on each lookup, the same every time. While faults are applied
 * every cell handed out is kept, so that the fault's change sticks; after `freeze` only those are kept.
 */
function lazyHealth(nodes: readonly Node[], seed: number): { health: Cluster['health']; freeze: () => void } {
  const index = new Map(nodes.map((n, i) => [n.name, i]));
  const kept = new Map<number, HealthCell>();
  let frozen = false;
  const probe = (key: number): Probe => ({ ok: true, ms: Math.round((0.15 + prng(key)() * 1.2) * 1e6) / 1e6, error: null });
  const cell = (o: number, d: number): HealthCell => {
    const key = o * nodes.length + d;
    const seen = kept.get(key);
    if (seen) return seen;
    const base = seed ^ (key * 4);
    const made: HealthCell = { node: [probe(base), probe(base + 1)], endpoint: [probe(base + 2), probe(base + 3)] };
    if (!frozen) kept.set(key, made);
    return made;
  };
  const row = (o: number) => ({ get: (name: string) => (index.has(name) ? cell(o, index.get(name) as number) : undefined) });
  const health = { get: (name: string) => (index.has(name) ? row(index.get(name) as number) : undefined) } as unknown as Cluster['health'];
  return { health, freeze: () => (frozen = true) };
}

export const ICMP_TIMEOUT = 'Connection timed out';
export const httpTimeout = (ip: string) => `Get "http://${ip}:4240/hello": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;

function node(c: Cluster, name: string): Node {
  const n = c.nodes.find((x) => x.name === name);
  if (!n) throw new Error(`scenario fault names unknown node "${name}"`);
  return n;
}

function fail(p: Probe, error: string): void {
  p.ok = false;
  p.error = error;
}

function applyFault(c: Cluster, fault: FaultSpec): void {
  switch (fault.kind) {
    case 'health-endpoint-unreachable': {
      const d = node(c, fault.node);
      for (const o of c.nodes) {
        if (o === d) continue;
        const cell = c.health.get(o.name)?.get(d.name);
        if (!cell) continue;
        fail(cell.endpoint[0], ICMP_TIMEOUT);
        fail(cell.endpoint[1], httpTimeout(d.healthIp));
      }
      break;
    }
    case 'node-unreachable': {
      const d = node(c, fault.node);
      for (const o of c.nodes) {
        if (o === d) continue;
        const cell = c.health.get(o.name)?.get(d.name);
        if (!cell) continue;
        fail(cell.node[0], ICMP_TIMEOUT);
        fail(cell.node[1], httpTimeout(d.ip));
        fail(cell.endpoint[0], ICMP_TIMEOUT);
        fail(cell.endpoint[1], httpTimeout(d.healthIp));
      }
      break;
    }
    case 'agent-isolated': {
      const o = node(c, fault.node);
      for (const d of c.nodes) {
        if (o === d) continue;
        const cell = c.health.get(o.name)?.get(d.name);
        if (!cell) continue;
        fail(cell.node[1], httpTimeout(d.ip));
        fail(cell.endpoint[0], ICMP_TIMEOUT);
        fail(cell.endpoint[1], httpTimeout(d.healthIp));
      }
      break;
    }
    case 'health-partition': {
      const [a, b] = fault.groups;
      for (const [from, to] of [
        [a, b],
        [b, a],
      ] as const) {
        for (const x of from) {
          for (const y of to) {
            const cell = c.health.get(x)?.get(y);
            const d = node(c, y);
            if (!cell) continue;
            fail(cell.node[0], ICMP_TIMEOUT);
            fail(cell.node[1], httpTimeout(d.ip));
            fail(cell.endpoint[0], ICMP_TIMEOUT);
            fail(cell.endpoint[1], httpTimeout(d.healthIp));
          }
        }
      }
      break;
    }
    case 'health-asymmetric': {
      const cell = c.health.get(fault.from)?.get(fault.to);
      const d = node(c, fault.to);
      if (cell) {
        fail(cell.endpoint[0], ICMP_TIMEOUT);
        fail(cell.endpoint[1], httpTimeout(d.healthIp));
      }
      break;
    }
    case 'health-latency': {
      for (const o of c.nodes) {
        const cell = c.health.get(o.name)?.get(fault.node);
        if (!cell || o.name === fault.node) continue;
        for (const p of [...cell.node, ...cell.endpoint]) p.ms = fault.ms + Math.round(c.rand() * 5000) / 1000;
      }
      break;
    }
    case 'pod-cidr-mismatch':
      node(c, fault.node).agentCidr = fault.agentCidr;
      break;
    case 'pod-cidr-overlap': {
      // The node gets a wider CIDR that covers another node's; its own addresses move to the part nobody else has.
      const n = node(c, fault.node);
      n.cidr = fault.cidr;
      n.agentCidr = fault.cidr;
      const [base, bits] = fault.cidr.split('/') as [string, string];
      const top = ipIn(`${base}/32`, 2 ** (32 - Number(bits)) - 256).replace(/\.\d+$/, '.0');
      n.routerIp = ipIn(`${top}/24`, 1);
      n.healthIp = ipIn(`${top}/24`, 9);
      const moved = new Map<string, string>();
      n.endpoints.forEach((e, i) => {
        const ip = ipIn(`${top}/24`, 20 + i * 3);
        moved.set(e.ip, ip);
        e.ip = ip;
      });
      for (const svc of c.services) svc.backends = svc.backends.map((b) => moved.get(b.split(':')[0] as string) ? `${moved.get(b.split(':')[0] as string)}:${b.split(':')[1]}` : b);
      break;
    }
    case 'ipam-exhaustion':
      node(c, fault.node).ipamUsed = fault.used;
      break;
    case 'controllers-failing':
      node(c, fault.node).controllersFailing = true;
      break;
    case 'agent-restarts': {
      const { kind: _kind, node: name, reason, restarts: count, ...rest } = fault;
      const n = node(c, name);
      n.restarts = { reason, count, ...rest };
      // cilium-cli's words when it cannot run the bugtool in an agent (cilium/cilium#18581).
      if (rest.noBugtool) c.failedTasks.push({ task: `cilium-bugtool-${n.pod}`, error: `failed to collect 'cilium-bugtool' output for "${n.pod}" in namespace "kube-system": ${rest.noBugtool}` });
      break;
    }
    case 'operator-restarts': {
      const { kind: _kind, reason, restarts: count, ...rest } = fault;
      c.operatorRestarts = { reason, count, ...rest };
      break;
    }
    case 'log-lines':
      for (const line of fault.lines) node(c, fault.node).extraLog.push(line);
      break;
    case 'events':
      c.events = [...(c.events ?? []), ...fault.events];
      break;
    case 'agent-degraded':
      node(c, fault.node).degraded = true;
      break;
    case 'version-skew': {
      const n = node(c, fault.node);
      n.version = fault.version;
      n.f = features(fault.version);
      break;
    }
    case 'config-drift':
      node(c, fault.node).kpr = fault.kpr;
      break;
    case 'node-view-mismatch':
      node(c, fault.node).missingFromView.push(fault.missing);
      break;
    case 'ciliumnode-orphan':
      c.orphanCiliumNodes.push({ name: fault.name, cidr: `10.250.${c.orphanCiliumNodes.length}.0/24`, ip: `10.0.250.${10 + c.orphanCiliumNodes.length}` });
      break;
    case 'agent-missing': {
      // Without an agent the node has no pod network: no endpoints, no CiliumNode, and nobody probes it.
      const n = node(c, fault.node);
      n.agentMissing = true;
      const gone = new Set(n.endpoints.map((e) => `${e.ip}:8080`));
      n.endpoints = [];
      for (const svc of c.services) svc.backends = svc.backends.filter((b) => !gone.has(b));
      break;
    }
    case 'endpoint-ip-outside-cidr': {
      const n = node(c, fault.node);
      const e = n.endpoints[0];
      if (e) e.ip = fault.ip;
      break;
    }
    case 'endpoint-not-ready': {
      const e = node(c, fault.node).endpoints[1];
      if (e) {
        e.state = 'waiting-for-identity';
        e.identity = 5;
      }
      break;
    }
    case 'endpoint-stale': {
      const n = node(c, fault.node);
      c.staleCeps.push({ id: 3999, namespace: 'shop', pod: 'cart-gone42', ip: ipIn(n.cidr, 250), identity: 12345, labels: [], state: 'ready', inAgent: false, inCep: true });
      break;
    }
    case 'service-no-backends': {
      const svc = c.services.find((x) => x.name === fault.service);
      if (svc) svc.backends = [];
      break;
    }
    case 'drops':
      node(c, fault.node).drops.push({ reason: fault.reason, count: fault.count });
      break;
    case 'log-errors':
      node(c, fault.node).logErrors = fault.count;
      break;
    case 'failed-task':
      c.failedTasks.push({ task: fault.task, error: fault.error });
      break;
    case 'empty-output':
      node(c, fault.node).emptyOutputs.push(fault.file);
      break;
    case 'unextracted-bugtool':
      node(c, fault.node).unextracted = true;
      break;
    case 'kernel-old':
      node(c, fault.node).host.kernel = fault.release;
      break;
    case 'kernel-option-missing':
      node(c, fault.node).host.missingOptions.push(fault.option);
      break;
    case 'sysctl':
      node(c, fault.node).host.sysctls[fault.key] = fault.value;
      break;
    case 'ip-rules-reset':
      node(c, fault.node).host.rulesReset = true;
      break;
    case 'device-down':
      node(c, fault.node).host.downDevices.push(fault.device);
      break;
    case 'mtu':
      if (fault.nativeOnly) node(c, fault.node).host.nativeMtu = fault.mtu;
      else node(c, fault.node).host.mtu = fault.mtu;
      break;
    case 'cni-conflict':
      node(c, fault.node).host.extraCni.push(fault.file);
      break;
    case 'kube-proxy-leftover':
      node(c, fault.node).host.kubeProxyChains = fault.chains;
      break;
    case 'bpf-map-full':
      node(c, fault.node).host.fullMap = fault.map;
      break;
    case 'ipsec-errors':
      node(c, fault.node).host.xfrm[fault.counter] = [fault.first, fault.last];
      break;
    case 'wireguard-peers':
      node(c, fault.node).host.wgPeers = fault.peers;
      break;
    case 'node-memory':
      node(c, fault.node).host.memoryPercent = fault.percent;
      break;
    case 'pod-cidr-routes-missing': {
      const o = node(c, fault.node);
      o.host.routesMissing = true;
      // The node's own probes of the other nodes' health endpoints (addresses in their pod CIDRs) go nowhere.
      for (const d of c.nodes) {
        const cell = d === o ? undefined : c.health.get(o.name)?.get(d.name);
        if (!cell) continue;
        fail(cell.endpoint[0], ICMP_TIMEOUT);
        fail(cell.endpoint[1], httpTimeout(d.healthIp));
      }
      break;
    }
    case 'route-mtu':
      node(c, fault.node).host.routeMtu = fault.mtu;
      break;
    case 'clustermesh': {
      const nodes = fault.nodes ?? 3;
      const notReady = new Map<string, { status: string; failures: number; last: string }>();
      if (fault.notReady) {
        const { nodes: on, ...state } = fault.notReady;
        for (const name of on ?? c.nodes.map((n) => n.name)) notReady.set(node(c, name).name, state);
      }
      c.remotes.push({ name: fault.remote, id: c.remotes.length + 2, nodes, endpoints: nodes * 4 + 1, identities: nodes + 5, services: 4, notReady });
      break;
    }
  }
}
