// The node's own outputs in an agent's bugtool folder (bugtool/cmd/configuration.go): uname, kernel config, lsmod,
// sysctl, ip rule, ip a / ip -d -s l, iptables-save, cilium config -a, the BPF map dumps, xfrm_stat, encrypt status,
// and the CNI configuration files cilium-cli copies to the root. Each in the format its tool prints (the parsers'
// first comments cite them); kept small so a 2,000-node bundle stays cheap, the per-cluster map dumps behind
// `hostMaps`.
import { FEATURES } from '../../src/knowledge/kernel-requirements.js';
import { routeOverhead } from '../../src/knowledge/mtu-overhead.js';
import { table } from './render-agent.js';
import type { Cluster, Node } from './scenario.js';

/** What the map dumps of a node hold, and the sizes the agent reports for them. */
const CT_MAX = 131072;
const NAT_MAX = 131072;
/** A node whose map fills: small because dynamic sizing gave it a small map (little memory). */
const SMALL_MAP = 4096;

export function ctMax(n: Node): number {
  return n.host.fullMap === 'ct' ? SMALL_MAP : CT_MAX;
}

export function natMax(n: Node): number {
  return n.host.fullMap === 'nat' ? SMALL_MAP : NAT_MAX;
}

export function unameA(n: Node): string {
  const k = n.host.kernel;
  const build = k.startsWith('6.1.0')
    ? '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)'
    : k.startsWith('4.19.0')
      ? '#1 SMP Debian 4.19.304-1 (2024-01-09)'
      : k.endsWith('-generic')
        ? '#167-Ubuntu SMP Mon May 15 17:35:05 UTC 2023'
        : k.includes('.el8')
          ? '#1 SMP Thu Apr 7 08:19:09 EDT 2022'
          : '#1 SMP PREEMPT_DYNAMIC';
  return `Linux ${n.name} ${n.host.kernel} ${build} x86_64 GNU/Linux\n`;
}

/** `/proc/config` with every option the requirements name set, but those a fault unsets. */
export function kernelConfig(n: Node): string {
  const names = [...new Set(FEATURES.flatMap((f) => f.options.filter((o) => !o.removedIn).map((o) => o.name)))].sort();
  const lines = ['#', '# Automatically generated file; DO NOT EDIT.', `# Linux/x86_64 ${n.host.kernel.replace(/-.*$/, '')} Kernel Configuration`, '#', 'CONFIG_CC_VERSION_TEXT="gcc-12 (Debian 12.2.0-14) 12.2.0"'];
  for (const name of names) lines.push(n.host.missingOptions.includes(name) ? `# ${name} is not set` : `${name}=${/NETFILTER|IP_SET|CRYPTO_(AEAD|GCM|SEQIV|CBC|HMAC|SHA256|AES)|INET_|XFRM_(ALGO|USER)|WIREGUARD|NET_SCH_FQ/.test(name) ? 'm' : 'y'}`);
  return `${lines.join('\n')}\n`;
}

export function lsmod(c: Cluster): string {
  const rows = [
    ['Module', 'Size', 'Used by'],
    ['xt_socket', '16384', '1'],
    ['nf_socket_ipv4', '16384', '1 xt_socket'],
    ['xt_TPROXY', '20480', '2'],
    ['nf_tproxy_ipv4', '16384', '1 xt_TPROXY'],
    ['xt_CT', '16384', '5'],
    ['sch_fq', '20480', '0'],
    ...(c.s.encryption === 'wireguard' ? [['wireguard', '94208', '0']] : []),
    ...(c.s.encryption === 'ipsec' ? [['esp4', '24576', '4'], ['xfrm_user', '53248', '2']] : []),
    ['iptable_raw', '16384', '1'],
    ['ip_tables', '32768', '4 iptable_filter,iptable_raw,iptable_nat,iptable_mangle'],
    ['x_tables', '53248', '12 xt_socket,xt_TPROXY,xt_CT,iptable_raw,ip_tables'],
  ];
  return `${rows.map((r) => `${(r[0] as string).padEnd(24)}${(r[1] as string).padStart(6)}  ${r[2]}`).join('\n')}\n`;
}

/** The node's Cilium-managed devices and the pod veths, in `ip link` index order. */
interface Device {
  index: number;
  name: string;
  peer: string | null;
  kind: string | null;
  mtu: number;
  up: boolean;
  addresses: string[];
  flags: string;
}

function vethName(id: number): string {
  return `lxc${(0x1a2b3c4d5e6f + id * 7919).toString(16).slice(-12)}`;
}

function devices(c: Cluster, n: Node): Device[] {
  const mtu = n.host.mtu;
  const down = (name: string) => n.host.downDevices.includes(name);
  const list: Device[] = [
    { index: 1, name: 'lo', peer: null, kind: null, mtu: 65536, up: true, addresses: ['127.0.0.1/8'], flags: 'LOOPBACK' },
    { index: 2, name: 'eth0', peer: null, kind: null, mtu: n.host.nativeMtu ?? mtu, up: !down('eth0'), addresses: [`${n.ip}/24`], flags: 'BROADCAST,MULTICAST' },
    { index: 3, name: 'cilium_net', peer: 'cilium_host', kind: 'veth', mtu, up: !down('cilium_net'), addresses: [], flags: 'BROADCAST,MULTICAST,NOARP' },
    { index: 4, name: 'cilium_host', peer: 'cilium_net', kind: 'veth', mtu, up: !down('cilium_host'), addresses: [`${n.routerIp}/32`], flags: 'BROADCAST,MULTICAST,NOARP' },
  ];
  if (c.s.routing === 'tunnel') list.push({ index: 5, name: 'cilium_vxlan', peer: null, kind: 'vxlan', mtu, up: !down('cilium_vxlan'), addresses: [], flags: 'BROADCAST,MULTICAST' });
  if (c.s.encryption === 'wireguard') list.push({ index: 6, name: 'cilium_wg0', peer: null, kind: 'wireguard', mtu: mtu - 80, up: !down('cilium_wg0'), addresses: [], flags: 'POINTOPOINT,NOARP' });
  list.push({ index: 8, name: 'lxc_health', peer: 'if7', kind: 'veth', mtu, up: !down('lxc_health'), addresses: [], flags: 'BROADCAST,MULTICAST' });
  n.endpoints.forEach((e, i) => list.push({ index: 10 + i * 2, name: vethName(e.id), peer: `if${9 + i * 2}`, kind: 'veth', mtu, up: true, addresses: [], flags: 'BROADCAST,MULTICAST' }));
  return list;
}

function linkLine(d: Device, detail: boolean): string {
  const flags = `${d.flags}${d.up ? ',UP,LOWER_UP' : ''}`;
  const state = d.name === 'lo' || d.kind === 'vxlan' || d.kind === 'wireguard' ? (d.up ? 'UNKNOWN' : 'DOWN') : d.up ? 'UP' : 'DOWN';
  const qdisc = d.name === 'eth0' ? 'mq' : 'noqueue';
  return `${d.index}: ${d.name}${d.peer ? `@${d.peer}` : ''}: <${flags}> mtu ${d.mtu} qdisc ${qdisc} state ${state}${detail ? ' mode DEFAULT' : ''} group default qlen 1000`;
}

function mac(n: Node, d: Device): string {
  const h = ((n.ip.split('.').map(Number).reduce((a, b) => a * 31 + b, 7) + d.index * 977) >>> 0).toString(16).padStart(8, '0');
  return `0a:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}:${d.index.toString(16).padStart(2, '0')}`;
}

/** `ip a`. */
export function ipAddr(c: Cluster, n: Node): string {
  const out: string[] = [];
  for (const d of devices(c, n)) {
    out.push(linkLine(d, false));
    out.push(d.name === 'lo' ? '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00' : d.kind === 'wireguard' ? '    link/none ' : `    link/ether ${mac(n, d)} brd ff:ff:ff:ff:ff:ff${d.peer?.startsWith('if') ? ' link-netnsid 0' : ''}`);
    for (const a of d.addresses) {
      out.push(`    inet ${a} ${d.name === 'eth0' ? `brd ${n.ip.replace(/\.\d+$/, '.255')} scope global eth0` : d.name === 'lo' ? 'scope host lo' : `scope link ${d.name}`}`);
      out.push('       valid_lft forever preferred_lft forever');
    }
  }
  return `${out.join('\n')}\n`;
}

/** `ip -d -s l` (`-s -s` from 1.18: error detail lines under the counters). */
export function ipLink(c: Cluster, n: Node): string {
  const out: string[] = [];
  const extra = n.f.minor >= 18;
  for (const d of devices(c, n)) {
    out.push(linkLine(d, true));
    const link = d.name === 'lo' ? 'link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00' : d.kind === 'wireguard' ? 'link/none' : `link/ether ${mac(n, d)} brd ff:ff:ff:ff:ff:ff${d.peer?.startsWith('if') ? ' link-netnsid 0' : ''}`;
    out.push(`    ${link} promiscuity 0  allmulti 0 minmtu ${d.name === 'lo' ? 0 : 68} maxmtu ${d.name === 'lo' ? 0 : 65535}`);
    if (d.kind === 'vxlan') out.push('    vxlan external id 0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535');
    else if (d.kind) out.push(`    ${d.kind} addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535`);
    const packets = 1000 + d.index * 137;
    out.push('    RX:  bytes packets errors dropped  missed   mcast');
    out.push(`    ${String(packets * 96).padStart(10)} ${String(packets).padStart(7)}      0       0       0       0`);
    if (extra) out.push('    RX errors:  length    crc   frame    fifo overrun', '                     0      0       0       0       0');
    out.push('    TX:  bytes packets errors dropped carrier collsns');
    out.push(`    ${String(packets * 88).padStart(10)} ${String(packets).padStart(7)}      0       0       0       0`);
    if (extra) out.push('    TX errors: aborted   fifo  window heartbt transns', '                     0      0       0       0       0');
  }
  return `${out.join('\n')}\n`;
}

/** `ip rule` (≤1.13) / `ip -d rule` (1.14+, with the rule protocol). */
export function ipRule(c: Cluster, n: Node): string {
  const proto = n.f.minor >= 14 ? ' proto kernel' : '';
  const rules: [number, string][] = n.host.rulesReset
    ? [[0, 'from all lookup local']]
    : [
        ...(c.s.encryption === 'ipsec' ? ([[1, 'from all fwmark 0xd00/0xf00 lookup 200'], [1, 'from all fwmark 0xe00/0xf00 lookup 200']] as [number, string][]) : []),
        [9, 'from all fwmark 0x200/0xf00 lookup 2004'],
        [100, 'from all lookup local'],
      ];
  rules.push([32766, 'from all lookup main'], [32767, 'from all lookup default']);
  return `${rules.map(([p, r]) => `${p}:\t${r}${proto}`).join('\n')}\n`;
}

function matches(pattern: string, key: string): boolean {
  return pattern.endsWith('*') || pattern.includes('*.') ? new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '[^.]*')}$`).test(key) : pattern === key;
}

/** `sysctl -a`, the keys Cilium cares about and a few others, sorted as procps prints them. */
export function sysctlA(c: Cluster, n: Node): string {
  const values: [string, string][] = [
    ['kernel.timer_migration', '0'],
    ['kernel.unprivileged_bpf_disabled', '1'],
    ['net.core.bpf_jit_enable', '1'],
    ['net.ipv4.fib_multipath_use_neigh', '1'],
    ['net.ipv4.ip_forward', '1'],
    ['net.ipv4.tcp_rmem', '4096\t131072\t6291456'],
    ['net.ipv6.conf.all.disable_ipv6', '0'],
    ['net.ipv6.conf.all.forwarding', '1'],
  ];
  const conf: [string, Record<string, string>][] = [
    ['all', { rp_filter: '0', forwarding: '1', accept_local: '0', send_redirects: '1' }],
    ['default', { rp_filter: '1', forwarding: '1', accept_local: '0', send_redirects: '1' }],
    ['eth0', { rp_filter: '2', forwarding: '1', accept_local: '0', send_redirects: '1' }],
  ];
  for (const d of devices(c, n)) {
    if (d.name === 'lo' || d.name === 'eth0') continue;
    conf.push([d.name, { rp_filter: '0', forwarding: '1', accept_local: '1', send_redirects: '0' }]);
  }
  for (const [dev, keys] of conf) for (const [k, v] of Object.entries(keys)) values.push([`net.ipv4.conf.${dev}.${k}`, v]);
  const lines = values.map(([k, v]) => {
    const override = Object.entries(n.host.sysctls).find(([p]) => matches(p, k));
    return `${k} = ${override ? override[1] : v}`;
  });
  return `${lines.sort().join('\n')}\n`;
}

/** `iptables-save -c`: the kubelet's chains, Cilium's, and kube-proxy's where it runs (or was left behind). */
export function iptablesSave(c: Cluster, n: Node): string {
  const kubeProxy = /^(False|Disabled)$/.test(n.kpr);
  const svcChains = kubeProxy ? c.services.length : n.host.kubeProxyChains;
  const chain = (id: number) => `KUBE-SVC-${(0x5a17c0de + id * 104729).toString(36).toUpperCase().padStart(16, 'X').slice(-16)}`;
  const out = ['# Generated by iptables-save v1.8.9 (nf_tables) on Mon Dec 23 23:27:27 2024', '*raw', ':PREROUTING ACCEPT [81234:9123456]', ':OUTPUT ACCEPT [70111:8123456]', ':CILIUM_OUTPUT_raw - [0:0]', ':CILIUM_PRE_raw - [0:0]'];
  out.push('[81234:9123456] -A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_raw" -j CILIUM_PRE_raw', '[70111:8123456] -A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT_raw" -j CILIUM_OUTPUT_raw', 'COMMIT');
  out.push('*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]', ':CILIUM_OUTPUT_nat - [0:0]', ':CILIUM_POST_nat - [0:0]', ':CILIUM_PRE_nat - [0:0]', ':KUBE-KUBELET-CANARY - [0:0]');
  if (svcChains > 0) {
    out.push(':KUBE-SERVICES - [0:0]');
    for (let i = 0; i < svcChains; i++) out.push(`:${chain(i)} - [0:0]`);
  }
  out.push('[1234:98765] -A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_nat" -j CILIUM_POST_nat');
  if (svcChains > 0) {
    out.push('[0:0] -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    for (let i = 0; i < svcChains; i++) {
      const svc = c.services[i % Math.max(1, c.services.length)];
      out.push(`[0:0] -A KUBE-SERVICES -d ${svc?.ip ?? '10.96.0.1'}/32 -p tcp -m comment --comment "${svc ? `${svc.namespace}/${svc.name}` : 'default/kubernetes'} cluster IP" -m tcp --dport ${svc?.port ?? 443} -j ${chain(i)}`);
    }
  }
  out.push('COMMIT', '*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':CILIUM_FORWARD - [0:0]', ':CILIUM_INPUT - [0:0]', ':CILIUM_OUTPUT - [0:0]', ':KUBE-FIREWALL - [0:0]', ':KUBE-KUBELET-CANARY - [0:0]');
  out.push('[9912:1234567] -A INPUT -m comment --comment "cilium-feeder: CILIUM_INPUT" -j CILIUM_INPUT', '[5512:734567] -A FORWARD -m comment --comment "cilium-feeder: CILIUM_FORWARD" -j CILIUM_FORWARD', 'COMMIT', '# Completed on Mon Dec 23 23:27:27 2024');
  return `${out.join('\n')}\n`;
}

/** `cilium config -a` (`cilium config` on 1.10): the read-only DaemonConfig fields this tool reads, then the mutable options. */
export function configA(c: Cluster, n: Node): string {
  const kpr = /^(True|Strict)$/.test(n.kpr) ? (n.f.minor >= 14 ? 'true' : 'strict') : n.f.minor >= 14 ? 'false' : 'disabled';
  const fields: [string, string][] = [
    ['BPFMapsDynamicSizeRatio', '0.0025'],
    ['CTMapEntriesGlobalAny', String(ctMax(n) / 2)],
    ['CTMapEntriesGlobalTCP', String(ctMax(n))],
    ['ClusterName', c.s.clusterName],
    ['EnableAutoDirectRouting', String(directRoutes(c))],
    ['EnableBPFMasquerade', 'false'],
    ['EnableBandwidthManager', 'false'],
    ['EnableHostFirewall', 'false'],
    ['EnableIPSec', String(c.s.encryption === 'ipsec')],
    ['EnableIPv4', 'true'],
    ['EnableIPv4Masquerade', 'true'],
    ['EnableIPv6', 'false'],
    ['EnableL7Proxy', 'true'],
    ['EnableWireguard', String(c.s.encryption === 'wireguard')],
    ['IPAM', c.s.ipam],
    ['InstallIptRules', 'true'],
    ['InstallNoConntrackIptRules', 'false'],
    ['KubeProxyReplacement', kpr],
    ['LBMapEntries', '65536'],
    ['NATMapEntriesGlobal', String(natMax(n))],
    ['PolicyMapEntries', '16384'],
    ...(n.f.minor >= 14 ? ([['RoutingMode', c.s.routing], ['TunnelProtocol', 'vxlan']] as [string, string][]) : ([['Tunnel', c.s.routing === 'tunnel' ? 'vxlan' : 'disabled']] as [string, string][])),
  ];
  const row = (k: string, v: string) => `${k.padEnd(34)}: ${v}`;
  const out = n.f.minor >= 11 ? ['#### Read-only configurations ####'] : ['### Read-Only Configurations ###', ''];
  for (const [k, v] of fields) out.push(row(k, v));
  out.push(row('k8s-configuration', ''), row('k8s-endpoint', ''));
  out.push(n.f.minor >= 11 ? '##### Read-write configurations #####' : '##### Read Write Configurations #####');
  for (const [k, v] of [['ConntrackAccounting', 'Disabled'], ['Debug', 'Disabled'], ['DropNotification', 'Enabled'], ['PolicyAuditMode', 'Disabled'], ['TraceNotification', 'Enabled']]) out.push(row(k as string, v as string));
  out.push(row('MonitorNumPages', '64'), row('PolicyEnforcement', 'default'));
  return `${out.join('\n')}\n`;
}

/** `cilium bpf ct list global`: a few connections per endpoint, or the map filled to its size. */
export function bpfCtList(c: Cluster, n: Node): string {
  const peers = c.nodes.filter((d) => d !== n && d.endpoints.length > 0);
  const lines: string[] = [];
  const entry = (src: string, sport: number, dst: string, dport: number, proto = 'TCP') =>
    `${proto} OUT ${src}:${sport} -> ${dst}:${dport} expires=16${String(sport).padStart(6, '0')} Packets=0 Bytes=0 RxFlagsSeen=0x1b LastRxReport=1612 TxFlagsSeen=0x1b LastTxReport=1612 Flags=0x0013 [ RxClosing TxClosing SeenNonSyn ] RevNAT=0 SourceSecurityID=0 BackendID=0`;
  const count = n.host.fullMap === 'ct' ? SMALL_MAP : Math.min(40, n.endpoints.length * 3);
  for (let i = 0; i < count; i++) {
    const e = n.endpoints[i % Math.max(1, n.endpoints.length)];
    const peer = peers[i % Math.max(1, peers.length)]?.endpoints[0];
    lines.push(entry(e?.ip ?? n.routerIp, 32768 + i, peer?.ip ?? n.ip, 8080));
  }
  for (const e of n.endpoints.slice(0, 3)) lines.push(entry(e.ip, 53000 + e.id % 1000, '10.96.0.10', 53, 'UDP'));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `cilium bpf nat list`: the masqueraded connections of the node's pods to the world. */
export function bpfNatList(n: Node): string {
  const lines: string[] = [];
  const count = n.host.fullMap === 'nat' ? SMALL_MAP / 2 : Math.min(6, n.endpoints.length);
  for (let i = 0; i < count; i++) {
    const e = n.endpoints[i % Math.max(1, n.endpoints.length)];
    const port = 40000 + i;
    lines.push(`TCP OUT ${e?.ip ?? n.routerIp}:${port} -> 1.1.1.1:443 XLATE_SRC ${n.ip}:${port} Created=120sec ago NeedsCT=1`);
    lines.push(`TCP IN 1.1.1.1:443 -> ${n.ip}:${port} XLATE_DST ${e?.ip ?? n.routerIp}:${port} Created=120sec ago NeedsCT=0`);
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/** `cilium bpf lb list`: each service's slot-0 entry and its backends. */
export function bpfLbList(c: Cluster): string {
  const rows: string[][] = [['SERVICE ADDRESS', 'BACKEND ADDRESS (REVNAT_ID) (SLOT)']];
  for (const s of c.services) {
    rows.push([`${s.ip}:${s.port}`, `0.0.0.0:0 (${s.id}) (0) [ClusterIP, non-routable]`]);
    s.backends.forEach((b, i) => rows.push(['', `${b} (${s.id}) (${i + 1})`]));
  }
  return `${table(rows, 3).join('\n')}\n`;
}

/** `cilium bpf ipcache list`: every node's addresses and every endpoint, remote ones behind their node in tunnel mode. */
export function bpfIpcacheList(c: Cluster, n: Node): string {
  const tunnel = c.s.routing === 'tunnel';
  const value = (identity: number, via: Node | null) =>
    n.f.minor >= 16
      ? `identity=${identity} encryptkey=0 tunnelendpoint=${via && tunnel ? via.ip : '0.0.0.0'}, flags=<none>`
      : n.f.minor >= 11
        ? `identity=${identity} encryptkey=0 tunnelendpoint=${via && tunnel ? via.ip : '0.0.0.0'}`
        : `${identity} 0 ${via && tunnel ? via.ip : '0.0.0.0'}`;
  const rows: string[][] = [['IP PREFIX/ADDRESS', 'IDENTITY']];
  rows.push(['0.0.0.0/0', value(2, null)]);
  for (const d of c.nodes.filter((x) => !x.agentMissing)) {
    const remote = d === n ? null : d;
    rows.push([`${d.ip}/32`, value(d === n ? 1 : 6, null)]);
    rows.push([`${d.healthIp}/32`, value(4, remote)]);
    for (const e of d.endpoints) rows.push([`${e.ip}/32`, value(e.identity, remote)]);
  }
  return `${table(rows, 3).join('\n')}\n`;
}

/** `cilium bpf tunnel list`: one entry per remote node's pod CIDR in tunnel mode; only the header in native routing. */
export function bpfTunnelList(c: Cluster, n: Node): string {
  const rows: string[][] = [['TUNNEL', 'VALUE']];
  if (c.s.routing === 'tunnel') for (const d of c.nodes) if (d !== n && !d.agentMissing) rows.push([d.cidr.replace(/\/\d+$/, ''), n.f.minor >= 13 ? `${d.ip}:0` : d.ip]);
  return `${table(rows, 3).join('\n')}\n`;
}

const XFRM = ['XfrmInError', 'XfrmInBufferError', 'XfrmInHdrError', 'XfrmInNoStates', 'XfrmInStateProtoError', 'XfrmInStateModeError', 'XfrmInStateSeqError', 'XfrmInStateExpired', 'XfrmInStateMismatch', 'XfrmInStateInvalid', 'XfrmInTmplMismatch', 'XfrmInNoPols', 'XfrmInPolBlock', 'XfrmInPolError', 'XfrmOutError', 'XfrmOutBundleGenError', 'XfrmOutBundleCheckError', 'XfrmOutNoStates', 'XfrmOutStateProtoError', 'XfrmOutStateModeError', 'XfrmOutStateSeqError', 'XfrmOutStateExpired', 'XfrmOutPolBlock', 'XfrmOutPolDead', 'XfrmOutPolError', 'XfrmFwdHdrError', 'XfrmOutStateInvalid', 'XfrmAcquireError'];

/** `/proc/net/xfrm_stat` at the start (`first`) or the end (`last`, 1.15+) of the bugtool run. */
export function xfrmStat(n: Node, sample: 'first' | 'last'): string {
  return XFRM.map((k) => `${k.padEnd(24)}\t${n.host.xfrm[k]?.[sample === 'first' ? 0 : 1] ?? 0}`).join('\n') + '\n';
}

/** `cilium encrypt status` (1.11+). */
export function encryptStatus(c: Cluster, n: Node): string {
  const pad = (v: string | number) => String(v).padEnd(26);
  if (c.s.encryption === 'ipsec') {
    const errors = Object.entries(n.host.xfrm).filter(([, v]) => v[1] > 0);
    const lines = [`Encryption: ${pad('IPsec')}`];
    if (n.f.minor >= 15) lines.push(`Decryption interface(s): eth0${c.s.routing === 'tunnel' ? ', cilium_vxlan' : ''}`);
    lines.push(`Keys in use: ${pad(1)}`, 'Max Seq. Number: 0x2c1/0xffffffff', `Errors: ${pad(errors.reduce((a, [, v]) => a + v[1], 0))}`);
    for (const [k, v] of errors) lines.push(`\t${k}: ${pad(v[1])}`);
    return `${lines.join('\n')}\n`;
  }
  if (c.s.encryption === 'wireguard') {
    return `Encryption: ${pad('Wireguard')}\nInterface: cilium_wg0\n\tPublic key: ${publicKey(n)}\n\tNumber of peers: ${wireguardPeers(c, n)}\n`;
  }
  return `Encryption: ${pad('Disabled')}\n`;
}

export function wireguardPeers(c: Cluster, n: Node): number {
  // Every node the agent learns is a peer, the remote clusters' nodes of a ClusterMesh too (pkg/wireguard/agent).
  return n.host.wgPeers ?? c.nodes.filter((d) => !d.agentMissing).length - 1 + c.remotes.reduce((sum, r) => sum + r.nodes, 0);
}

export function publicKey(n: Node): string {
  return Buffer.from(`${n.name}:wireguard-public-key-32b`.padEnd(32, '=').slice(0, 32)).toString('base64');
}

/** The files of `/etc/cni/net.d/`: Cilium's `05-cilium.conflist` and any other CNI's files a fault leaves there. */
export function cniConfs(n: Node): { file: string; content: string }[] {
  const cilium = '\n{\n  "cniVersion": "0.3.1",\n  "name": "cilium",\n  "plugins": [\n    {\n       "type": "cilium-cni",\n       "enable-debug": false,\n       "log-file": "/var/run/cilium/cilium-cni.log"\n    }\n  ]\n}\n';
  const out = [{ file: '05-cilium.conflist', content: cilium }];
  for (const f of n.host.extraCni) {
    const type = /calico/.test(f) ? 'calico' : /flannel/.test(f) ? 'flannel' : /aws/.test(f) ? 'aws-cni' : /multus/.test(f) ? 'multus' : 'bridge';
    out.push({ file: f, content: `{\n  "name": "k8s-pod-network",\n  "cniVersion": "0.3.1",\n  "plugins": [\n    {\n      "type": "${type}",\n      "log_level": "info"\n    },\n    {\n      "type": "portmap",\n      "snat": true,\n      "capabilities": {"portMappings": true}\n    }\n  ]\n}\n` });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/** `cilium_bpf_map_pressure` rows for `cilium metrics list` (1.12+). */
export function mapPressureRows(n: Node): string[][] {
  const ct = n.host.fullMap === 'ct' ? 1 : Math.min(40, n.endpoints.length * 3) / CT_MAX;
  const nat = n.host.fullMap === 'nat' ? 1 : (Math.min(6, n.endpoints.length) * 2) / NAT_MAX;
  return [
    ['cilium_bpf_map_pressure', 'map_name="cilium_ct4_global"', ct.toFixed(6)],
    ['cilium_bpf_map_pressure', 'map_name="cilium_snat_v4_external"', nat.toFixed(6)],
  ];
}

/** `k8s-node-memory-cpu-usage-<ts>.txt` (cilium-cli v0.18.8+, sysdump.go formatNodeMetricsAsTable): tabwriter, padding 2. */
export function nodeUsage(c: Cluster): string {
  const rows = [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']];
  for (const n of c.nodes) rows.push([n.name, `${180 + n.endpoints.length * 23}m`, `${5 + n.endpoints.length}%`, `${Math.round((16000 * n.host.memoryPercent) / 100)}Mi`, `${n.host.memoryPercent}%`]);
  return `${table(rows, 2).join('\n')}\n`;
}

/** Native routing with a route per other node's pod CIDR (auto-direct-node-routes); see `Scenario.directRoutes`. */
export function directRoutes(c: Cluster): boolean {
  return c.s.routing === 'native' && (c.s.directRoutes ?? c.s.hostMaps !== false);
}

function addressValue(ip: string): number {
  return ip.split(/[./]/).slice(0, 4).reduce((a, b) => a * 256 + Number(b), 0);
}

/**
 * `ip -4 r`: the default route and the node's subnet, then Cilium's routes (pkg/datapath/linux/node.go): the own
 * pod CIDR via cilium_host; in tunnel mode every other node's via cilium_host with the route MTU (device MTU less
 * the tunnel and encryption overhead, pkg/mtu); in native routing with auto-direct-node-routes every other node's
 * via that node. `proto kernel` on Cilium's routes from 1.14 (linux_defaults.RTProto); before, the default
 * protocol (boot), which iproute2 does not print. Prefixes in address order, as the kernel dumps them.
 */
export function ipRoute4(c: Cluster, n: Node): string {
  const gw = n.ip.replace(/\.\d+$/, '.1');
  const subnet = n.ip.replace(/\.\d+$/, '.0/24');
  const proto = n.f.minor >= 14 ? ' proto kernel' : '';
  const routes: [string, string][] = [
    [subnet, `${subnet} dev eth0 proto kernel scope link src ${n.ip} metric 100`],
    [n.agentCidr, `${n.agentCidr} via ${n.routerIp} dev cilium_host${proto} src ${n.routerIp}`],
    [n.routerIp, `${n.routerIp} dev cilium_host${proto} scope link`],
  ];
  const others = c.s.hostMaps === false ? [] : c.nodes.filter((d) => d !== n && !d.agentMissing);
  if (c.s.routing === 'tunnel') {
    const mtu = n.host.routeMtu ?? n.host.mtu - routeOverhead({ tunnel: true, encryption: c.s.encryption ?? null }).bytes;
    for (const d of others) routes.push([d.cidr, `${d.cidr} via ${n.routerIp} dev cilium_host${proto} src ${n.routerIp} mtu ${mtu}`]);
  } else if (directRoutes(c) && !n.host.routesMissing) {
    for (const d of others) routes.push([d.cidr, `${d.cidr} via ${d.ip} dev eth0${proto}`]);
  }
  routes.sort((a, b) => addressValue(a[0]) - addressValue(b[0]));
  return `default via ${gw} dev eth0 proto dhcp src ${n.ip} metric 100\n${routes.map((r) => r[1]).join('\n')}\n`;
}

/** `ip -6 r` of an IPv4-only cluster: the link-local routes of the node's devices. */
export function ipRoute6(c: Cluster, n: Node): string {
  const devs = ['eth0', 'cilium_net', 'cilium_host', ...(c.s.routing === 'tunnel' ? ['cilium_vxlan'] : []), 'lxc_health'];
  return `${devs.map((d) => `fe80::/64 dev ${d} proto kernel metric 256 pref medium`).join('\n')}\n`;
}
