// Per-agent bugtool outputs, in the format the agent's Cilium version prints (cilium-dbg/cmd/status.go,
// pkg/health/client/client.go, cilium-dbg/cmd/{node,endpoint,service}_list.go, api/v1/models at the version's tag;
// the examples in ../shared/examples show each form).
import { mapPressureRows, publicKey, wireguardPeers } from './render-host.js';
import { type Cluster, type MeshRemote, type Node, type Probe } from './scenario.js';

/** Columns as Go's tabwriter aligns them: each cell padded to the widest in its column, plus `gap` spaces. */
export function table(rows: readonly (readonly string[])[], gap = 3, indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + gap))).join('').trimEnd());
}

/** A Go time.Duration as String() prints it: `644.596µs`, `1.33443ms`, `12.071252ms`. */
export function goDuration(ms: number): string {
  const ns = Math.round(ms * 1e6);
  if (ns < 1000) return `${ns}ns`;
  if (ns < 1e6) return `${trim(ns / 1e3)}µs`;
  if (ns < 1e9) return `${trim(ns / 1e6)}ms`;
  return `${trim(ns / 1e9)}s`;
}

function trim(v: number): string {
  return v.toFixed(6).replace(/\.?0+$/, '');
}

const API_GROUPS = [
  'cilium/v2::CiliumClusterwideNetworkPolicy',
  'cilium/v2::CiliumEndpoint',
  'cilium/v2::CiliumNetworkPolicy',
  'cilium/v2::CiliumNode',
  'core/v1::Namespace',
  'core/v1::Node',
  'core/v1::Pods',
  'core/v1::Service',
  'discovery/v1::EndpointSlice',
  'networking.k8s.io/v1::NetworkPolicy',
];

export function kprMode(n: Node): string {
  // 1.14 renamed Strict/Disabled to True/False (cilium/cilium#22875).
  if (n.f.kprTrueFalse) return n.kpr === 'Strict' ? 'True' : n.kpr === 'Disabled' ? 'False' : n.kpr;
  return n.kpr === 'True' ? 'Strict' : n.kpr === 'False' ? 'Disabled' : n.kpr;
}

function build(n: Node): string {
  return `v${n.version}-${(0x1a2b3c4d + n.f.minor * 7919).toString(16).slice(0, n.f.minor >= 12 ? 8 : 7)}`;
}

export interface Controller {
  name: string;
  lastSuccess: string;
  lastError: string;
  count: number;
  message: string;
}

export function controllers(n: Node): Controller[] {
  const list: Controller[] = [
    { name: 'cilium-health-ep', lastSuccess: '41s ago', lastError: 'never', count: 0, message: 'no error' },
    { name: 'dns-garbage-collector-job', lastSuccess: '59s ago', lastError: 'never', count: 0, message: 'no error' },
    { name: 'endpoint-gc', lastSuccess: '3m59s ago', lastError: 'never', count: 0, message: 'no error' },
    { name: 'ipcache-inject-labels', lastSuccess: '8m49s ago', lastError: 'never', count: 0, message: 'no error' },
    { name: 'k8s-heartbeat', lastSuccess: '29s ago', lastError: 'never', count: 0, message: 'no error' },
    { name: 'sync-lb-maps-with-k8s-services', lastSuccess: '8m42s ago', lastError: 'never', count: 0, message: 'no error' },
    { name: `sync-node-with-ciliumnode (${n.name})`, lastSuccess: '8m53s ago', lastError: 'never', count: 0, message: 'no error' },
  ];
  for (const e of n.endpoints) {
    list.push({ name: `resolve-identity-${e.id}`, lastSuccess: '3m41s ago', lastError: 'never', count: 0, message: 'no error' });
    list.push({ name: `sync-to-k8s-ciliumendpoint (${e.id})`, lastSuccess: '11s ago', lastError: 'never', count: 0, message: 'no error' });
  }
  if (n.controllersFailing) {
    const e = n.endpoints[0];
    const c = list.find((x) => x.name.startsWith('sync-to-k8s-ciliumendpoint'));
    if (c && e) Object.assign(c, { lastSuccess: '12m3s ago', lastError: '8s ago', count: 42, message: `ciliumendpoints.cilium.io "${e.pod}" is forbidden: User "system:serviceaccount:kube-system:cilium" cannot update resource "ciliumendpoints"` });
  }
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** `cilium status --verbose` for one agent. */
export function statusVerbose(c: Cluster, n: Node, time: string): string {
  const v = n.f;
  const ctl = controllers(n);
  const failing = ctl.filter((x) => x.count > 0).length;
  const reachable = healthyPeers(c, n);
  const lines: string[] = [];
  const top: string[][] = [];
  top.push(['KVStore:', 'Ok   Disabled']);
  top.push(['Kubernetes:', `Ok   ${c.s.kubernetes.replace(/^v(\d+\.\d+).*/, '$1')} (${c.s.kubernetes}) [linux/amd64]`]);
  top.push(['Kubernetes APIs:', `[${API_GROUPS.map((g) => `"${g}"`).join(', ')}]`]);
  top.push(['KubeProxyReplacement:', `${kprMode(n)}   [eth0 ${n.ip} (Direct Routing)]`]);
  if (v.minor >= 11) top.push(['Host firewall:', 'Disabled']);
  if (v.minor >= 12) top.push(['CNI Chaining:', 'none']);
  top.push(['Cilium:', `${n.degraded ? 'Warning' : 'Ok'}   ${n.version} (${build(n)})`]);
  top.push(['NodeMonitor:', 'Listening for events on 4 CPUs with 64x4096 of shared memory']);
  top.push(['Cilium health daemon:', 'Ok   ']);
  top.push(['IPAM:', `IPv4: ${n.ipamUsed}/${n.ipamTotal} allocated from ${n.agentCidr}, `]);
  for (const row of table(top, 3)) lines.push(row);
  lines.push('Allocated addresses:');
  lines.push(`  ${n.routerIp} (router)`);
  lines.push(`  ${n.healthIp} (health)`);
  for (const e of n.endpoints) lines.push(`  ${e.ip} (${e.namespace}/${e.pod})`);
  if (c.remotes.length > 0) lines.push(...clusterMeshText(c, n));
  const mid: string[][] = [];
  mid.push(['BandwidthManager:', 'Disabled']);
  if (v.routingLine) {
    mid.push(['Routing:', `Network: ${c.s.routing === 'tunnel' ? 'Tunnel [vxlan]' : 'Native'}   Host: Legacy`]);
    mid.push(['Attach Mode:', v.minor >= 17 ? 'TCX' : 'Legacy TC']);
    mid.push(['Device Mode:', 'veth']);
  } else {
    mid.push(['Host Routing:', 'Legacy']);
  }
  mid.push(['Masquerading:', 'IPTables [IPv4: Enabled, IPv6: Disabled]']);
  mid.push(['Clock Source for BPF:', 'ktime']);
  mid.push(['Controller Status:', `${ctl.length - failing}/${ctl.length} healthy`]);
  lines.push(...table(mid, 3));
  lines.push(...table([['Name', 'Last success', 'Last error', 'Count', 'Message'], ...ctl.map((x) => [x.name, x.lastSuccess, x.lastError, String(x.count), x.message])], 3, '  '));
  const tail: string[][] = [];
  tail.push(['Proxy Status:', `OK, ip ${n.routerIp}, 0 redirects active on ports 10000-20000${v.minor >= 14 ? ', Envoy: embedded' : ''}`]);
  if (v.minor >= 12) tail.push(['Global Identity Range:', 'min 256, max 65535']);
  tail.push(['Hubble:', `${n.degraded ? 'Warning   Server not initialized' : 'Ok   Current/Max Flows: 4095/4095 (100.00%), Flows/s: 12.40   Metrics: Disabled'}`]);
  lines.push(...table(tail, 3));
  lines.push('KubeProxyReplacement Details:');
  lines.push(...table([['Status:', kprMode(n)], ['Socket LB Protocols:', 'TCP, UDP'], ['Devices:', `eth0 ${n.ip} (Direct Routing)`], ['Mode:', 'SNAT'], ['Backend Selection:', 'Random'], ['Session Affinity:', 'Enabled']], 3, '  '));
  lines.push('BPF Maps:   dynamic sizing: on (ratio: 0.002500)');
  lines.push(...table([['Name', 'Size'], ['Non-TCP connection tracking', '65536'], ['TCP connection tracking', '131072'], ['Endpoint policy', '65535']], 3, '  '));
  const bottom: string[][] = [['Encryption:', encryptionText(c, n)], ['Cluster health:', `${reachable}/${c.nodes.length} reachable   (${time})${v.minor >= 17 ? '   (Probe interval: 1m36.566274746s)' : ''}`]];
  lines.push(...table(bottom, 3));
  if (v.detailedHealthInStatus) {
    lines.push(...table([['Name', 'IP', 'Node', 'Endpoints']], 14));
    lines.push(...healthBlocks(c, n, '  ', time));
  } else {
    const rows = [['Name', 'IP', 'Node', 'Endpoints']];
    for (const d of orderedPeers(c, n)) {
      const cell = c.health.get(n.name)?.get(d.name);
      if (!cell) continue;
      rows.push([`${d.name}${d === n ? ' (localhost)' : ''}`, d.ip, ok(cell.node) ? 'reachable' : 'unreachable', ok(cell.endpoint) ? 'reachable' : 'unreachable']);
    }
    lines.push(...table(rows, 3, '  '));
  }
  if (v.minor >= 16) lines.push(`Modules Health:          Stopped(0) ${n.degraded ? 'Degraded(1)' : 'Degraded(0)'} OK(${n.degraded ? 104 : 105})`);
  return `${lines.join('\n')}\n`;
}

/** Global services a mesh shares with every remote (the same on every agent). */
const GLOBAL_SERVICES = 2;

/**
 * The ClusterMesh block of `cilium status --verbose`, which prints every remote (pkg/client/client.go
 * `FormatStatusResponse`, `FormatStatusResponseRemoteClusters`): `N/M clusters ready` and `N failures` up to 1.16,
 * `remote clusters`, `MCS-API service exports` and `reconnections` from 1.17; the `remote configuration` and
 * `synchronization status` lines from 1.15. A remote that is not ready prints its last error in place of its
 * kvstore status, and keeps the counts it had synced (test/parsers/fixtures/cilium-status/clustermesh-*).
 */
function clusterMeshText(c: Cluster, n: Node): string[] {
  const v = n.f;
  const ready = c.remotes.filter((r) => !r.notReady.has(n.name)).length;
  const out = table([['ClusterMesh:', `${ready}/${c.remotes.length} ${v.minor >= 17 ? 'remote clusters' : 'clusters'} ready, ${GLOBAL_SERVICES} global-services`]], 3);
  for (const r of c.remotes) {
    const bad = r.notReady.get(n.name) ?? null;
    const counts = `${r.nodes} nodes, ${r.endpoints} endpoints, ${r.identities} identities, ${r.services} services`;
    const failures = bad?.failures ?? 0;
    const tail = v.minor >= 17 ? `0 MCS-API service exports, ${failures} reconnections` : `${failures} failures`;
    out.push(`   ${r.name}: ${bad ? 'not-ready' : 'ready'}, ${counts}, ${tail} (last: ${bad ? `${bad.last} ago` : 'never'})`);
    out.push(`   └  ${bad ? bad.status : remoteKvstore(r, n)}`);
    if (v.minor < 15) continue;
    const config = bad ? 'expected=false, retrieved=false' : `expected=true, retrieved=true, cluster-id=${r.id}, kvstoremesh=false, sync-canaries=true${v.minor >= 17 ? ', service-exports=disabled' : ''}`;
    out.push(`   └  remote configuration: ${config}`);
    out.push(`   └  synchronization status: ${['nodes', 'endpoints', 'identities', 'services'].map((k) => `${k}=${!bad}`).join(', ')}`);
  }
  return out;
}

/** A ready remote's etcd status: the docs' form (`lock lease-ID`, endpoint and version) before 1.17, 1.17's after. */
function remoteKvstore(r: MeshRemote, n: Node): string {
  const id = (0x7c028201b53de662n + BigInt(r.id) * 0x1f3dn).toString(16);
  return n.f.minor >= 17
    ? `etcd: 1/1 connected, leases=0, lock leases=0, has-quorum=true: endpoint status checks are disabled, ID: ${id}`
    : `etcd: 1/1 connected, leases=0, lock lease-ID=${id}, has-quorum=true: https://${r.name}.mesh.cilium.io:2379 - 3.5.4 (Leader)`;
}

/** ClusterMeshStatus as StatusResponse JSON holds it (api/v1/models: `omitempty` leaves out false and zero). */
function clusterMeshModel(c: Cluster, n: Node): unknown {
  const at = Date.UTC(Number(c.s.timestamp.slice(0, 4)), Number(c.s.timestamp.slice(4, 6)) - 1, Number(c.s.timestamp.slice(6, 8)), Number(c.s.timestamp.slice(9, 11)), Number(c.s.timestamp.slice(11, 13)), Number(c.s.timestamp.slice(13, 15)));
  const ago = (d: string) => {
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d);
    return new Date(at - ((Number(m?.[1] ?? 0) * 60 + Number(m?.[2] ?? 0)) * 60 + Number(m?.[3] ?? 0)) * 1000).toISOString();
  };
  const clusters = c.remotes.map((r) => {
    const bad = r.notReady.get(n.name) ?? null;
    const counts = { name: r.name, 'num-endpoints': r.endpoints, ...(bad ? { 'num-failures': bad.failures } : {}), 'num-identities': r.identities, 'num-nodes': r.nodes };
    if (bad) return { config: {}, 'last-failure': ago(bad.last), ...counts, 'num-shared-services': r.services, status: bad.status, synced: {} };
    const config = { 'cluster-id': r.id, required: true, retrieved: true, ...(n.f.minor >= 17 ? { 'service-exports-enabled': false } : {}), 'sync-canaries': true };
    return { config, connected: true, 'last-failure': '0001-01-01T00:00:00.000Z', ...counts, 'num-shared-services': r.services, ready: true, status: remoteKvstore(r, n), synced: { endpoints: true, identities: true, nodes: true, services: true } };
  });
  return { clusters, 'num-global-services': GLOBAL_SERVICES };
}

/** The `Encryption:` value of the status (cilium/cmd/status.go: `Wireguard [NodeEncryption: …, cilium_wg0 (Pubkey: …, Port: 51871, Peers: N)]`). */
function encryptionText(c: Cluster, n: Node): string {
  if (c.s.encryption === 'ipsec') return 'IPsec';
  if (c.s.encryption === 'wireguard') return `Wireguard   [NodeEncryption: Disabled, cilium_wg0 (Pubkey: ${publicKey(n)}, Port: 51871, Peers: ${wireguardPeers(c, n)})]`;
  return 'Disabled';
}

function ok(pair: [Probe, Probe]): boolean {
  return pair[0].ok && pair[1].ok;
}

function healthyPeers(c: Cluster, n: Node): number {
  return c.nodes.filter((d) => {
    const cell = c.health.get(n.name)?.get(d.name);
    return cell && ok(cell.node) && ok(cell.endpoint);
  }).length;
}

/** The local node first, then the others by name (pkg/health/client FormatHealthStatusResponse). */
function orderedPeers(c: Cluster, n: Node): Node[] {
  return [n, ...byName(c).filter((d) => d !== n)];
}

// Sorted once per cluster: a 2,000-node bundle asks for this 4,000 times.
const sortedNodes = new WeakMap<Cluster, Node[]>();
function byName(c: Cluster): Node[] {
  let sorted = sortedNodes.get(c);
  if (!sorted) {
    sorted = [...c.nodes].sort((a, b) => a.name.localeCompare(b.name));
    sortedNodes.set(c, sorted);
  }
  return sorted;
}

function probeText(p: Probe): string {
  return p.ok ? `OK, RTT=${goDuration(p.ms)}` : (p.error ?? 'failed');
}

function healthBlocks(c: Cluster, n: Node, indent: string, time: string | null): string[] {
  const out: string[] = [];
  for (const d of orderedPeers(c, n)) {
    const cell = c.health.get(n.name)?.get(d.name);
    if (!cell) continue;
    out.push(`${indent}${nodeName(c, d)}${d === n ? ' (localhost)' : ''}:`);
    for (const [label, ip, pair] of [
      ['Host', d.ip, cell.node],
      ['Endpoint', d.healthIp, cell.endpoint],
    ] as const) {
      out.push(`${indent}  ${label} connectivity to ${ip}:`);
      const probes = [
        ['ICMP to stack:', probeText(pair[0])],
        ['HTTP to agent:', probeText(pair[1])],
      ];
      const width = Math.max(...probes.map((p) => (p[1] as string).length));
      for (const [k, val] of probes) out.push(`${indent}    ${k}   ${time ? `${(val as string).padEnd(width)}   (Last probed: ${time})` : val}`);
    }
  }
  return out;
}

function nodeName(c: Cluster, n: Node): string {
  return c.s.clusterName === 'default' ? n.name : `${c.s.clusterName}/${n.name}`;
}

/** `cilium-health status` (plain, 1.10.0–1.10.11) or `--verbose`. */
export function healthText(c: Cluster, n: Node, time: string): string {
  return `${[`Probe time:   ${time}`, 'Nodes:', ...healthBlocks(c, n, '  ', null)].join('\n')}\n`;
}

/** `cilium-health status -o json`: HealthStatusResponse. */
export function healthJson(c: Cluster, n: Node, time: string): string {
  const conn = (p: Probe) => (p.ok ? { latency: Math.round(p.ms * 1e6) } : { status: p.error });
  const nodes = orderedPeers(c, n).map((d) => {
    const cell = c.health.get(n.name)?.get(d.name);
    const endpoint = { http: conn(cell?.endpoint[1] as Probe), icmp: conn(cell?.endpoint[0] as Probe), ip: d.healthIp };
    return {
      ...(n.f.minor >= 12 ? { 'health-endpoint': { 'primary-address': endpoint, 'secondary-addresses': [] } } : { endpoint }),
      host: { 'primary-address': { http: conn(cell?.node[1] as Probe), icmp: conn(cell?.node[0] as Probe), ip: d.ip }, 'secondary-addresses': [] },
      name: nodeName(c, d),
    };
  });
  return `${JSON.stringify({ local: { name: nodeName(c, n) }, nodes, timestamp: time }, null, 2)}\n`;
}

/** The nodes an agent knows: all but the ones a fault hides from it, plus stale CiliumNodes. */
function knownNodes(c: Cluster, n: Node): { name: string; ip: string; cidr: string; healthIp: string | null }[] {
  const list: { name: string; ip: string; cidr: string; healthIp: string | null }[] = c.nodes
    .filter((d) => !n.missingFromView.includes(d.name) && !d.agentMissing)
    .map((d) => ({ name: d.name, ip: d.ip, cidr: d === n ? n.agentCidr : d.cidr, healthIp: d.healthIp }));
  for (const o of c.orphanCiliumNodes) list.push({ name: o.name, ip: o.ip, cidr: o.cidr, healthIp: null });
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

export function nodeListText(c: Cluster, n: Node): string {
  const header = ['Name', 'IPv4 Address', 'Endpoint CIDR', 'IPv6 Address', 'Endpoint CIDR', ...(n.f.sourceColumn ? ['Source'] : [])];
  const rows = knownNodes(c, n).map((d) => [nodeName(c, { name: d.name } as Node), d.ip, d.cidr, '', '', ...(n.f.sourceColumn ? [d.name === n.name ? 'local' : 'custom-resource'] : [])]);
  return `${table([header, ...rows], 3).join('\n')}\n`;
}

export function nodeElements(c: Cluster, n: Node): unknown[] {
  return knownNodes(c, n).map((d) => ({
    'health-endpoint-address': d.healthIp ? { ipv4: { enabled: true, ip: d.healthIp } } : undefined,
    name: nodeName(c, { name: d.name } as Node),
    'primary-address': { ipv4: { 'alloc-range': d.cidr, enabled: true, ip: d.ip } },
    'secondary-addresses': [{ enabled: true, ip: d.ip }],
    ...(n.f.sourceColumn ? { source: d.name === n.name ? 'local' : 'custom-resource' } : {}),
  }));
}

export function nodeListJson(c: Cluster, n: Node): string {
  return `${JSON.stringify(nodeElements(c, n), null, 2)}\n`;
}

interface EndpointRow {
  id: number;
  identity: number;
  labels: string[];
  ip: string;
  state: string;
  pod: string | null;
}

function endpointRows(n: Node): EndpointRow[] {
  const rows: EndpointRow[] = [
    { id: 1000 + (n.name.length % 7) * 13, identity: 1, labels: ['k8s:node.kubernetes.io/instance-type=m5.large', 'reserved:host'], ip: '', state: 'ready', pod: null },
    { id: 2000 + (n.name.length % 5) * 11, identity: 4, labels: ['reserved:health'], ip: n.healthIp, state: 'ready', pod: null },
  ];
  for (const e of n.endpoints.filter((x) => x.inAgent)) rows.push({ id: e.id, identity: e.identity, labels: e.labels, ip: e.ip, state: e.state, pod: `${e.namespace}/${e.pod}` });
  return rows.sort((a, b) => a.id - b.id);
}

/** `cilium endpoint list` (1.13+). */
export function endpointListText(n: Node): string {
  const rows: string[][] = [
    ['ENDPOINT', 'POLICY (ingress)', 'POLICY (egress)', 'IDENTITY', 'LABELS (source:key[=value])', 'IPv6', 'IPv4', 'STATUS'],
    ['', 'ENFORCEMENT', 'ENFORCEMENT', '', '', '', '', ''],
  ];
  for (const e of endpointRows(n)) {
    const [first = '', ...more] = e.labels;
    rows.push([String(e.id), 'Disabled', 'Disabled', e.state === 'waiting-for-identity' ? '<no label id>' : String(e.identity), first, '', e.ip, e.state]);
    for (const l of more) rows.push(['', '', '', '', l, '', '', '']);
  }
  return `${table(rows, 3).join('\n')}\n`;
}

export function endpointModels(n: Node): unknown[] {
  return endpointRows(n).map((e) => ({
    id: e.id,
    spec: { 'label-configuration': {}, options: { Conntrack: 'Enabled', Debug: 'Disabled' } },
    status: {
      'external-identifiers': e.pod ? { 'k8s-namespace': e.pod.split('/')[0], 'k8s-pod-name': e.pod.split('/')[1], 'pod-name': e.pod } : {},
      identity: { id: e.identity, labels: e.labels },
      networking: { addressing: e.ip ? [{ ipv4: e.ip }] : [], 'host-mac': '0a:58:0a:00:00:01' },
      policy: { realized: { 'policy-enabled': 'none' } },
      state: e.state,
    },
  }));
}

function frontends(c: Cluster, n: Node): { id: number; frontend: string; type: string; backends: string[] }[] {
  const suffix = n.f.protoSuffix ? '/TCP' : '';
  return c.services.map((s) => ({ id: s.id, frontend: `${s.ip}:${s.port}${suffix}`, type: 'ClusterIP', backends: s.backends.map((b) => `${b}${suffix}`) }));
}

/** `cilium service list`. */
export function serviceListText(c: Cluster, n: Node): string {
  const rows: string[][] = [['ID', 'Frontend', 'Service Type', 'Backend']];
  const state = n.f.minor >= 11 ? ' (active)' : '';
  for (const s of frontends(c, n)) {
    rows.push([String(s.id), s.frontend, s.type, s.backends[0] ? `1 => ${s.backends[0]}${state}` : '']);
    s.backends.slice(1).forEach((b, i) => rows.push(['', '', '', `${i + 2} => ${b}${state}`]));
  }
  return `${table(rows, 3).join('\n')}\n`;
}

export function serviceModels(c: Cluster): unknown[] {
  return c.services.map((s) => ({
    spec: {
      'backend-addresses': s.backends.map((b) => ({ ip: b.split(':')[0], nodeName: '', port: Number(b.split(':')[1]), state: 'active' })),
      flags: { name: s.name, namespace: s.namespace, trafficPolicy: 'Cluster', type: 'ClusterIP' },
      'frontend-address': { ip: s.ip, port: s.port, protocol: 'TCP', scope: 'external' },
      id: s.id,
    },
    status: { realized: { id: s.id } },
  }));
}

export function serviceListJson(c: Cluster, n: Node): string {
  return `${JSON.stringify(serviceModels(c), null, 2)}\n`;
}

/** The StatusResponse JSON embedded in debuginfo. */
export function statusModel(c: Cluster, n: Node): unknown {
  const ctl = controllers(n);
  return {
    'bandwidth-manager': { congestionControl: 'cubic', enabled: false },
    cilium: { msg: `${n.version} (${build(n)})`, state: n.degraded ? 'Warning' : 'Ok' },
    'client-id': 1234567,
    cluster: { ciliumHealth: { state: 'Ok' }, nodes: nodeElements(c, n), self: nodeName(c, n) },
    ...(c.remotes.length > 0 ? { 'cluster-mesh': clusterMeshModel(c, n) } : {}),
    controllers: ctl.map((x, i) => ({
      configuration: { 'error-retry': true, interval: '10s' },
      name: x.name,
      status: {
        ...(x.count > 0 ? { 'consecutive-failure-count': x.count, 'failure-count': x.count, 'last-failure-msg': x.message, 'last-failure-timestamp': '2024-05-13T14:14:54.000Z' } : { 'last-failure-timestamp': '0001-01-01T00:00:00.000Z' }),
        'last-success-timestamp': '2024-05-13T14:14:21.000Z',
        'success-count': 12,
      },
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    })),
    encryption:
      c.s.encryption === 'ipsec'
        ? { mode: 'IPsec' }
        : c.s.encryption === 'wireguard'
          ? { mode: 'Wireguard', wireguard: { interfaces: [{ name: 'cilium_wg0', 'listen-port': 51871, 'peer-count': wireguardPeers(c, n), 'public-key': publicKey(n) }] } }
          : { mode: 'Disabled' },
    hubble: { metrics: { state: 'Disabled' }, observer: { 'current-flows': 4095, 'max-flows': 4095, 'seen-flows': 81234 }, state: n.degraded ? 'Warning' : 'Ok', ...(n.degraded ? { msg: 'Server not initialized' } : {}) },
    ipam: {
      allocations: Object.fromEntries([[n.routerIp, 'router'], [n.healthIp, 'health'], ...n.endpoints.map((e) => [e.ip, `${e.namespace}/${e.pod}`])]),
      ipv4: [n.routerIp, n.healthIp, ...n.endpoints.map((e) => e.ip)],
      status: `IPv4: ${n.ipamUsed}/${n.ipamTotal} allocated from ${n.agentCidr}, `,
    },
    'kube-proxy-replacement': { deviceList: [{ ip: [n.ip], name: 'eth0' }], directRoutingDevice: 'eth0', mode: kprMode(n) },
    kubernetes: { 'k8s-api-versions': API_GROUPS, msg: `${c.s.kubernetes.replace(/^v(\d+\.\d+).*/, '$1')} (${c.s.kubernetes}) [linux/amd64]`, state: 'Ok' },
    kvstore: { msg: '', state: 'Disabled' },
    masquerading: { enabled: true, enabledProtocols: { ipv4: true }, mode: 'IPTables' },
    nodeMonitor: { cpus: 4, npages: 64, pagesize: 4096 },
    proxy: { ip: n.routerIp, 'port-range': '10000-20000', redirects: [], 'total-redirects': 0 },
    ...(n.f.routingLine
      ? { routing: { 'inter-host-routing-mode': c.s.routing === 'tunnel' ? 'Tunnel' : 'Native', 'intra-host-routing-mode': 'Legacy', 'tunnel-protocol': c.s.routing === 'tunnel' ? 'vxlan' : '' } }
      : { 'host-routing': { mode: 'Legacy' } }),
  };
}

export function debuginfo(c: Cluster, n: Node): string {
  return `${JSON.stringify(
    {
      'cilium-memory-map': '',
      'cilium-nodemonitor-memory-map': '',
      'cilium-status': statusModel(c, n),
      'cilium-version': `${n.version} ${build(n).split('-').pop()} 2024-05-01T10:11:12+00:00 go version go1.22.2 linux/amd64`,
      encryption: {},
      'endpoint-list': endpointModels(n),
      'environment-variables': ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `K8S_NODE_NAME=${n.name}`],
      'kernel-version': n.host.kernel,
      policy: { policy: '[]', revision: 2 },
      'service-list': serviceModels(c),
      subsystem: {},
    },
    null,
    2,
  )}\n`;
}

/** `cilium metrics list` (only the rows the drops fault needs, among a few ordinary ones). */
export function metricsList(n: Node): string {
  const rows: string[][] = [['Metric', 'Labels', 'Value']];
  if (n.f.minor >= 12) rows.push(...mapPressureRows(n));
  rows.push(['cilium_datapath_conntrack_gc_runs_total', 'family="ipv4" protocol="TCP" status="completed"', '412.000000']);
  for (const d of n.drops) rows.push(['cilium_drop_count_total', `direction="INGRESS" reason="${d.reason}"`, `${d.count}.000000`]);
  rows.push(['cilium_endpoint_state', 'endpoint_state="ready"', `${n.endpoints.length + 2}.000000`]);
  return `${table(rows, 3).join('\n')}\n`;
}
