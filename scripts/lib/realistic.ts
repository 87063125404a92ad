// What a real sysdump holds besides the outputs cilium-report parses, for the benchmark's scale profile only: the
// rest of each agent's bugtool folder (the command list of bugtool/cmd/configuration.go at the 1.16 branch point,
// cilium/cilium da63c10eb308: host commands, iptables, gops, 60 `bpftool map dump`s, `cilium-dbg bpf … list`, ip
// list, map list, identity list, statedb, …), the per-agent files at the root (init-container and `-prev` logs,
// gops, CNI config, pprof profiles), the operator's log and the cluster-level lists a real bundle has (events,
// leases, apiserver metrics, …). Sizes and compressibility follow real bundles: a real sysdump deflates about 8.6:1
// overall and its logs about 5.7:1, so lines carry the addresses, ports, counters, ids and hashes real ones carry.
//
// Line shapes are taken from Cilium's printing code at da63c10eb308 (files named at each generator) and from real
// outputs pasted in public issues (cited there). Nothing here is parsed back by a test: it is load, not data.
//
// Files are yielded only where the shared layout (scripts/lib/bundle.ts) has not already yielded the same path, so
// that outputs the shared generator learns to write (helper "host" adds real-format host outputs to
// render-agent.ts) win over these. TODO(integrator): once both land, move the host outputs written here and there
// into one place (render-agent.ts), keeping the sizes chosen here for the scale profile.
import type { LazyFile } from './bundle.js';
import { goDuration, table } from './render-agent.js';
import { type Cluster, type Node, prng } from './scenario.js';

/** How much of each kind of output an agent writes. Defaults: see {@link DEFAULT_SIZES}. */
export interface Sizes {
  /** Connection-tracking entries per node: a log-normal spread between `ctMin` and `ctMax` around `ctMedian`. */
  ctMedian: number;
  ctMin: number;
  ctMax: number;
  /**
   * Entries of the outputs that list every address in the cluster (ipcache, ip list, map cache). A real agent lists
   * all of them (102 per node here); they are capped so that a 2,000-node bundle fits the bench machine's disk and
   * the reader's 64 GiB default limit (uncapped, those four outputs alone would be 200 GB at 2,000 nodes).
   */
  clusterListCap: number;
  /** Lines of `cat /proc/kallsyms` (a Debian 6.1 cloud kernel with modules and Cilium's BPF programs). */
  kallsyms: number;
  /** Goroutines in `gops stack` (a 1.16 agent with ~100 endpoints runs about a thousand). */
  goroutines: number;
  /** Lines of the agent's container log (about 240 bytes each). */
  agentLogLines: number;
  /** Operator log lines per node of the cluster. */
  operatorLinesPerNode: number;
  /** Kubernetes events per node (one hour of events, the apiserver's default TTL). */
  eventsPerNode: number;
}

export const DEFAULT_SIZES: Sizes = {
  // "tens of thousands of entries per node" on busy nodes (issue 16); a few thousand on quiet ones.
  ctMedian: 14_000,
  ctMin: 4_000,
  ctMax: 48_000,
  clusterListCap: 8_000,
  kallsyms: 110_000,
  goroutines: 900,
  agentLogLines: 15_000,
  operatorLinesPerNode: 40,
  eventsPerNode: 8,
};

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** bpftool's `fprint_hex`: bytes as `%02hhx`, a space between, two after every 8th, a newline after every 16th. */
function hexDump(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    if (i) s += i % 16 === 0 ? '\n' : i % 8 === 0 ? '  ' : ' ';
    s += HEX[(bytes[i] as number) & 255];
  }
  return s;
}

/**
 * One entry of `bpftool map dump` without BTF (bpftool `print_entry_plain`): names on their own line when the key
 * or value is longer than 16 bytes, key and value on one line when together they fit in 24. Real form:
 * "key:\n40 00 00 00 00 00 00 01  0a 00 00 04 00 00 00 00\n00 00 00 00 00 00 00 00\nvalue:\ne8 f1 00 …" (the
 * cilium_ipcache dump in cilium/cilium#18817).
 */
function bpftoolEntry(key: ArrayLike<number>, value: ArrayLike<number>): string {
  const breakNames = key.length > 16 || value.length > 16;
  const single = key.length + value.length <= 24 && !breakNames;
  return `key:${breakNames ? '\n' : ' '}${hexDump(key)}${single ? '  ' : '\n'}value:${breakNames ? '\n' : ' '}${hexDump(value)}\n`;
}

function bpftoolPerCpuEntry(key: ArrayLike<number>, values: readonly ArrayLike<number>[]): string {
  let s = `key:\n${hexDump(key)}\n`;
  values.forEach((v, cpu) => (s += `value (CPU ${String(cpu).padStart(2, '0')}): ${hexDump(v)}\n`));
  return s;
}

const found = (n: number) => `Found ${n} element${n === 1 ? '' : 's'}\n`;

const HEX_CODES = Uint8Array.from(Array.from({ length: 512 }, (_, i) => '0123456789abcdef'.charCodeAt(i & 1 ? (i >> 1) & 15 : i >> 5)));

/** Output written straight into bytes: the large dumps are tens of megabytes per node, too slow as string joins. */
class Out {
  private buf = Buffer.allocUnsafe(1 << 20);
  private len = 0;

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Short strings are joined first: one Buffer.write per line costs more than the line. */
  private pending = '';

  str(text: string): this {
    this.pending += text;
    if (this.pending.length > 1 << 16) this.flush();
    return this;
  }

  private flush(): void {
    if (this.pending === '') return;
    this.ensure(this.pending.length * 3);
    this.len += this.buf.write(this.pending, this.len, 'utf8');
    this.pending = '';
  }

  /** `fprint_hex` of `bytes[0, n)` (see {@link hexDump}). */
  hex(bytes: Uint8Array, n: number): this {
    this.flush();
    this.ensure(n * 3 + 8);
    const b = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) {
      if (i) {
        if (i % 16 === 0) b[at++] = 10;
        else if (i % 8 === 0) {
          b[at++] = 32;
          b[at++] = 32;
        } else b[at++] = 32;
      }
      const v = (bytes[i] as number) * 2;
      b[at++] = HEX_CODES[v] as number;
      b[at++] = HEX_CODES[v + 1] as number;
    }
    this.len = at;
    return this;
  }

  /** {@link bpftoolEntry} of `key[0, k)` and `value[0, v)`. */
  entry(key: Uint8Array, k: number, value: Uint8Array, v: number): this {
    const breakNames = k > 16 || v > 16;
    const single = k + v <= 24 && !breakNames;
    this.str(breakNames ? 'key:\n' : 'key: ').hex(key, k).str(single ? '  ' : '\n').str(breakNames ? 'value:\n' : 'value: ').hex(value, v).str('\n');
    return this;
  }

  done(): Buffer {
    this.flush();
    return this.buf.subarray(0, this.len);
  }
}

/** Little-endian and network-order writes into a scratch key or value. */
function put32le(b: Uint8Array, at: number, v: number): number {
  b[at] = v & 255;
  b[at + 1] = (v >>> 8) & 255;
  b[at + 2] = (v >>> 16) & 255;
  b[at + 3] = (v >>> 24) & 255;
  return at + 4;
}
function put32be(b: Uint8Array, at: number, v: number): number {
  b[at] = (v >>> 24) & 255;
  b[at + 1] = (v >>> 16) & 255;
  b[at + 2] = (v >>> 8) & 255;
  b[at + 3] = v & 255;
  return at + 4;
}
function put16be(b: Uint8Array, at: number, v: number): number {
  b[at] = (v >>> 8) & 255;
  b[at + 1] = v & 255;
  return at + 2;
}


/** The line bugtool appends after the output of a command that exits non-zero (bugtool/cmd/root.go). */
const errorTrailer = (cmd: string, err = 'exit status 1') => `\n> Error while running '${cmd}':  ${err}\n\n`;

function u16be(v: number): number[] {
  return [(v >>> 8) & 255, v & 255];
}
function u16le(v: number): number[] {
  return [v & 255, (v >>> 8) & 255];
}
function u32le(v: number): number[] {
  return [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255];
}
function u64le(v: number): number[] {
  const lo = v % 2 ** 32;
  return [...u32le(lo), ...u32le(Math.floor(v / 2 ** 32))];
}

function ipNum(ip: string): number {
  let v = 0;
  for (const part of ip.split('.')) v = v * 256 + Number(part);
  return v >>> 0;
}
const ipText = new Map<number, string>();
function ipStr(v: number): string {
  let text = ipText.get(v);
  if (text === undefined) {
    text = `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
    if (ipText.size < 1 << 20) ipText.set(v, text);
  }
  return text;
}
function ipBytes(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
const hexId = (r: Rand, n: number) => {
  let s = '';
  while (s.length < n) s += Math.floor(r() * 0x10000000).toString(16).padStart(7, '0');
  return s.slice(0, n);
};

function shuffle<T>(r: Rand, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

/** Seconds since boot on every node (12 days), the clock CT lifetimes count in (bpf ktime, 1.16 default). */
const UPTIME = 1_036_917;
const PROTOS = { 6: 'TCP', 17: 'UDP', 1: 'ICMP' } as const;
const APP_PORTS = [8080, 8080, 8080, 80, 443, 9090, 5432, 6379, 3306, 8443, 9093, 2379];
const EXTERNAL = ['142.250.74.46', '52.216.8.181', '151.101.1.69', '104.18.32.7', '3.5.140.2', '140.82.121.4', '18.165.83.44', '34.107.221.82'];

/** What every agent sees of the cluster, computed once per cluster. */
interface ClusterIndex {
  /** Every address an agent's ipcache holds, with identity and host: pods, health endpoints, routers, nodes. */
  addresses: { ip: number; identity: number; host: number; pod: string | null; namespace: string | null }[];
  podIps: Uint32Array;
  podIdentity: Uint32Array;
  nodeIndex: Map<Node, number>;
  identities: { id: number; labels: string[] }[];
}

const indexes = new WeakMap<Cluster, ClusterIndex>();

function clusterIndex(c: Cluster): ClusterIndex {
  const seen = indexes.get(c);
  if (seen) return seen;
  const addresses: ClusterIndex['addresses'] = [];
  const pods: number[] = [];
  const podIdentity: number[] = [];
  const identityLabels = new Map<number, string[]>();
  c.nodes.forEach((n) => {
    const host = ipNum(n.ip);
    addresses.push({ ip: host, identity: 6, host: 0, pod: null, namespace: null });
    addresses.push({ ip: ipNum(n.routerIp), identity: 6, host, pod: null, namespace: null });
    addresses.push({ ip: ipNum(n.healthIp), identity: 4, host, pod: null, namespace: null });
    for (const e of n.endpoints) {
      addresses.push({ ip: ipNum(e.ip), identity: e.identity, host, pod: e.pod, namespace: e.namespace });
      pods.push(ipNum(e.ip));
      podIdentity.push(e.identity);
      if (!identityLabels.has(e.identity)) identityLabels.set(e.identity, e.labels);
    }
  });
  // A real cluster has many more workloads than the scenario's eight apps: the identity list shows them all.
  const r = prng(c.s.seed ^ 0x5eed);
  const extra = Math.min(4000, 60 + c.nodes.length);
  for (let i = 0; i < extra; i++) {
    const ns = pick(r, ['default', 'payments', 'shop', 'monitoring', 'logging', 'batch', 'ml', 'ingress', 'kube-system', 'data']);
    const app = `${pick(r, ['api', 'worker', 'cache', 'db', 'frontend', 'cron', 'exporter', 'gateway', 'queue', 'search'])}-${hexId(r, 4)}`;
    identityLabels.set(60000 + i, [`k8s:app=${app}`, `k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=${ns}`, `k8s:io.cilium.k8s.policy.cluster=${c.s.clusterName}`, `k8s:io.cilium.k8s.policy.serviceaccount=${app}`, `k8s:io.kubernetes.pod.namespace=${ns}`]);
  }
  const identities = [
    { id: 1, labels: ['reserved:host'] },
    { id: 2, labels: ['reserved:world'] },
    { id: 3, labels: ['reserved:unmanaged'] },
    { id: 4, labels: ['reserved:health'] },
    { id: 5, labels: ['reserved:init'] },
    { id: 6, labels: ['reserved:remote-node'] },
    { id: 7, labels: ['reserved:kube-apiserver', 'reserved:remote-node'] },
    { id: 8, labels: ['reserved:ingress'] },
    ...[...identityLabels].sort((a, b) => a[0] - b[0]).map(([id, labels]) => ({ id, labels })),
  ];
  const index: ClusterIndex = { addresses, podIps: Uint32Array.from(pods), podIdentity: Uint32Array.from(podIdentity), nodeIndex: new Map(c.nodes.map((n, i) => [n, i])), identities };
  indexes.set(c, index);
  return index;
}

/** One node's connection-tracking table, in columns: both `cilium-dbg bpf ct list global` and bpftool print it. */
interface CtTable {
  count: number;
  src: Uint32Array;
  dst: Uint32Array;
  sport: Uint16Array;
  dport: Uint16Array;
  proto: Uint8Array;
  /** 0 OUT, 1 IN, 2 SVC (TUPLE_F_OUT/IN/SERVICE). */
  dir: Uint8Array;
  lifetime: Uint32Array;
  rx: Uint32Array;
  tx: Uint32Array;
  flags: Uint16Array;
  rxSeen: Uint8Array;
  txSeen: Uint8Array;
  secId: Uint32Array;
  revNat: Uint16Array;
  backend: Uint32Array;
  /** Index into EXTERNAL + 1 for connections that leave the cluster (they have NAT entries), else 0. */
  external: Uint8Array;
}

function ctCount(c: Cluster, n: Node, s: Sizes): number {
  const r = prng(c.s.seed ^ (clusterIndex(c).nodeIndex.get(n) as number) * 7919 ^ 0xc7);
  // Box-Muller: a log-normal spread, most nodes near the median and a few busy ones.
  const z = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Math.round(Math.min(s.ctMax, Math.max(s.ctMin, s.ctMedian * Math.exp(0.6 * z))));
}

const ctCache = new WeakMap<Node, CtTable>();

function ctTable(c: Cluster, n: Node, s: Sizes): CtTable {
  const cached = ctCache.get(n);
  if (cached) return cached;
  const ix = clusterIndex(c);
  const count = ctCount(c, n, s);
  const r = prng(c.s.seed ^ ((ix.nodeIndex.get(n) as number) + 1) * 104729);
  const t: CtTable = {
    count,
    src: new Uint32Array(count),
    dst: new Uint32Array(count),
    sport: new Uint16Array(count),
    dport: new Uint16Array(count),
    proto: new Uint8Array(count),
    dir: new Uint8Array(count),
    lifetime: new Uint32Array(count),
    rx: new Uint32Array(count),
    tx: new Uint32Array(count),
    flags: new Uint16Array(count),
    rxSeen: new Uint8Array(count),
    txSeen: new Uint8Array(count),
    secId: new Uint32Array(count),
    revNat: new Uint16Array(count),
    backend: new Uint32Array(count),
    external: new Uint8Array(count),
  };
  const local = n.endpoints.length > 0 ? n.endpoints : [{ ip: n.healthIp, identity: 4 }];
  const host = ipNum(n.ip);
  const healthIp = ipNum(n.healthIp);
  const pods = ix.podIps.length;
  for (let i = 0; i < count; i++) {
    const ep = pick(r, local);
    const epIp = ipNum(ep.ip);
    const kind = r();
    let src = epIp;
    let dst = 0;
    let dport = pick(r, APP_PORTS);
    let proto = 6;
    let dir = 0;
    let secId = ep.identity;
    if (kind < 0.4 && pods > 0) {
      const k = Math.floor(r() * pods);
      dst = ix.podIps[k] as number;
    } else if (kind < 0.68 && pods > 0) {
      // Incoming: a remote pod (or a kubelet probe from the host) to a local endpoint.
      const k = Math.floor(r() * pods);
      src = r() < 0.2 ? host : (ix.podIps[k] as number);
      secId = src === host ? 1 : (ix.podIdentity[k] as number);
      dst = epIp;
      dir = 1;
    } else if (kind < 0.82 && pods > 0) {
      // DNS to a kube-dns pod.
      dst = ix.podIps[Math.floor(r() * Math.min(pods, 40))] as number;
      dport = 53;
      proto = 17;
    } else if (kind < 0.9) {
      const e = Math.floor(r() * EXTERNAL.length);
      dst = ipNum(EXTERNAL[e] as string);
      dport = 443;
      t.external[i] = e + 1;
    } else if (kind < 0.96) {
      // cilium-health probes between nodes' health endpoints, port 4240.
      src = healthIp;
      secId = 4;
      dst = ipNum(c.nodes[Math.floor(r() * c.nodes.length)]?.healthIp ?? n.healthIp);
      dport = 4240;
    } else {
      proto = 1;
      dport = 0;
      dst = pods > 0 ? (ix.podIps[Math.floor(r() * pods)] as number) : healthIp;
    }
    const closing = proto === 6 && r() < 0.55;
    const age = int(r, 0, 21_000);
    t.src[i] = src;
    t.dst[i] = dst;
    t.sport[i] = proto === 1 ? int(r, 1, 65535) : int(r, 32768, 60999);
    t.dport[i] = dport;
    t.proto[i] = proto;
    t.dir[i] = dir;
    t.lifetime[i] = UPTIME + (closing ? int(r, 1, 10) : proto === 6 ? 21_600 - age : int(r, 1, 60));
    t.rx[i] = UPTIME - (closing ? int(r, 0, 10) : age);
    t.tx[i] = t.rx[i] as number;
    t.flags[i] = closing ? 0x13 : proto === 6 ? 0x10 : 0;
    t.rxSeen[i] = proto === 6 ? (closing ? 0x1b : pick(r, [0x1a, 0x12, 0x18, 0x10])) : 0;
    t.txSeen[i] = proto === 6 ? (closing ? 0x1b : pick(r, [0x1a, 0x18, 0x02, 0x10])) : 0;
    t.secId[i] = secId;
  }
  ctCache.set(n, t);
  return t;
}

/** `TCP OUT 10.0.3.45:39382 -> 10.0.17.9:8080 expires=…` (pkg/maps/ctmap/types.go CtKey4Global.Dump, CtEntry.StringWithTimeDiff). */
function ctListText(t: CtTable): Buffer {
  const out = new Out();
  for (let i = 0; i < t.count; i++) {
    const dir = t.dir[i] === 1 ? 'IN' : t.dir[i] === 2 ? 'SVC' : 'OUT';
    const flags = t.flags[i] as number;
    const names = `${flags & 1 ? 'RxClosing ' : ''}${flags & 2 ? 'TxClosing ' : ''}${flags & 0x10 ? 'SeenNonSyn ' : ''}`;
    out.str(
      `${PROTOS[t.proto[i] as 6]} ${dir} ${ipStr(t.src[i] as number)}:${t.sport[i]} -> ${ipStr(t.dst[i] as number)}:${t.dport[i]} expires=${t.lifetime[i]} Packets=0 Bytes=0 RxFlagsSeen=0x${HEX[t.rxSeen[i] as number]} LastRxReport=${t.rx[i]} TxFlagsSeen=0x${HEX[t.txSeen[i] as number]} LastTxReport=${t.tx[i]} Flags=0x${flags.toString(16).padStart(4, '0')} [ ${names}] RevNAT=${t.revNat[i]} SourceSecurityID=${t.secId[i]} IfIndex=0 BackendID=${t.backend[i]} \n`,
    );
  }
  // fmt.Println of the whole dump: one more newline.
  return out.str('\n').done();
}

/** bpftool dump of cilium_ct4_global (TCP) or cilium_ct_any4_global: 14-byte tuple key, 56-byte ct_entry (bpf/lib/common.h). */
function ctDump(t: CtTable, tcp: boolean): Buffer {
  const out = new Out();
  const key = new Uint8Array(14);
  const value = new Uint8Array(56);
  let n = 0;
  for (let i = 0; i < t.count; i++) {
    if ((t.proto[i] === 6) !== tcp) continue;
    n++;
    let k = put32be(key, 0, t.dst[i] as number);
    k = put32be(key, k, t.src[i] as number);
    k = put16be(key, k, t.dport[i] as number);
    k = put16be(key, k, t.sport[i] as number);
    key[k++] = t.proto[i] as number;
    key[k++] = t.dir[i] === 1 ? 1 : t.dir[i] === 2 ? 4 : 0;
    value.fill(0);
    put32le(value, 8, t.backend[i] as number);
    put32le(value, 32, t.lifetime[i] as number);
    value[36] = (t.flags[i] as number) & 255;
    value[37] = (t.flags[i] as number) >>> 8;
    put16be(value, 38, t.revNat[i] as number);
    value[42] = t.txSeen[i] as number;
    value[43] = t.rxSeen[i] as number;
    put32le(value, 44, t.secId[i] as number);
    put32le(value, 48, t.tx[i] as number);
    put32le(value, 52, t.rx[i] as number);
    out.entry(key, 14, value, 56);
  }
  return out.str(found(n)).done();
}

/** SNAT entries of the connections that leave the cluster: `XLATE_SRC`/`XLATE_DST` (pkg/maps/nat/ipv4.go NatEntry4.Dump). */
function natRows(t: CtTable, n: Node, dump: boolean): Buffer {
  const host = ipNum(n.ip);
  const out = new Out();
  const key = new Uint8Array(16);
  const value = new Uint8Array(40);
  let count = 0;
  for (let i = 0; i < t.count; i++) {
    if (!t.external[i] && !(t.dir[i] === 0 && t.dport[i] === 4240 && i % 3 === 0)) continue;
    const src = t.src[i] as number;
    const dst = t.dst[i] as number;
    const sport = t.sport[i] as number;
    const dport = t.dport[i] as number;
    const created = UPTIME - (t.rx[i] as number) + (i % 97);
    const proto = PROTOS[t.proto[i] as 6];
    count += 2;
    if (!dump) {
      out.str(`${proto} OUT ${ipStr(src)}:${sport} -> ${ipStr(dst)}:${dport} XLATE_SRC ${ipStr(host)}:${sport} Created=${created}sec ago NeedsCT=1\n`);
      out.str(`${proto} IN ${ipStr(dst)}:${dport} -> ${ipStr(host)}:${sport} XLATE_DST ${ipStr(src)}:${sport} Created=${created}sec ago NeedsCT=1\n`);
      continue;
    }
    for (const [a, b, pa, pb, flag, to, toPort] of [
      [dst, src, dport, sport, 0, host, sport],
      [host, dst, sport, dport, 1, src, sport],
    ] as const) {
      key.fill(0);
      let k = put32be(key, 0, a);
      k = put32be(key, k, b);
      k = put16be(key, k, pa);
      k = put16be(key, k, pb);
      key[k++] = t.proto[i] as number;
      key[k] = flag;
      value.fill(0);
      put32le(value, 0, ((t.rx[i] as number) - created) >>> 0);
      value[8] = 1;
      put32be(value, 32, to);
      put16be(value, 36, toPort);
      out.entry(key, 16, value, 40);
    }
  }
  return dump ? out.str(found(count)).done() : out.str('\n').done();
}

/** The addresses this agent's ipcache lists, its own node first, capped (see {@link Sizes.clusterListCap}). */
function ipcacheOf(c: Cluster, n: Node, s: Sizes): ClusterIndex['addresses'] {
  const ix = clusterIndex(c);
  const i = ix.nodeIndex.get(n) as number;
  const per = ix.addresses.length / Math.max(1, c.nodes.length);
  const start = Math.floor(i * per);
  const picked: ClusterIndex['addresses'] = [];
  for (let k = 0; k < Math.min(s.clusterListCap, ix.addresses.length); k++) picked.push(ix.addresses[(start + k) % ix.addresses.length] as ClusterIndex['addresses'][number]);
  picked.push({ ip: 0, identity: 2, host: 0, pod: null, namespace: null });
  // The Go map the table is printed from has no order.
  return shuffle(prng(c.s.seed ^ (i + 3) * 31), picked);
}

function ipcacheValueText(a: ClusterIndex['addresses'][number]): string {
  return `identity=${a.identity} encryptkey=0 tunnelendpoint=${ipStr(a.host)}, flags=<none>`;
}
const prefixOf = (a: ClusterIndex['addresses'][number]) => (a.ip === 0 ? '0.0.0.0/0' : `${ipStr(a.ip)}/32`);

function rand(c: Cluster, n: Node, salt: number): Rand {
  return prng(c.s.seed ^ (((clusterIndex(c).nodeIndex.get(n) as number) + 11) * 2654435761) ^ salt);
}

/** A Go tabwriter table (minwidth 5, padding 3) with cells ended by a tab, as cilium-dbg's TablePrinter writes them. */
function tabbed(rows: readonly (readonly string[])[]): string {
  return `${table(rows, 3).join('\n')}\n`;
}

const lxcName = (r: Rand) => `lxc${hexId(r, 12)}`;

interface Iface {
  name: string;
  index: number;
  mac: string;
  ip: string | null;
  kind: 'lo' | 'phys' | 'veth';
}

/** The node's links: lo, eth0, the cilium_net/cilium_host pair, lxc_health and one lxc veth per endpoint. */
function ifaces(c: Cluster, n: Node): Iface[] {
  const r = rand(c, n, 0x1f);
  const mac = () => Array.from({ length: 6 }, (_, i) => HEX[i === 0 ? (int(r, 0, 255) & 0xfe) | 2 : int(r, 0, 255)]).join(':');
  const list: Iface[] = [
    { name: 'lo', index: 1, mac: '00:00:00:00:00:00', ip: '127.0.0.1', kind: 'lo' },
    { name: 'eth0', index: 2, mac: mac(), ip: n.ip, kind: 'phys' },
    { name: 'cilium_net', index: 3, mac: mac(), ip: null, kind: 'veth' },
    { name: 'cilium_host', index: 4, mac: mac(), ip: n.routerIp, kind: 'veth' },
    { name: 'lxc_health', index: 6, mac: mac(), ip: null, kind: 'veth' },
  ];
  n.endpoints.forEach((_, i) => list.push({ name: lxcName(r), index: 8 + i * 2, mac: mac(), ip: null, kind: 'veth' }));
  return list;
}

/** Interfaces the per-interface commands (ethtool, tc filter/chain/class) are written for; see the note at {@link agentExtras}. */
const HOST_IFACES = ['lo', 'eth0', 'cilium_net', 'cilium_host', 'lxc_health'];

function ipAddr(list: readonly Iface[], n: Node): string {
  const out: string[] = [];
  for (const f of list) {
    const flags = f.kind === 'lo' ? '<LOOPBACK,UP,LOWER_UP>' : '<BROADCAST,MULTICAST,UP,LOWER_UP>';
    const mtu = f.kind === 'lo' ? 65536 : f.name === 'eth0' ? 9001 : 9001;
    const peer = f.kind === 'veth' ? `@if${f.index + 1}` : '';
    out.push(`${f.index}: ${f.name}${peer}: ${flags} mtu ${mtu} qdisc ${f.kind === 'phys' ? 'mq' : 'noqueue'} state ${f.kind === 'lo' ? 'UNKNOWN' : 'UP'} group default${f.kind === 'phys' ? ' qlen 1000' : ' qlen 1000'}`);
    out.push(`    link/${f.kind === 'lo' ? 'loopback' : 'ether'} ${f.mac} brd ${f.kind === 'lo' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'}${f.kind === 'veth' ? ` link-netns cni-${f.mac.replace(/:/g, '').slice(0, 8)}-0000-4000-8000-${f.mac.replace(/:/g, '')}` : ''}`);
    if (f.ip) {
      out.push(`    inet ${f.ip}/${f.kind === 'lo' ? 8 : f.kind === 'phys' ? 16 : 32} ${f.kind === 'phys' ? `brd ${n.ip.replace(/\.\d+\.\d+$/, '.255.255')} ` : ''}scope ${f.kind === 'lo' ? 'host' : 'global'} ${f.kind === 'phys' ? 'dynamic ' : ''}${f.name}`);
      out.push(`       valid_lft ${f.kind === 'phys' ? '3412sec preferred_lft 3412sec' : 'forever preferred_lft forever'}`);
    }
    if (f.kind !== 'lo') {
      out.push(`    inet6 fe80::${f.mac.slice(0, 2)}${f.mac.slice(3, 5)}:${f.mac.slice(6, 8)}ff:fe${f.mac.slice(9, 11)}:${f.mac.slice(12, 14)}${f.mac.slice(15, 17)}/64 scope link`);
      out.push('       valid_lft forever preferred_lft forever');
    }
  }
  return `${out.join('\n')}\n`;
}

function ipLinkStats(list: readonly Iface[], r: Rand): string {
  const out: string[] = [];
  for (const f of list) {
    const rxB = int(r, 1e6, 9e11);
    const txB = int(r, 1e6, 9e11);
    out.push(`${f.index}: ${f.name}${f.kind === 'veth' ? `@if${f.index + 1}` : ''}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${f.kind === 'lo' ? 65536 : 9001} qdisc noqueue state UP mode DEFAULT group default qlen 1000`);
    out.push(`    link/ether ${f.mac} brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 `);
    if (f.kind === 'veth') out.push('    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 ');
    out.push('    RX:  bytes packets errors dropped  missed   mcast           ');
    out.push(`    ${String(rxB).padStart(10)} ${String(Math.floor(rxB / 900)).padStart(7)}      0 ${String(int(r, 0, 40)).padStart(7)}       0       0 `);
    out.push('    RX errors:  length    crc   frame    fifo overrun');
    out.push('                     0      0       0       0       0 ');
    out.push('    TX:  bytes packets errors dropped carrier collsns           ');
    out.push(`    ${String(txB).padStart(10)} ${String(Math.floor(txB / 870)).padStart(7)}      0       0       0       0 `);
    out.push('    TX errors: aborted   fifo  window heartbt transns');
    out.push(`                     0      0       0       0 ${String(int(r, 1, 9)).padStart(7)} `);
  }
  return `${out.join('\n')}\n`;
}

/** `sysctl -a`: the global keys and the per-interface ones, for every link (lxc veths included). */
function sysctl(n: Node, list: readonly Iface[], r: Rand): string {
  const out: string[] = [
    'abi.vsyscall32 = 1',
    'fs.file-max = 9223372036854775807',
    `fs.file-nr = ${int(r, 9000, 40000)}\t0\t9223372036854775807`,
    'fs.inotify.max_user_instances = 8192',
    'fs.inotify.max_user_watches = 524288',
    `kernel.hostname = ${n.name}`,
    `kernel.pid_max = 4194304`,
    `kernel.random.boot_id = ${hexId(r, 8)}-${hexId(r, 4)}-${hexId(r, 4)}-${hexId(r, 4)}-${hexId(r, 12)}`,
    `kernel.random.entropy_avail = 256`,
    `kernel.random.uuid = ${hexId(r, 8)}-${hexId(r, 4)}-4${hexId(r, 3)}-8${hexId(r, 3)}-${hexId(r, 12)}`,
    'kernel.unprivileged_bpf_disabled = 2',
    'net.core.bpf_jit_enable = 1',
    'net.core.bpf_jit_harden = 0',
    'net.core.bpf_jit_kallsyms = 1',
    'net.core.somaxconn = 4096',
    'net.ipv4.conf.all.rp_filter = 0',
    'net.ipv4.ip_forward = 1',
    'net.ipv4.ip_local_port_range = 32768\t60999',
    'net.ipv4.tcp_congestion_control = cubic',
    'net.netfilter.nf_conntrack_max = 262144',
    `net.netfilter.nf_conntrack_count = ${int(r, 200, 9000)}`,
    'vm.max_map_count = 262144',
    'vm.overcommit_memory = 1',
  ];
  for (let i = 0; i < 900; i++) out.push(`${pick(r, ['kernel', 'net.core', 'net.ipv4', 'net.ipv6', 'vm', 'fs', 'dev', 'user'])}.${pick(r, ['sched', 'tcp', 'neigh', 'route', 'core', 'mem', 'sem', 'numa', 'perf', 'printk'])}_${pick(r, ['max', 'min', 'timeout', 'interval', 'limit', 'ratio', 'bytes', 'count', 'enable', 'mask'])}_${i} = ${pick(r, ['0', '1', '2', String(int(r, 3, 999999)), `${int(r, 1, 9999)}\t${int(r, 1, 9999)}\t${int(r, 1, 9999)}`])}`);
  for (const f of [{ name: 'all' }, { name: 'default' }, ...list]) {
    for (const k of ['accept_local', 'accept_redirects', 'accept_source_route', 'arp_accept', 'arp_announce', 'arp_filter', 'arp_ignore', 'arp_notify', 'bc_forwarding', 'bootp_relay', 'disable_policy', 'disable_xfrm', 'forwarding', 'log_martians', 'mc_forwarding', 'medium_id', 'promote_secondaries', 'proxy_arp', 'route_localnet', 'rp_filter', 'secure_redirects', 'send_redirects', 'shared_media', 'src_valid_mark', 'tag']) out.push(`net.ipv4.conf.${f.name}.${k} = ${k === 'forwarding' ? 1 : k === 'rp_filter' ? 0 : int(r, 0, 1)}`);
    for (const k of ['anycast_delay', 'app_solicit', 'base_reachable_time_ms', 'delay_first_probe_time', 'gc_stale_time', 'locktime', 'mcast_solicit', 'proxy_delay', 'proxy_qlen', 'retrans_time_ms', 'ucast_solicit', 'unres_qlen_bytes']) out.push(`net.ipv4.neigh.${f.name}.${k} = ${pick(r, ['100', '1000', '30000', '5', '60', '3', '212992'])}`);
    for (const k of ['accept_dad', 'accept_ra', 'autoconf', 'disable_ipv6', 'forwarding', 'hop_limit', 'mtu', 'router_solicitations']) out.push(`net.ipv6.conf.${f.name}.${k} = ${k === 'mtu' ? 9001 : k === 'hop_limit' ? 64 : int(r, 0, 1)}`);
  }
  return `${out.join('\n')}\n`;
}

function dmesg(n: Node, list: readonly Iface[], r: Rand): string {
  const out: string[] = [];
  let t = Date.parse('2024-05-01T07:58:11Z');
  const stamp = () => {
    t += int(r, 0, 400_000);
    return `${new Date(t).toISOString().replace(/\.\d+Z$/, `,${String(int(r, 0, 999999)).padStart(6, '0')}+00:00`)}`;
  };
  const boot = [
    'Linux version 6.1.0-18-cloud-amd64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)',
    'Command line: BOOT_IMAGE=/boot/vmlinuz-6.1.0-18-cloud-amd64 root=PARTUUID=6e8b1c0a-01 ro console=tty0 console=ttyS0,115200 earlyprintk=ttyS0,115200 consoleblank=0',
    'BIOS-provided physical RAM map:',
    'DMI: Amazon EC2 m5.xlarge/, BIOS 1.0 10/16/2017',
    'tsc: Detected 2499.998 MHz processor',
    'Memory: 15951420K/16514988K available (12288K kernel code, 2247K rwdata, 4228K rodata, 2748K init, 2432K bss, 563308K reserved, 0K cma-reserved)',
    'ena 0000:00:05.0: Elastic Network Adapter (ENA) v2.8.0g',
    'EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Quota mode: none.',
    'systemd[1]: systemd 252.22-1~deb12u1 running in system mode',
    'bpfilter: Loaded bpfilter_umh pid 612',
  ];
  for (const line of boot) out.push(`${stamp()} ${line}`);
  for (let i = 0; i < 1400; i++) {
    const f = pick(r, list);
    const k = r();
    if (k < 0.3) out.push(`${stamp()} IPv6: ADDRCONF(NETDEV_CHANGE): ${f.name}: link becomes ready`);
    else if (k < 0.5) out.push(`${stamp()} eth0: renamed from tmp${int(r, 10000, 99999)}`);
    else if (k < 0.65) out.push(`${stamp()} ${f.name}: Caught tx_queue_len zero misconfig`);
    else if (k < 0.75) out.push(`${stamp()} nf_conntrack: nf_conntrack: table full, dropping packet`);
    else if (k < 0.85) out.push(`${stamp()} cni0: port ${int(r, 1, 40)}(veth${hexId(r, 8)}) entered ${pick(r, ['blocking', 'forwarding', 'disabled'])} state`);
    else if (k < 0.93) out.push(`${stamp()} audit: type=1400 audit(${Math.floor(t / 1000)}.${int(r, 100, 999)}:${int(r, 100, 9999)}): apparmor="STATUS" operation="profile_load" profile="unconfined" name="cri-containerd.apparmor.d" pid=${int(r, 1000, 4e6)} comm="apparmor_parser"`);
    else out.push(`${stamp()} TCP: request_sock_TCP: Possible SYN flooding on port ${n.ip}:${pick(r, [10250, 4240, 9962])}. Sending cookies.  Check SNMP counters.`);
  }
  return `${out.join('\n')}\n`;
}

function psAuxfw(n: Node, r: Rand): string {
  const out = ['USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND'];
  const procs = [
    ['root', '/usr/lib/systemd/systemd --system --deserialize=24'],
    ['root', '/usr/bin/containerd'],
    ['root', `/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///run/containerd/containerd.sock --node-ip=${n.ip} --hostname-override=${n.name}`],
    ['root', 'cilium-agent --config-dir=/tmp/cilium/config-map'],
    ['root', ' \\_ cilium-health-responder --listen 4240 --pidfile /var/run/cilium/state/health-endpoint.pid'],
    ['root', '/usr/bin/cilium-envoy-starter -- -c /var/run/cilium/envoy/bootstrap-config.json --base-id 0 --log-level info'],
  ];
  for (let i = 0; i < 40 + n.endpoints.length * 2; i++) procs.push([pick(r, ['root', '65532', '1000', 'nobody', '999']), `${i % 2 ? '/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ' + hexId(r, 64) + ' -address /run/containerd/containerd.sock' : pick(r, ['/pause', '/app/server --port=8080', 'java -Xmx2g -jar /app/app.jar', 'node /srv/index.js', 'postgres: checkpointer', 'nginx: worker process', '/bin/prometheus --config.file=/etc/prometheus.yml', 'python3 -m gunicorn app:app -w 4'])}`]);
  procs.forEach(([user, cmd], i) => out.push(`${(user as string).padEnd(8)} ${String(int(r, 1, 4e6)).padStart(7)} ${(r() * 9).toFixed(1).padStart(4)} ${(r() * 5).toFixed(1).padStart(4)} ${String(int(r, 1e3, 9e6)).padStart(7)} ${String(int(r, 1e3, 2e6)).padStart(6)} ?        S${i % 3 ? 'l' : 's'}   May01  ${int(r, 0, 999)}:${String(int(r, 0, 59)).padStart(2, '0')} ${cmd}`));
  return `${out.join('\n')}\n`;
}

function ssTcp(c: Cluster, n: Node, r: Rand): string {
  const out = ['Total: 1422', `TCP:   ${int(r, 300, 2000)} (estab ${int(r, 100, 900)}, closed ${int(r, 10, 500)}, orphaned 0, timewait ${int(r, 0, 300)})`, '', 'Transport Total     IP        IPv6', 'RAW\t  1         0         1        ', 'UDP\t  14        10        4        ', 'TCP\t  1011      985       26       ', 'INET\t  1026      995       31       ', 'FRAG\t  0         0         0        ', '', 'State      Recv-Q Send-Q   Local Address:Port     Peer Address:Port  Process'];
  const count = 150 + Math.min(600, Math.floor(c.nodes.length / 4));
  for (let i = 0; i < count; i++) {
    const peer = pick(r, c.nodes);
    const listen = i < 20;
    const lport = listen ? pick(r, [10250, 4240, 9879, 9890, 9962, 9964, 22, 10256, 2112]) : int(r, 32768, 60999);
    const process = pick(r, ['cilium-agent', 'kubelet', 'containerd', 'cilium-envoy', 'sshd']);
    out.push(`${(listen ? 'LISTEN' : 'ESTAB').padEnd(10)} 0      ${listen ? 4096 : 0}       ${listen ? '*' : n.ip}:${lport}    ${listen ? '*:*' : `${peer.ip}:${pick(r, [6443, 4240, 10250, 2379])}`}     users:(("${process}",pid=${int(r, 300, 4e6)},fd=${int(r, 3, 900)})) ${listen ? '' : `timer:(keepalive,${int(r, 1, 29)}sec,0) `}ino:${int(r, 10000, 9e6)} sk:${hexId(r, 4)} cgroup:/kubepods.slice/kubepods-burstable.slice <->`);
    out.push(`\t ${listen ? 'cubic cwnd:10' : `ts sack cubic wscale:7,7 rto:${int(r, 201, 240)} rtt:${(r() * 3).toFixed(3)}/${(r()).toFixed(3)} ato:40 mss:8949 pmtu:9001 rcvmss:${int(r, 536, 8949)} advmss:8949 cwnd:10 bytes_sent:${int(r, 1e3, 9e9)} bytes_acked:${int(r, 1e3, 9e9)} bytes_received:${int(r, 1e3, 9e9)} segs_out:${int(r, 10, 9e6)} segs_in:${int(r, 10, 9e6)} data_segs_out:${int(r, 10, 9e6)} send ${(r() * 400).toFixed(1)}Mbps lastsnd:${int(r, 1, 30000)} lastrcv:${int(r, 1, 30000)} lastack:${int(r, 1, 30000)} pacing_rate ${(r() * 800).toFixed(1)}Mbps delivery_rate ${(r() * 900).toFixed(1)}Mbps delivered:${int(r, 10, 9e6)} app_limited busy:${int(r, 1, 9e6)}ms rcv_rtt:${int(r, 1, 400)} rcv_space:${int(r, 14000, 900000)} rcv_ssthresh:${int(r, 60000, 900000)} minrtt:${(r() * 0.5).toFixed(3)} snd_wnd:${int(r, 60000, 900000)}`}`);
  }
  return `${out.join('\n')}\n`;
}

/** `iptables-save -c` on a kube-proxy-free node with iptables masquerading (pkg/datapath/iptables, 1.16 chains). */
function iptablesSave(n: Node, r: Rand, v6: boolean): string {
  const c = () => `[${int(r, 0, 9e7)}:${int(r, 0, 9e10)}]`;
  const stamp = 'Mon May 13 14:15:02 2024';
  const cidr = v6 ? 'fd00::/104' : n.cidr;
  const lines = [
    `# Generated by ${v6 ? 'ip6tables' : 'iptables'}-save v1.8.9 (nf_tables) on ${stamp}`,
    '*raw',
    `:PREROUTING ACCEPT ${c()}`,
    `:OUTPUT ACCEPT ${c()}`,
    `:CILIUM_OUTPUT_raw - ${c()}`,
    `:CILIUM_PRE_raw - ${c()}`,
    `${c()} -A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_raw" -j CILIUM_PRE_raw`,
    `${c()} -A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT_raw" -j CILIUM_OUTPUT_raw`,
    `${c()} -A CILIUM_OUTPUT_raw -d ${cidr} -m comment --comment "cilium: NOTRACK for proxy return traffic" -j CT --notrack`,
    `${c()} -A CILIUM_PRE_raw -m mark --mark 0x200/0xf00 -m comment --comment "cilium: NOTRACK for proxy traffic" -j CT --notrack`,
    'COMMIT',
    `# Completed on ${stamp}`,
    `# Generated by ${v6 ? 'ip6tables' : 'iptables'}-save v1.8.9 (nf_tables) on ${stamp}`,
    '*mangle',
    `:PREROUTING ACCEPT ${c()}`,
    `:INPUT ACCEPT ${c()}`,
    `:FORWARD ACCEPT ${c()}`,
    `:OUTPUT ACCEPT ${c()}`,
    `:POSTROUTING ACCEPT ${c()}`,
    `:CILIUM_POST_mangle - ${c()}`,
    `:CILIUM_PRE_mangle - ${c()}`,
    `:KUBE-IPTABLES-HINT - ${c()}`,
    `:KUBE-KUBELET-CANARY - ${c()}`,
    `${c()} -A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_mangle" -j CILIUM_PRE_mangle`,
    `${c()} -A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_mangle" -j CILIUM_POST_mangle`,
    `${c()} -A CILIUM_PRE_mangle ! -o lo -m socket --transparent -m mark ! --mark 0xe00/0xf00 -m mark ! --mark 0x800/0xf00 -m comment --comment "cilium: any->pod redirect proxied traffic to host proxy" -j MARK --set-xmark 0x200/0xffffffff`,
    `${c()} -A CILIUM_PRE_mangle -p tcp -m mark --mark 0x${hexId(r, 4)}0200 -m comment --comment "cilium: TPROXY to host cilium-dns-egress proxy" -j TPROXY --on-port ${int(r, 30000, 45000)} --on-ip 127.0.0.1 --tproxy-mark 0x200/0xffffffff`,
    `${c()} -A CILIUM_PRE_mangle -p udp -m mark --mark 0x${hexId(r, 4)}0200 -m comment --comment "cilium: TPROXY to host cilium-dns-egress proxy" -j TPROXY --on-port ${int(r, 30000, 45000)} --on-ip 127.0.0.1 --tproxy-mark 0x200/0xffffffff`,
    'COMMIT',
    `# Completed on ${stamp}`,
    `# Generated by ${v6 ? 'ip6tables' : 'iptables'}-save v1.8.9 (nf_tables) on ${stamp}`,
    '*filter',
    `:INPUT ACCEPT ${c()}`,
    `:FORWARD ACCEPT ${c()}`,
    `:OUTPUT ACCEPT ${c()}`,
    `:CILIUM_FORWARD - ${c()}`,
    `:CILIUM_INPUT - ${c()}`,
    `:CILIUM_OUTPUT - ${c()}`,
    `:KUBE-FIREWALL - ${c()}`,
    `:KUBE-KUBELET-CANARY - ${c()}`,
    `${c()} -A INPUT -m comment --comment "cilium-feeder: CILIUM_INPUT" -j CILIUM_INPUT`,
    `${c()} -A INPUT -j KUBE-FIREWALL`,
    `${c()} -A FORWARD -m comment --comment "cilium-feeder: CILIUM_FORWARD" -j CILIUM_FORWARD`,
    `${c()} -A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT" -j CILIUM_OUTPUT`,
    `${c()} -A OUTPUT -j KUBE-FIREWALL`,
    `${c()} -A CILIUM_FORWARD -o cilium_host -m comment --comment "cilium: any->cluster on cilium_host forward accept" -j ACCEPT`,
    `${c()} -A CILIUM_FORWARD -i cilium_host -m comment --comment "cilium: cluster->any on cilium_host forward accept (nodeport)" -j ACCEPT`,
    `${c()} -A CILIUM_FORWARD -i lxc+ -m comment --comment "cilium: cluster->any on lxc+ forward accept" -j ACCEPT`,
    `${c()} -A CILIUM_FORWARD -i cilium_net -m comment --comment "cilium: cluster->any on cilium_net forward accept (nodeport)" -j ACCEPT`,
    `${c()} -A CILIUM_FORWARD -o lxc+ -m comment --comment "cilium: any->cluster on lxc+ forward accept" -j ACCEPT`,
    `${c()} -A CILIUM_FORWARD -i lxc+ -m comment --comment "cilium: cluster->any on lxc+ forward accept (nodeport)" -j ACCEPT`,
    `${c()} -A CILIUM_INPUT -m mark --mark 0x200/0xf00 -m comment --comment "cilium: ACCEPT for proxy traffic" -j ACCEPT`,
    `${c()} -A CILIUM_OUTPUT -m mark --mark 0xa00/0xe00 -m comment --comment "cilium: ACCEPT for proxy traffic" -j ACCEPT`,
    `${c()} -A CILIUM_OUTPUT -m mark --mark 0x800/0xe00 -m comment --comment "cilium: ACCEPT for l7 proxy upstream traffic" -j ACCEPT`,
    `${c()} -A CILIUM_OUTPUT -m mark ! --mark 0xe00/0xf00 -m mark ! --mark 0xd00/0xf00 -m mark ! --mark 0x400/0xf00 -m mark ! --mark 0xa00/0xe00 -m mark ! --mark 0x800/0xe00 -m mark ! --mark 0xf00/0xf00 -m comment --comment "cilium: host->any mark as from host" -j MARK --set-xmark 0xc00/0xf00`,
    `${c()} -A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`,
    'COMMIT',
    `# Completed on ${stamp}`,
    `# Generated by ${v6 ? 'ip6tables' : 'iptables'}-save v1.8.9 (nf_tables) on ${stamp}`,
    '*nat',
    `:PREROUTING ACCEPT ${c()}`,
    `:INPUT ACCEPT ${c()}`,
    `:OUTPUT ACCEPT ${c()}`,
    `:POSTROUTING ACCEPT ${c()}`,
    `:CILIUM_OUTPUT_nat - ${c()}`,
    `:CILIUM_POST_nat - ${c()}`,
    `:CILIUM_PRE_nat - ${c()}`,
    `:KUBE-KUBELET-CANARY - ${c()}`,
    `${c()} -A PREROUTING -m comment --comment "cilium-feeder: CILIUM_PRE_nat" -j CILIUM_PRE_nat`,
    `${c()} -A OUTPUT -m comment --comment "cilium-feeder: CILIUM_OUTPUT_nat" -j CILIUM_OUTPUT_nat`,
    `${c()} -A POSTROUTING -m comment --comment "cilium-feeder: CILIUM_POST_nat" -j CILIUM_POST_nat`,
    `${c()} -A CILIUM_POST_nat -s ${cidr} -m set --match-set cilium_node_set_v4 dst -m comment --comment "exclude traffic to cluster nodes from masquerade" -j ACCEPT`,
    `${c()} -A CILIUM_POST_nat -s ${cidr} ! -d ${v6 ? 'fd00::/8' : '10.0.0.0/8'} ! -o cilium_+ -m comment --comment "cilium masquerade non-cluster" -j MASQUERADE`,
    `${c()} -A CILIUM_POST_nat -m mark --mark 0xa00/0xe00 -m comment --comment "exclude proxy return traffic from masquerade" -j ACCEPT`,
    `${c()} -A CILIUM_POST_nat -s 127.0.0.1/32 -o cilium_host -m comment --comment "cilium host->cluster from 127.0.0.1 masquerade" -j SNAT --to-source ${n.routerIp}`,
    'COMMIT',
    `# Completed on ${stamp}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** `gops stack`: goroutine dumps of a 1.16 agent (the stacks of its controllers, k8s informers and HTTP servers). */
function gopsStack(r: Rand, goroutines: number): string {
  const frames = [
    ['runtime.gopark', '/usr/local/go/src/runtime/proc.go:402'],
    ['runtime.selectgo', '/usr/local/go/src/runtime/select.go:327'],
    ['github.com/cilium/cilium/pkg/controller.(*controller).runController', '/go/src/github.com/cilium/cilium/pkg/controller/controller.go:254'],
    ['k8s.io/client-go/tools/cache.(*Reflector).watch', '/go/src/github.com/cilium/cilium/vendor/k8s.io/client-go/tools/cache/reflector.go:476'],
    ['k8s.io/client-go/util/workqueue.(*Type).Get', '/go/src/github.com/cilium/cilium/vendor/k8s.io/client-go/util/workqueue/queue.go:200'],
    ['github.com/cilium/cilium/pkg/hive/job.(*jobTimer).start', '/go/src/github.com/cilium/cilium/pkg/hive/job/timer.go:137'],
    ['github.com/cilium/cilium/pkg/endpoint.(*Endpoint).runIPIdentitySync.func1', '/go/src/github.com/cilium/cilium/pkg/endpoint/endpoint.go:1717'],
    ['net/http.(*persistConn).readLoop', '/usr/local/go/src/net/http/transport.go:2261'],
    ['google.golang.org/grpc/internal/transport.(*http2Client).reader', '/go/src/github.com/cilium/cilium/vendor/google.golang.org/grpc/internal/transport/http2_client.go:1636'],
    ['github.com/cilium/cilium/pkg/statedb.(*DB).runGC', '/go/src/github.com/cilium/cilium/pkg/statedb/db.go:281'],
    ['created by github.com/cilium/cilium/pkg/controller.(*Manager).createControllerLocked in goroutine 1', '/go/src/github.com/cilium/cilium/pkg/controller/manager.go:111'],
  ];
  // A real dump repeats a few dozen distinct stacks (every controller, every informer looks alike); only the
  // goroutine ids, the argument words and the wait times differ.
  const shapes = Array.from({ length: 48 }, () => {
    const depth = int(r, 3, 9);
    return Array.from({ length: depth }, () => [pick(r, frames), `0x${hexId(r, 3)}`] as const);
  });
  const out: string[] = [];
  for (let g = 1; g <= goroutines; g++) {
    out.push(`goroutine ${g * 7 + int(r, 0, 6)} [${pick(r, ['select', 'chan receive', 'IO wait', 'sync.Cond.Wait', `select, ${int(r, 1, 90)} minutes`, 'semacquire'])}]:`);
    for (const [[fn, at], off] of pick(r, shapes)) {
      out.push(`${fn}(0xc00${hexId(r, 7)}, {0x${hexId(r, 7)}, 0x${hexId(r, 6)}})`);
      out.push(`\t${at} +${off}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

const KSYM_KINDS = ['T', 't', 't', 't', 'D', 'd', 'r', 'R', 'b', 'B', 'W'];
const KSYM_WORDS = ['tcp', 'ip', 'sock', 'skb', 'bpf', 'nf', 'xdp', 'sched', 'mm', 'page', 'irq', 'ext4', 'nvme', 'ena', 'vfs', 'dev', 'net', 'inet', 'rcu', 'cgroup', 'kvm', 'crypto', 'seq', 'proc', 'sys'];
const KSYM_VERBS = ['alloc', 'free', 'init', 'exit', 'lookup', 'update', 'delete', 'rcv', 'xmit', 'recv', 'send', 'get', 'put', 'open', 'release', 'poll', 'flush', 'fill', 'handle', 'run'];

/**
 * `cat /proc/kallsyms`: address, type, name, then `[module]` for module symbols; Cilium's programs as `[bpf]`. The
 * 1.16 chart runs the agent unprivileged without CAP_SYSLOG, so the kernel prints every address as zeros
 * (kernel/kallsyms.c kallsyms_show_value).
 */
function kallsyms(r: Rand, lines: number, endpoints: number): Buffer {
  const out = new Out();
  const mods = ['nf_conntrack', 'xfs', 'ena', 'nvme_core', 'overlay', 'br_netfilter', 'ip_tables', 'nft_compat', 'xt_socket', 'vxlan', 'sch_fq_codel', 'nf_tables', 'bridge', 'ext4'];
  const suffix = ['.cold', '.isra.0', '.part.0', '.constprop.0'];
  for (let i = 0; i < lines; i++) {
    // One draw gives the whole line's choices: this runs a hundred thousand times per node.
    const a = (r() * 2 ** 32) >>> 0;
    const b = (r() * 2 ** 32) >>> 0;
    const name = `${b & 7 ? '' : '__'}${KSYM_WORDS[(a >>> 10) % KSYM_WORDS.length]}_${KSYM_WORDS[(a >>> 15) % KSYM_WORDS.length]}_${KSYM_VERBS[(a >>> 20) % KSYM_VERBS.length]}${(b >>> 3) % 10 < 2 ? (suffix[(b >>> 8) & 3] as string) : ''}`;
    const mod = i > lines * 0.82 ? ` [${mods[(b >>> 20) % mods.length]}]` : '';
    out.str(`0000000000000000 ${KSYM_KINDS[(a >>> 25) % KSYM_KINDS.length]} ${name}${mod}\n`);
  }
  for (let e = 0; e < endpoints; e++) {
    for (const prog of ['cil_from_container', 'cil_to_container', 'tail_handle_ipv4', 'tail_ipv4_ct_egress', 'tail_ipv4_ct_ingress', 'tail_ipv4_policy', 'tail_ipv4_to_endpoint', 'handle_policy']) {
      out.str(`0000000000000000 t bpf_prog_${hexId(r, 16)}_${prog}\t[bpf]\n`);
    }
  }
  return out.done();
}

/** `bpftool prog show`: every program with its tag, load time, map ids and BTF id; Cilium loads about 8 per endpoint. */
function bpftoolProgShow(r: Rand, endpoints: number): string {
  const out: string[] = [];
  let id = 1200;
  const progs = ['cil_from_container', 'cil_to_container', 'tail_handle_ipv4', 'tail_ipv4_ct_egress', 'tail_ipv4_ct_ingress', 'tail_ipv4_policy', 'tail_ipv4_to_endpoint', 'handle_policy'];
  for (let e = 0; e < endpoints + 4; e++) {
    for (const name of progs) {
      id += int(r, 1, 9);
      out.push(`${id}: sched_cls  name ${name.slice(0, 15)}  tag ${hexId(r, 16)}  gpl`);
      out.push(`\tloaded_at 2024-05-${String(int(r, 1, 13)).padStart(2, '0')}T${String(int(r, 0, 23)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}+0000  uid 0`);
      out.push(`\txlated ${int(r, 200, 60000)}B  jited ${int(r, 200, 40000)}B  memlock ${int(r, 1, 16) * 4096}B  map_ids ${Array.from({ length: int(r, 3, 12) }, () => int(r, 10, 3000)).join(',')}`);
      out.push(`\tbtf_id ${int(r, 100, 9000)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

const BPF_MAPS_116 = [
  'cilium_auth_map', 'cilium_call_policy', 'cilium_calls_overlay_2', 'cilium_calls_xdp', 'cilium_capture_cache', 'cilium_runtime_config', 'cilium_lxc', 'cilium_metrics', 'cilium_tunnel_map', 'cilium_ktime_cache', 'cilium_ipcache', 'cilium_events', 'cilium_signals', 'cilium_capture4_rules', 'cilium_capture6_rules', 'cilium_nodeport_neigh4', 'cilium_nodeport_neigh6', 'cilium_node_map', 'cilium_node_map_v2', 'cilium_lb4_source_range', 'cilium_lb6_source_range', 'cilium_lb4_maglev', 'cilium_lb6_maglev', 'cilium_lb6_health', 'cilium_lb6_reverse_sk', 'cilium_lb4_health', 'cilium_lb4_reverse_sk', 'cilium_ipmasq_v4', 'cilium_ipmasq_v6', 'cilium_ipv4_frag_datagrams', 'cilium_throttle', 'cilium_encrypt_state', 'cilium_egress_gw_policy_v4', 'cilium_srv6_vrf_v4', 'cilium_srv6_vrf_v6', 'cilium_srv6_policy_v4', 'cilium_srv6_policy_v6', 'cilium_srv6_sid', 'cilium_lb4_services_v2', 'cilium_lb4_backends_v2', 'cilium_lb4_backends_v3', 'cilium_lb4_backends', 'cilium_lb4_reverse_nat', 'cilium_ct4_global', 'cilium_ct_any4_global', 'cilium_lb4_affinity', 'cilium_lb6_affinity', 'cilium_lb_affinity_match', 'cilium_lb6_services_v2', 'cilium_lb6_backends_v2', 'cilium_lb6_backends_v3', 'cilium_lb6_backends', 'cilium_lb6_reverse_nat', 'cilium_ct6_global', 'cilium_ct_any6_global', 'cilium_snat_v4_external', 'cilium_snat_v6_external', 'cilium_vtep_map', 'cilium_l2_responder_v4', 'cilium_ratelimit',
];

/** Maps that exist on an IPv4-only, kube-proxy-free, natively routed node without encryption, egress gateway, SRv6, VTEP, maglev or the bandwidth manager. */
const ABSENT = new Set(['cilium_calls_overlay_2', 'cilium_calls_xdp', 'cilium_capture_cache', 'cilium_ktime_cache', 'cilium_capture4_rules', 'cilium_capture6_rules', 'cilium_nodeport_neigh6', 'cilium_node_map', 'cilium_lb6_source_range', 'cilium_lb4_maglev', 'cilium_lb6_maglev', 'cilium_lb6_health', 'cilium_lb6_reverse_sk', 'cilium_ipmasq_v4', 'cilium_ipmasq_v6', 'cilium_throttle', 'cilium_egress_gw_policy_v4', 'cilium_srv6_vrf_v4', 'cilium_srv6_vrf_v6', 'cilium_srv6_policy_v4', 'cilium_srv6_policy_v6', 'cilium_srv6_sid', 'cilium_lb4_backends_v2', 'cilium_lb4_backends', 'cilium_lb6_affinity', 'cilium_lb6_services_v2', 'cilium_lb6_backends_v2', 'cilium_lb6_backends_v3', 'cilium_lb6_backends', 'cilium_lb6_reverse_nat', 'cilium_ct6_global', 'cilium_ct_any6_global', 'cilium_snat_v6_external', 'cilium_vtep_map', 'cilium_l2_responder_v4']);

function bpftoolMapDump(c: Cluster, n: Node, name: string, s: Sizes): string | Buffer {
  const path = `/sys/fs/bpf/tc/globals/${name}`;
  if (ABSENT.has(name)) return `Error: bpf obj get (${path}): No such file or directory${errorTrailer(`bpftool map dump pinned ${path}`, 'exit status 255')}`;
  const r = rand(c, n, name.length * 131);
  let out = '';
  let count = 0;
  const add = (k: number[], v: number[]) => {
    out += bpftoolEntry(k, v);
    count++;
  };
  switch (name) {
    case 'cilium_ct4_global':
      return ctDump(ctTable(c, n, s), true);
    case 'cilium_ct_any4_global':
      return ctDump(ctTable(c, n, s), false);
    case 'cilium_snat_v4_external':
      return natRows(ctTable(c, n, s), n, true);
    case 'cilium_ipcache': {
      const o = new Out();
      const key = new Uint8Array(24);
      const value = new Uint8Array(12);
      const list = ipcacheOf(c, n, s);
      for (const a of list) {
        key[0] = a.ip === 0 ? 32 : 64;
        key[7] = 1;
        put32be(key, 8, a.ip);
        put32le(value, 0, a.identity);
        put32be(value, 4, a.host);
        o.entry(key, 24, value, 12);
      }
      return o.str(found(list.length)).done();
    }
    case 'cilium_lxc':
      n.endpoints.forEach((e, i) => add([...ipBytes(ipNum(e.ip)), ...new Array<number>(12).fill(0), 1, 0, 0, 0], [...u32le(8 + i * 2), 0, 0, ...u16le(e.id), 0, 0, 0, 0, 0, 0, 0, 0, ...Array.from({ length: 6 }, () => int(r, 0, 255)), 0, 0, ...Array.from({ length: 6 }, () => int(r, 0, 255)), 0, 0, ...u32le(e.identity), 0, 0, 0, 0, 0, 0, 0, 0]));
      break;
    case 'cilium_metrics':
      for (let reason = 0; reason < 40; reason++) {
        out += bpftoolPerCpuEntry([reason === 0 ? 0 : 130 + reason, reason % 2 ? 1 : 2, 0, 0, 0, 0, 0, 0], Array.from({ length: 4 }, () => [...u64le(int(r, 0, 9e6)), ...u64le(int(r, 0, 9e9))]));
        count++;
      }
      break;
    case 'cilium_call_policy':
      n.endpoints.forEach((e) => add(u32le(e.id), u32le(int(r, 1200, 9000))));
      break;
    case 'cilium_node_map_v2':
      c.nodes.forEach((d, i) => add([...ipBytes(ipNum(d.ip)), ...new Array<number>(12).fill(0), 1, 0, 0, 0], [...u16le(i + 1), 0, 0, 0, 0]));
      break;
    case 'cilium_lb4_services_v2':
      for (const svc of c.services) {
        for (let slot = 0; slot <= svc.backends.length; slot++) add([...ipBytes(ipNum(svc.ip)), ...u16be(svc.port), ...u16le(slot), 6, 0, 0, 0], [...u32le(slot === 0 ? 0 : svc.id * 4 + slot), ...u16le(slot === 0 ? svc.backends.length : 0), ...u16be(svc.id), 0, 0, 0, 0]);
      }
      break;
    case 'cilium_lb4_backends_v3':
      for (const svc of c.services) svc.backends.forEach((b, i) => add(u32le(svc.id * 4 + i + 1), [...ipBytes(ipNum(b.split(':')[0] as string)), ...u16be(Number(b.split(':')[1])), 6, 0, 0, 0, 0, 0]));
      break;
    case 'cilium_lb4_reverse_nat':
      for (const svc of c.services) add(u16be(svc.id), [...ipBytes(ipNum(svc.ip)), ...u16be(svc.port)]);
      break;
    case 'cilium_lb4_reverse_sk': {
      const t = ctTable(c, n, s);
      for (let i = 0; i < Math.min(t.count, 2000); i += 3) add([...ipBytes(t.src[i] as number), ...u64le(int(r, 1, 2 ** 40)).slice(0, 8), ...u16be(t.sport[i] as number), 0, 0], [...ipBytes(ipNum(pick(r, c.services).ip)), ...u16be(80), ...u16be(int(r, 1, 500))]);
      break;
    }
    case 'cilium_nodeport_neigh4':
      for (let i = 0; i < Math.min(64, c.nodes.length); i++) add(ipBytes(ipNum((c.nodes[i] as Node).ip)), [...Array.from({ length: 6 }, () => int(r, 0, 255)), 0, 0]);
      break;
    case 'cilium_runtime_config':
      for (let i = 0; i < 11; i++) add(u32le(i), u64le(i === 0 ? UPTIME * 1e3 : int(r, 0, 9e6)));
      break;
    case 'cilium_events':
    case 'cilium_signals':
      for (let cpu = 0; cpu < 4; cpu++) add(u32le(cpu), u32le(int(r, 10, 90)));
      break;
    case 'cilium_encrypt_state':
      add(u32le(0), [0, 0, 0, 0]);
      break;
    case 'cilium_ratelimit':
      for (let i = 0; i < 4; i++) add(u64le(i), [...u64le(UPTIME * 1e9), ...u64le(int(r, 0, 100))]);
      break;
    default:
      break;
  }
  return out + found(count);
}

/** `cilium-dbg bpf ipcache list`, `ip list -n -o json` and the ipcache part of `map list --verbose`. */
function ipcacheList(c: Cluster, n: Node, s: Sizes): string {
  return tabbed([['IP PREFIX/ADDRESS', 'IDENTITY'], ...ipcacheOf(c, n, s).map((a) => [prefixOf(a), ipcacheValueText(a)])]);
}

function ipListJson(c: Cluster, n: Node, s: Sizes): string {
  const list = ipcacheOf(c, n, s).map((a) => ({
    cidr: prefixOf(a),
    ...(a.host ? { hostIP: ipStr(a.host) } : {}),
    identity: a.identity,
    metadata: a.pod ? { name: a.pod, namespace: a.namespace as string, source: 'custom-resource' } : { source: a.identity === 2 ? 'generated' : 'custom-resource' },
  }));
  return `${JSON.stringify(list, null, 2)}\n`;
}

function mapListVerbose(c: Cluster, n: Node, s: Sizes): string {
  const out: string[] = [];
  const section = (name: string, rows: string[][] | null) => {
    out.push(`## Map: ${name}`);
    if (rows === null) out.push('Cache is disabled', '');
    else if (rows.length === 0) out.push('Cache is empty', '');
    else out.push(...table([['Key', 'Value', 'State', 'Error'], ...rows], 3));
    out.push('');
  };
  section('cilium_ipcache', ipcacheOf(c, n, s).map((a) => [prefixOf(a), ipcacheValueText(a), 'sync', '']));
  section('cilium_lxc', n.endpoints.map((e, i) => [`${e.ip}:0`, `id=${String(e.id).padEnd(5)} sec_id=${String(e.identity).padEnd(5)} flags=0x0000 ifindex=${String(8 + i * 2).padEnd(3)} mac=0a:58:0a:00:00:01 nodemac=0a:58:0a:00:00:02`, 'sync', '']));
  section('cilium_tunnel_map', []);
  section('cilium_lb4_services_v2', c.services.map((svc) => [`${svc.ip}:${svc.port} (0)`, `0 ${svc.backends.length} (${svc.id}) [0x0 0x0]`, 'sync', '']));
  section('cilium_lb4_backends_v3', c.services.flatMap((svc) => svc.backends.map((b, i) => [String(svc.id * 4 + i + 1), `TCP://${b}`, 'sync', ''])));
  section('cilium_lb4_reverse_nat', c.services.map((svc) => [String(svc.id), `${svc.ip}:${svc.port}`, 'sync', '']));
  for (const e of n.endpoints) section(`cilium_policy_${String(e.id).padStart(5, '0')}`, null);
  return `${out.join('\n')}\n`;
}

/** `cilium-dbg bpf policy get --all --numeric` (cilium-dbg/cmd/bpf_policy_get.go): one table per endpoint. */
function policyGetAll(c: Cluster, n: Node): string {
  const r = rand(c, n, 0x901);
  const ix = clusterIndex(c);
  const out: string[] = [];
  for (const e of n.endpoints) {
    out.push(`Endpoint ID: ${e.id}`, `Path: /sys/fs/bpf/tc/globals/cilium_policy_${String(e.id).padStart(5, '0')}`, '');
    const rows: string[][] = [['POLICY', 'DIRECTION', 'IDENTITY', 'PORT/PROTO', 'PROXY PORT', 'AUTH TYPE', 'BYTES', 'PACKETS', 'PREFIX']];
    rows.push(['Allow', 'Ingress', '1', 'ANY', 'NONE', 'disabled', String(int(r, 0, 9e8)), String(int(r, 0, 9e6)), '0']);
    rows.push(['Allow', 'Egress', '0', 'ANY', 'NONE', 'disabled', String(int(r, 0, 9e9)), String(int(r, 0, 9e7)), '0']);
    for (let k = 0; k < int(r, 6, 30); k++) {
      const id = pick(r, ix.identities).id;
      rows.push(['Allow', pick(r, ['Ingress', 'Ingress', 'Egress']), String(id), `${pick(r, APP_PORTS)}/${pick(r, ['TCP', 'TCP', 'UDP'])}`, pick(r, ['NONE', 'NONE', 'NONE', String(int(r, 10000, 20000))]), 'disabled', String(int(r, 0, 9e8)), String(int(r, 0, 9e6)), pick(r, ['16', '24', '0'])]);
    }
    out.push(...table(rows, 3), '', '');
  }
  return `${out.join('\n')}\n`;
}

function identityList(c: Cluster): string {
  const rows: string[][] = [['ID', 'LABELS', 'REFCOUNT']];
  for (const id of clusterIndex(c).identities) {
    id.labels.forEach((l, i) => rows.push(i === 0 ? [String(id.id), l, String((id.id * 7) % 23 + 1)] : ['', l]));
  }
  return tabbed(rows);
}

function lbList(c: Cluster, variant: 'svc' | 'revnat' | 'frontends' | 'backends' | 'source-ranges'): string {
  const rows: string[][] = [];
  switch (variant) {
    case 'svc':
      rows.push(['SERVICE ADDRESS', 'BACKEND ADDRESS (REVNAT_ID) (SLOT)']);
      for (const svc of c.services) {
        rows.push([`${svc.ip}:${svc.port} (0)`, `0.0.0.0:0 (${svc.id}) (0) [ClusterIP, non-routable]`]);
        svc.backends.forEach((b, i) => rows.push([`${svc.ip}:${svc.port} (${i + 1})`, `${b} (${svc.id}) (${i + 1})`]));
      }
      break;
    case 'revnat':
      rows.push(['ID', 'BACKEND ADDRESS (REVNAT_ID) (SLOT)']);
      for (const svc of c.services) rows.push([String(svc.id), `${svc.ip}:${svc.port}`]);
      break;
    case 'frontends':
      rows.push(['SERVICE ADDRESS', 'BACKEND ID']);
      for (const svc of c.services) rows.push([`${svc.ip}:${svc.port} (0)`, svc.backends.map((_, i) => String(svc.id * 4 + i + 1)).join(' ')]);
      break;
    case 'backends':
      rows.push(['ID', 'BACKEND ADDRESS (REVNAT_ID) (SLOT)']);
      for (const svc of c.services) svc.backends.forEach((b, i) => rows.push([String(svc.id * 4 + i + 1), `TCP://${b}`]));
      break;
    case 'source-ranges':
      rows.push(['SOURCE RANGE (REVNAT_ID)', '']);
      break;
  }
  return tabbed(rows);
}

function bpfEndpointList(n: Node): string {
  const rows: string[][] = [['IP ADDRESS', 'LOCAL ENDPOINT INFO']];
  rows.push([`${n.ip}:0`, '(localhost)']);
  rows.push([`${n.routerIp}:0`, '(localhost)']);
  n.endpoints.forEach((e, i) => rows.push([`${e.ip}:0`, `id=${String(e.id).padEnd(5)} sec_id=${String(e.identity).padEnd(5)} flags=0x0000 ifindex=${String(8 + i * 2).padEnd(3)} mac=0a:58:${HEX[i % 256]}:1e:4d:${HEX[(i * 7) % 256]} nodemac=0a:58:${HEX[(i * 3) % 256]}:aa:01:${HEX[(i * 11) % 256]}`]));
  return tabbed(rows);
}

function configAll(n: Node): string {
  const keys: [string, string][] = [
    ['AgentHealthPort', '9879'], ['AllowICMPFragNeeded', 'true'], ['AllowLocalhost', 'auto'], ['AnnotateK8sNode', 'false'], ['ArpPingRefreshPeriod', '30000000000'], ['AutoCreateCiliumNodeResource', 'true'],
    ['BPFCompileDebug', ''], ['BPFConntrackAccounting', 'false'], ['BPFMapEventBuffers', 'map[]'], ['BPFRoot', '/sys/fs/bpf'], ['BPFSocketLBHostnsOnly', 'false'], ['BpfDir', '/var/lib/cilium/bpf'],
    ['CGroupRoot', '/run/cilium/cgroupv2'], ['CTMapEntriesGlobalAny', '131072'], ['CTMapEntriesGlobalTCP', '262144'], ['CTMapEntriesTimeoutAny', '60000000000'], ['CTMapEntriesTimeoutFIN', '10000000000'], ['CTMapEntriesTimeoutSVCTCP', '21600000000000'], ['CTMapEntriesTimeoutSYN', '60000000000'], ['CTMapEntriesTimeoutTCP', '21600000000000'],
    ['ClusterID', '0'], ['ClusterName', 'default'], ['DatapathMode', 'veth'], ['Debug', 'false'], ['DirectRoutingSkipUnreachable', 'false'], ['DNSMaxIPsPerRestoredRule', '1000'], ['DNSPolicyUnloadOnShutdown', 'false'],
    ['EnableAutoDirectRouting', 'true'], ['EnableBPFMasquerade', 'false'], ['EnableBandwidthManager', 'false'], ['EnableEndpointRoutes', 'false'], ['EnableHealthChecking', 'true'], ['EnableHostFirewall', 'false'], ['EnableHostLegacyRouting', 'true'], ['EnableHubble', 'true'], ['EnableIPv4', 'true'], ['EnableIPv4Masquerade', 'true'], ['EnableIPv6', 'false'], ['EnableL7Proxy', 'true'], ['EnableNodePort', 'true'], ['EnableSocketLB', 'true'], ['EnableWireguard', 'false'],
    ['EndpointGCInterval', '300000000000'], ['IPAM', 'cluster-pool'], ['IPv4NativeRoutingCIDR', '10.0.0.0/8'], ['IPv4Range', n.cidr], ['IPv4ServiceRange', 'auto'], ['IdentityAllocationMode', 'crd'], ['KubeProxyReplacement', 'true'], ['LBMapEntries', '65536'], ['MTU', '9001'], ['MonitorAggregation', 'medium'], ['NodeEncryptionOptOutLabels', '[]'], ['PolicyMapEntries', '16384'], ['RoutingMode', 'native'], ['SockRevNatEntries', '131072'], ['TunnelProtocol', 'vxlan'],
  ];
  for (let i = 0; i < 90; i++) keys.push([`Option${String.fromCharCode(65 + (i % 26))}${i}`, pick(prng(i), ['true', 'false', '0', '', '[]', 'map[]', '30000000000'])]);
  keys.sort((a, b) => a[0].localeCompare(b[0]));
  const width = Math.max(...keys.map(([k]) => k.length));
  return `#### Read-write configurations\nConntrackAccounting               : Disabled\nConntrackLocal                    : Disabled\nDebug                             : Disabled\nDebugLB                           : Disabled\nDropNotification                  : Enabled\nMonitorAggregationLevel           : Medium\nPolicyAccounting                  : Enabled\nPolicyAuditMode                   : Disabled\nPolicyTracing                     : Disabled\nPolicyVerdictNotification         : Enabled\nSourceIPVerification              : Enabled\nTraceNotification                 : Enabled\nMonitorNumPages                   : 64\nPolicyEnforcement                 : default\n\n#### Read-only configurations\n${keys.map(([k, v]) => `${k.padEnd(width)} : ${v}`).join('\n')}\n`;
}

/** `cilium-dbg statedb dump`: the agent's StateDB tables as JSON (devices, routes, node addresses, health). */
function statedbDump(c: Cluster, n: Node, list: readonly Iface[]): string {
  const r = rand(c, n, 0x57a7);
  const devices = list.map((f) => ({ Index: f.index, MTU: 9001, Name: f.name, HardwareAddr: f.mac, Flags: 'up|broadcast|multicast|running', Addrs: f.ip ? [{ Addr: f.ip, Secondary: false, Scope: 0 }] : [], RawFlags: 69699, Type: f.kind === 'veth' ? 'veth' : f.kind === 'phys' ? 'device' : 'loopback', MasterIndex: 0, Selected: f.name === 'eth0' }));
  const routes = list.filter((f) => f.kind === 'veth').map((f, i) => ({ Table: 254, LinkIndex: f.index, Scope: 253, Dst: n.endpoints[i]?.ip ? `${n.endpoints[i]?.ip}/32` : `${n.routerIp}/32`, Src: '', Gw: '', Priority: 0 }));
  const health = Array.from({ length: 120 }, (_, i) => ({ ID: { Module: pick(r, ['agent.controlplane.endpoint-manager', 'agent.datapath.l2-responder', 'agent.controlplane.ipcache', 'agent.datapath.orchestrator', 'agent.infra.k8s-synced-crdsync']), Component: `job-${hexId(r, 6)}-${i}` }, Level: 'OK', Message: pick(r, ['OK', 'Running', 'Synchronized', 'Reconciled']), LastOK: `2024-05-13T14:1${int(r, 0, 4)}:${String(int(r, 0, 59)).padStart(2, '0')}.${hexId(r, 6)}Z`, Updated: '2024-05-13T14:15:01Z', Count: int(r, 1, 9000) }));
  return `${JSON.stringify({ devices, routes, 'node-addresses': [{ Addr: n.ip, NodePort: true, Primary: true, DeviceName: 'eth0' }], health, sysctl: [], 'bandwidth-qdiscs': [] }, null, 2)}\n`;
}

function cgroupsList(n: Node, r: Rand): string {
  return `${JSON.stringify(n.endpoints.map((e) => ({ CgroupId: int(r, 10000, 99999), CgroupPath: `/run/cilium/cgroupv2/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${hexId(r, 8)}_${hexId(r, 4)}_${hexId(r, 4)}_${hexId(r, 4)}_${hexId(r, 12)}.slice/cri-containerd-${hexId(r, 64)}.scope`, ContainerId: hexId(r, 64), PodName: e.pod, PodNamespace: e.namespace })), null, 2)}\n`;
}

function policySelectors(c: Cluster, r: Rand): string {
  const ix = clusterIndex(c);
  return `${JSON.stringify(
    Array.from({ length: 60 }, () => ({ identities: Array.from({ length: int(r, 1, 30) }, () => pick(r, ix.identities).id).sort((a, b) => a - b), labels: { 'policy-name': `allow-${hexId(r, 5)}`, 'policy-namespace': pick(r, ['default', 'shop', 'payments']) }, selector: `&LabelSelector{MatchLabels:map[string]string{any.app: ${pick(r, ['web', 'api', 'cart', 'checkout'])},k8s.io.kubernetes.pod.namespace: default,},MatchExpressions:[]LabelSelectorRequirement{},}`, users: int(r, 1, 9) })),
    null,
    2,
  )}\n`;
}

function fqdnCache(n: Node, r: Rand): string {
  const rows: string[][] = [['Endpoint', 'Source', 'FQDN', 'TTL', 'ExpirationTime', 'IPs']];
  for (let i = 0; i < 120; i++) rows.push([String(pick(r, n.endpoints)?.id ?? 1), pick(r, ['lookup', 'connection']), `${pick(r, ['api', 'www', 'storage', 'auth', 'metrics'])}.${pick(r, ['example.com', 'googleapis.com', 'amazonaws.com', 'github.com'])}.`, String(int(r, 30, 3600)), `2024-05-13T14:${String(int(r, 15, 59)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}.${int(r, 100, 999)}Z`, pick(r, EXTERNAL)]);
  return tabbed(rows);
}

function bpfMetricsList(r: Rand): string {
  const rows: string[][] = [['REASON', 'DIRECTION', 'PACKETS', 'BYTES', 'LINE', 'FILE']];
  rows.push(['Interface', 'INGRESS', String(int(r, 1e6, 9e8)), String(int(r, 1e9, 9e11)), '1115', 'bpf_host.c']);
  rows.push(['Interface', 'EGRESS', String(int(r, 1e6, 9e8)), String(int(r, 1e9, 9e11)), '1471', 'bpf_host.c']);
  rows.push(['Success', 'EGRESS', String(int(r, 1e6, 9e8)), String(int(r, 1e9, 9e11)), '1570', 'bpf_lxc.c']);
  rows.push(['Success', 'INGRESS', String(int(r, 1e6, 9e8)), String(int(r, 1e9, 9e11)), '2259', 'bpf_lxc.c']);
  rows.push(['Success', 'INGRESS', String(int(r, 1e6, 9e8)), String(int(r, 1e9, 9e11)), '86', 'l3.h']);
  rows.push(['Success', 'EGRESS', String(int(r, 1e6, 9e8)), String(int(r, 1e9, 9e11)), '1309', 'bpf_host.c']);
  return tabbed(rows);
}

function tcQdisc(list: readonly Iface[], stats: boolean, r: Rand): string {
  const out: string[] = [];
  for (const f of list) {
    out.push(f.kind === 'phys' ? `qdisc mq 0: dev ${f.name} root ` : `qdisc noqueue 0: dev ${f.name} root refcnt 2 `);
    if (stats) out.push(` Sent ${int(r, 0, 9e11)} bytes ${int(r, 0, 9e8)} pkt (dropped 0, overlimits 0 requeues ${int(r, 0, 99)}) `, ' backlog 0b 0p requeues 0');
    out.push(`qdisc clsact ffff: dev ${f.name} parent ffff:fff1 `);
    if (stats) out.push(` Sent ${int(r, 0, 9e11)} bytes ${int(r, 0, 9e8)} pkt (dropped 0, overlimits 0 requeues 0) `, ' backlog 0b 0p requeues 0');
  }
  return `${out.join('\n')}\n`;
}

function tcFilter(f: string, dir: 'ingress' | 'egress', r: Rand): string {
  if (f === 'lo' || (f === 'lxc_health' && dir === 'egress')) return '';
  const prog = f === 'eth0' ? (dir === 'ingress' ? 'cil_from_netdev' : 'cil_to_netdev') : f === 'cilium_host' ? (dir === 'ingress' ? 'cil_to_host' : 'cil_from_host') : f === 'cilium_net' ? 'cil_to_host' : 'cil_from_container';
  return `filter protocol all pref 1 bpf chain 0 \nfilter protocol all pref 1 bpf chain 0 handle 0x1 ${prog}-${f} direct-action not_in_hw id ${int(r, 1200, 9000)} name ${prog} tag ${hexId(r, 16)} jited \n`;
}

function ethtool(f: Iface, r: Rand): string {
  if (f.name === 'lo') return 'Settings for lo:\n\tLink detected: yes\n';
  if (f.kind === 'veth') return `Settings for ${f.name}:\n\tSupported ports: [  ]\n\tSupported link modes:   Not reported\n\tSupported pause frame use: No\n\tSupports auto-negotiation: No\n\tSupported FEC modes: Not reported\n\tAdvertised link modes:  Not reported\n\tAdvertised pause frame use: No\n\tAdvertised auto-negotiation: No\n\tAdvertised FEC modes: Not reported\n\tSpeed: 10000Mb/s\n\tDuplex: Full\n\tAuto-negotiation: off\n\tPort: Twisted Pair\n\tPHYAD: 0\n\tTransceiver: internal\n\tMDI-X: Unknown\n\tLink detected: yes\n`;
  return `Settings for ${f.name}:\n\tSupported ports: [  ]\n\tSupported link modes:   Not reported\n\tSupported pause frame use: No\n\tSupports auto-negotiation: No\n\tSupported FEC modes: Not reported\n\tAdvertised link modes:  Not reported\n\tAdvertised pause frame use: No\n\tAdvertised auto-negotiation: No\n\tAdvertised FEC modes: Not reported\n\tSpeed: Unknown!\n\tDuplex: Unknown! (255)\n\tAuto-negotiation: off\n\tPort: Other\n\tPHYAD: 0\n\tTransceiver: internal\n\tLink detected: yes\n\tCurrent message level: 0x${hexId(r, 8)} (${int(r, 1, 9999)})\n`;
}

function ethtoolInfo(f: Iface): string {
  if (f.name === 'lo') return `Cannot get driver information: Operation not supported${errorTrailer('ethtool -i lo', 'exit status 71')}`;
  return f.kind === 'veth'
    ? 'driver: veth\nversion: 1.0\nfirmware-version: \nexpansion-rom-version: \nbus-info: \nsupports-statistics: yes\nsupports-test: no\nsupports-eeprom-access: no\nsupports-register-dump: no\nsupports-priv-flags: no\n'
    : 'driver: ena\nversion: 6.1.0-18-cloud-amd64\nfirmware-version: \nexpansion-rom-version: \nbus-info: 0000:00:05.0\nsupports-statistics: yes\nsupports-test: no\nsupports-eeprom-access: no\nsupports-register-dump: no\nsupports-priv-flags: yes\n';
}

/** The debuginfo Markdown (cilium-dbg/cmd/debuginfo.go): status, then one section per endpoint with its model. */
function debuginfoMarkdown(c: Cluster, n: Node): string {
  const r = rand(c, n, 0xd3b);
  const out = ['# Cilium debug information', '', '#### Cilium version', '', '```', `${n.version} 1a2b3c4d 2024-05-01T10:11:12+00:00 go version go1.22.2 linux/amd64`, '```', '', '#### Kernel version', '', '```', '6.1.0-18-cloud-amd64', '```', '', '#### Endpoint list', ''];
  for (const e of n.endpoints) {
    out.push(`#### Endpoint Get ${e.id}`, '', '```', JSON.stringify([{ id: e.id, spec: { 'label-configuration': {}, options: { Conntrack: 'Enabled', ConntrackAccounting: 'Disabled', Debug: 'Disabled', DropNotification: 'Enabled', PolicyAuditMode: 'Disabled', TraceNotification: 'Enabled' } }, status: { 'external-identifiers': { 'cni-attachment-id': `${hexId(r, 64)}:eth0`, 'container-id': hexId(r, 64), 'container-name': 'app', 'k8s-namespace': e.namespace, 'k8s-pod-name': e.pod, 'pod-name': `${e.namespace}/${e.pod}` }, health: { bpf: 'OK', connected: true, overallHealth: 'OK', policy: 'OK' }, identity: { id: e.identity, labels: e.labels, 'labelsSHA256': hexId(r, 64) }, log: Array.from({ length: 4 }, (_, k) => ({ code: 'OK', message: pick(r, ['Successfully regenerated endpoint program (Reason: policy rules added)', 'Completed endpoint regeneration with no pending regeneration requests', 'Regenerating endpoint: one or more identities created or deleted']), state: 'ready', timestamp: `2024-05-1${k}T0${k}:${int(r, 10, 59)}:${int(r, 10, 59)}Z` })), networking: { addressing: [{ ipv4: e.ip }], 'host-mac': '0a:58:0a:00:00:01', 'interface-index': int(r, 8, 300), 'interface-name': lxcName(r), mac: '0a:58:0a:00:00:02' }, policy: { realized: { 'allowed-egress-identities': [0], 'allowed-ingress-identities': [1, e.identity], build: int(r, 1, 99), 'policy-enabled': 'none', 'policy-revision': int(r, 1, 99) }, 'proxy-statistics': [] }, realized: {}, state: 'ready' } }], null, 2), '```', '', `#### Identity get ${e.identity}`, '', '```', JSON.stringify({ id: e.identity, labels: e.labels, labelsSHA256: hexId(r, 64) }, null, 2), '```', '');
  }
  return `${out.join('\n')}\n`;
}

function gopsMemstats(r: Rand): string {
  const m = (n: number) => `${(n / 2 ** 20).toFixed(2)}MB (${n} bytes)`;
  return `alloc: ${m(int(r, 1e8, 4e8))}\ntotal-alloc: ${m(int(r, 1e11, 9e11))}\nsys: ${m(int(r, 3e8, 6e8))}\nlookups: 0\nmallocs: ${int(r, 1e9, 9e9)}\nfrees: ${int(r, 1e9, 9e9)}\nheap-alloc: ${m(int(r, 1e8, 4e8))}\nheap-sys: ${m(int(r, 3e8, 5e8))}\nheap-idle: ${m(int(r, 1e7, 2e8))}\nheap-in-use: ${m(int(r, 1e8, 4e8))}\nheap-released: ${m(int(r, 1e7, 2e8))}\nheap-objects: ${int(r, 1e6, 4e6)}\nstack-in-use: ${m(int(r, 1e7, 3e7))}\nstack-sys: ${m(int(r, 1e7, 3e7))}\nstack-mspan-inuse: ${m(int(r, 3e6, 6e6))}\nstack-mspan-sys: ${m(int(r, 6e6, 9e6))}\nstack-mcache-inuse: 9.38KB (9600 bytes)\nstack-mcache-sys: 15.23KB (15600 bytes)\nother-sys: ${m(int(r, 3e6, 6e6))}\ngc-sys: ${m(int(r, 1e7, 3e7))}\nnext-gc: when heap-alloc >= ${m(int(r, 2e8, 5e8))}\nlast-gc: 2024-05-13 14:15:0${int(r, 0, 2)}.${hexId(r, 6)} +0000 UTC\ngc-pause-total: ${goDuration(r() * 9e5)}\ngc-pause: ${int(r, 10000, 900000)}\ngc-pause-end: ${int(r, 1e18, 2e18)}\nnum-gc: ${int(r, 1e4, 9e4)}\nnum-forced-gc: 0\ngc-cpu-fraction: ${(r() * 0.01).toFixed(17)}\nenable-gc: true\ndebug-gc: false\n`;
}

/** A gzip member of pseudo-random bytes: a pprof profile is gzipped protobuf, which deflate cannot shrink. */
function pprof(r: Rand, bytes: number): Buffer {
  const body = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4) body.writeUInt32LE((r() * 2 ** 32) >>> 0, Math.min(i, bytes - 4));
  // gzip header (RFC 1952) + a stored-looking body: the bench never reads it, only stores and inflates it.
  return Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]), body]);
}

/**
 * The rest of one agent's bugtool folder. Per-interface commands (ethtool, tc filter/chain/class) are written for
 * the host interfaces only: bugtool runs them for every link, so a real node with 100 pods has 600 more small files
 * there; the issue's real sysdump had about 137 files per agent folder and the bench keeps close to it.
 */
function* agentExtras(c: Cluster, n: Node, s: Sizes, ts: string): Generator<[string, () => string | Buffer]> {
  const p = n.f.prefix;
  const list = ifaces(c, n);
  const host = list.filter((f) => HOST_IFACES.includes(f.name));
  const r = (salt: number) => rand(c, n, salt);
  const cmdDir = `/tmp/cilium-bugtool-${ts}.337+0000-UTC-2981451032/cmd`;
  yield ['cmd/cat--proc-net-xfrm_stat.md', () => xfrmStat()];
  yield ['cmd/ps-auxfw.md', () => psAuxfw(n, r(1))];
  yield ['cmd/ip-a.md', () => ipAddr(list, n)];
  yield ['cmd/ip--6-r.md', () => `fe80::/64 dev eth0 proto kernel metric 256 pref medium\n${list.filter((f) => f.kind === 'veth').map((f) => `fe80::/64 dev ${f.name} proto kernel metric 256 pref medium`).join('\n')}\n`];
  yield ['cmd/ip--d--s-l.md', () => ipLinkStats(list, r(2))];
  yield ['cmd/ip--4-n.md', () => `${c.nodes.slice(0, 60).map((d) => `${d.ip} dev eth0 lladdr 02:${hexId(r(3 + d.name.length), 2)}:${hexId(r(5), 2)}:aa:bb:cc ${pick(r(7), ['REACHABLE', 'STALE', 'DELAY'])}`).join('\n')}\n${n.endpoints.map((e) => `${e.ip} dev ${pick(r(8), list).name} lladdr 0a:58:0a:00:00:02 STALE`).join('\n')}\n`];
  yield ['cmd/ip--6-n.md', () => `fe80::1 dev eth0 lladdr 02:42:ac:11:00:01 router STALE\n`];
  yield ['cmd/ss--t--p--a--i--s--n--e.md', () => ssTcp(c, n, r(9))];
  yield ['cmd/ss--u--p--a--i--s--n--e.md', () => `Total: 1422\nTCP:   988 (estab 512, closed 301, orphaned 0, timewait 286)\n\nState  Recv-Q Send-Q Local Address:Port  Peer Address:Port Process\nUNCONN 0      0          127.0.0.1:${int(r(10), 30000, 45000)}       0.0.0.0:*     users:(("cilium-agent",pid=4127,fd=61)) ino:${int(r(11), 1e4, 9e6)} sk:1 cgroup:/kubepods.slice <->\nUNCONN 0      0            0.0.0.0:8472       0.0.0.0:*     ino:0 sk:2 cgroup:/ <->\n`];
  yield ['cmd/top--b--n-1.md', () => topOutput(n, r(12))];
  yield ['cmd/uptime.md', () => ' 14:15:02 up 12 days,  8:01,  0 users,  load average: 1.21, 1.07, 0.98\n'];
  yield ['cmd/dmesg---time-format=iso.md', () => dmesg(n, list, r(13))];
  yield ['cmd/sysctl--a.md', () => sysctl(n, list, r(14))];
  yield ['cmd/bpftool-map-show.md', () => bpftoolMapShow(n, r(15))];
  yield ['cmd/bpftool-prog-show.md', () => bpftoolProgShow(r(16), n.endpoints.length)];
  yield ['cmd/bpftool-net-show.md', () => `xdp:\n\ntc:\n${host.filter((f) => f.name !== 'lo').concat(list.filter((f) => f.kind === 'veth').slice(5)).map((f) => `${f.name}(${f.index}) tcx/ingress cil_from_container prog_id ${int(r(17 + f.index), 1200, 9000)} link_id ${f.index}`).join('\n')}\n\nflow_dissector:\n\nnetfilter:\n\n`];
  yield ['cmd/taskset--pc-1.md', () => "pid 1's current affinity list: 0-3\n"];
  yield ['cmd/iptables-save--c.md', () => iptablesSave(n, r(18), false)];
  yield ['cmd/ip6tables-save--c.md', () => iptablesSave(n, r(19), true)];
  yield ['cmd/iptables-nft-save--c.md', () => iptablesSave(n, r(18), false)];
  yield ['cmd/ip6tables-nft-save--c.md', () => iptablesSave(n, r(19), true)];
  yield ['cmd/iptables-legacy-save--c.md', () => ''];
  yield ['cmd/ip6tables-legacy-save--c.md', () => ''];
  yield ['cmd/ip--d-rule.md', () => '9:\tfrom all fwmark 0x200/0xf00 lookup 2004 proto kernel\n100:\tfrom all lookup local proto kernel\n32766:\tfrom all lookup main proto kernel\n32767:\tfrom all lookup default proto kernel\n'];
  yield ['cmd/ipset-list.md', () => `Name: cilium_node_set_v4\nType: hash:ip\nRevision: 6\nHeader: family inet hashsize 1024 maxelem 65536 bucketsize 12 initval 0x${hexId(r(20), 8)}\nSize in memory: ${int(r(21), 9000, 90000)}\nReferences: 1\nNumber of entries: ${c.nodes.length}\nMembers:\n${c.nodes.map((d) => d.ip).join('\n')}\n`];
  yield ['cmd/ip--s-xfrm-policy.md', () => ''];
  yield ['cmd/ip--s-xfrm-state.md', () => ''];
  yield ['cmd/gops-memstats-$(pidof-cilium-agent).md', () => gopsMemstats(r(22))];
  yield ['cmd/gops-stack-$(pidof-cilium-agent).md', () => gopsStack(r(23), s.goroutines)];
  yield ['cmd/gops-stats-$(pidof-cilium-agent).md', () => `goroutines: ${s.goroutines}\nOS threads: ${int(r(24), 30, 90)}\nGOMAXPROCS: 4\nnum CPU: 4\n`];
  yield ['cmd/ls--la--proc-$(pidof-cilium-agent)-fd.md', () => lsFd(r(25), n.endpoints.length)];
  yield ['cmd/lsmod.md', () => lsmod(r(26))];
  yield ['cmd/tc-qdisc-show.md', () => tcQdisc(list, false, r(27))];
  yield ['cmd/tc--d--s-qdisc-show.md', () => tcQdisc(list, true, r(28))];
  for (const m of BPF_MAPS_116) yield [`cmd/bpftool-map-dump-pinned--sys-fs-bpf-tc-globals-${m}.md`, () => bpftoolMapDump(c, n, m, s)];
  yield ['cmd/bpftool-cgroup-tree--run-cilium-cgroupv2.md', () => 'CgroupPath\nID       AttachType      AttachFlags     Name           \n/run/cilium/cgroupv2\n    1291     cgroup_inet4_connect                cil_sock4_connect\n    1287     cgroup_inet4_post_bind                cil_sock4_post_bind\n    1299     cgroup_udp4_sendmsg                cil_sock4_sendmsg\n    1295     cgroup_udp4_recvmsg                cil_sock4_recvmsg\n    1303     cgroup_inet4_getpeername                cil_sock4_getpeername\n'];
  yield ['cmd/cat--proc-sys-net-core-bpf_jit_enable.md', () => '1\n'];
  yield ['cmd/cat--proc-kallsyms.md', () => kallsyms(r(29), s.kallsyms, n.endpoints.length)];
  yield ['cmd/cat--proc-buddyinfo.md', () => `Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      2 \nNode 0, zone    DMA32 ${Array.from({ length: 11 }, () => String(int(r(30), 0, 3000)).padStart(6)).join(' ')} \nNode 0, zone   Normal ${Array.from({ length: 11 }, () => String(int(r(31), 0, 30000)).padStart(6)).join(' ')} \n`];
  yield ['cmd/cat--proc-pagetypeinfo.md', () => pagetypeinfo(r(32))];
  yield ['cmd/cat--etc-resolv.conf.md', () => 'domain ec2.internal\nsearch ec2.internal\nnameserver 10.20.0.2\n'];
  yield ['cmd/cat--proc-sys-kernel-random-boot_id.md', () => `${hexId(r(33), 8)}-${hexId(r(34), 4)}-4${hexId(r(35), 3)}-8${hexId(r(36), 3)}-${hexId(r(37), 12)}\n`];
  yield ['cmd/ip--4-route-show-table-2004.md', () => 'local default dev lo scope host \n'];
  yield ['cmd/ip--6-route-show-table-2004.md', () => ''];
  for (const f of host) {
    yield [`cmd/ethtool-${f.name}.md`, () => ethtool(f, r(38))];
    yield [`cmd/ethtool--i-${f.name}.md`, () => ethtoolInfo(f)];
  }
  for (const f of host) {
    yield [`cmd/tc-filter-show-dev-${f.name}-ingress.md`, () => tcFilter(f.name, 'ingress', r(39))];
    yield [`cmd/tc-filter-show-dev-${f.name}-egress.md`, () => tcFilter(f.name, 'egress', r(40))];
    yield [`cmd/tc-chain-show-dev-${f.name}.md`, () => (f.name === 'lo' ? '' : 'chain 0\n')];
    yield [`cmd/tc-class-show-dev-${f.name}.md`, () => ''];
  }
  yield [`cmd/${p}-debuginfo---output=markdown,json--f---output-directory=${cmdDir.replace(/\//g, '-')}.md`, () => `12:15:02 Writing to ${cmdDir}/cilium-debuginfo-${ts}.337+0000-UTC.md\n12:15:02 Writing to ${cmdDir}/cilium-debuginfo-${ts}.337+0000-UTC.json\n`];
  yield [`cmd/cilium-debuginfo-${ts}.337+0000-UTC.md`, () => debuginfoMarkdown(c, n)];
  yield [`cmd/${p}-bpf-metrics-list.md`, () => bpfMetricsList(r(41))];
  yield [`cmd/${p}-fqdn-cache-list.md`, () => fqdnCache(n, r(42))];
  yield [`cmd/${p}-config--a.md`, () => configAll(n)];
  yield [`cmd/${p}-encrypt-status.md`, () => 'Encryption: Disabled              \n'];
  yield [`cmd/${p}-bpf-auth-list.md`, () => 'No entries found.\n'];
  yield [`cmd/${p}-bpf-bandwidth-list.md`, () => 'No entries found.\n'];
  yield [`cmd/${p}-bpf-config-list.md`, () => tabbed([['KEY', 'VALUE'], ['UTimeOffset', String(UPTIME * 1e6)], ['AgentLiveness', String(UPTIME * 1e9)], ['SocketLBHostnsOnly', '0'], ['IPv4Masquerade', '1']])];
  yield [`cmd/${p}-bpf-tunnel-list.md`, () => tabbed([['TUNNEL', 'VALUE']])];
  yield [`cmd/${p}-bpf-lb-list.md`, () => lbList(c, 'svc')];
  yield [`cmd/${p}-bpf-lb-list---revnat.md`, () => lbList(c, 'revnat')];
  yield [`cmd/${p}-bpf-lb-list---frontends.md`, () => lbList(c, 'frontends')];
  yield [`cmd/${p}-bpf-lb-list---backends.md`, () => lbList(c, 'backends')];
  yield [`cmd/${p}-bpf-lb-list---source-ranges.md`, () => lbList(c, 'source-ranges')];
  yield [`cmd/${p}-bpf-lb-maglev-list.md`, () => `Unable to dump IPv4 maglev table: map cilium_lb4_maglev not found${errorTrailer(`${p} bpf lb maglev list`)}`];
  yield [`cmd/${p}-bpf-egress-list.md`, () => `Error: cannot open egress policy map: unable to get object /sys/fs/bpf/tc/globals/cilium_egress_gw_policy_v4: no such file or directory${errorTrailer(`${p} bpf egress list`)}`];
  yield [`cmd/${p}-bpf-vtep-list.md`, () => `Unable to open map: unable to get object /sys/fs/bpf/tc/globals/cilium_vtep_map: no such file or directory${errorTrailer(`${p} bpf vtep list`)}`];
  yield [`cmd/${p}-bpf-endpoint-list.md`, () => bpfEndpointList(n)];
  yield [`cmd/${p}-bpf-ct-list-global.md`, () => ctListText(ctTable(c, n, s))];
  yield [`cmd/${p}-bpf-nat-list.md`, () => natRows(ctTable(c, n, s), n, false)];
  yield [`cmd/${p}-bpf-ipmasq-list.md`, () => 'No entries found.\n'];
  yield [`cmd/${p}-bpf-ipcache-list.md`, () => ipcacheList(c, n, s)];
  yield [`cmd/${p}-bpf-policy-get---all---numeric.md`, () => policyGetAll(c, n)];
  yield [`cmd/${p}-bpf-sha-list.md`, () => tabbed([['Datapath SHA', 'Endpoint(s)'], [hexId(r(43), 64), n.endpoints.slice(0, 60).map((e) => String(e.id)).join('\n')], [hexId(r(44), 64), n.endpoints.slice(60).map((e) => String(e.id)).join(' ')]])];
  yield [`cmd/${p}-bpf-fs-show.md`, () => `MountID:          ${int(r(45), 900, 2000)}\nParentID:         ${int(r(46), 100, 900)}\nMounted State:    true\nMountPoint:       /sys/fs/bpf\nMountOptions:     rw,relatime\nOptionFields:     [master:11]\nFilesystemType:   bpf\nMountSource:      bpf\nSuperOptions:     rw,mode=700\n`];
  yield [`cmd/${p}-bpf-recorder-list.md`, () => `Unable to open map: unable to get object /sys/fs/bpf/tc/globals/cilium_capture4_rules: no such file or directory${errorTrailer(`${p} bpf recorder list`)}`];
  yield [`cmd/${p}-ip-list--n--o-json.md`, () => ipListJson(c, n, s)];
  yield [`cmd/${p}-map-list---verbose.md`, () => mapListVerbose(c, n, s)];
  for (const m of ['cilium_ipcache', 'cilium_tunnel_map', 'cilium_lb4_services_v2', 'cilium_lb4_backends_v2', 'cilium_lb4_backends_v3', 'cilium_lb6_services_v2', 'cilium_lb6_backends_v2', 'cilium_lb6_backends_v3', 'cilium_lxc']) {
    yield [`cmd/${p}-map-events-${m}--o-json.md`, () => `Error: event buffer not enabled for map "${m}" (see option --bpf-map-event-buffers)${errorTrailer(`${p} map events ${m} -o json`)}`];
  }
  yield [`cmd/${p}-recorder-list.md`, () => `Error: cannot get recorder list: [GET /recorder][501] getRecorderNotImplemented${errorTrailer(`${p} recorder list`)}`];
  yield [`cmd/${p}-identity-list.md`, () => identityList(c)];
  yield [`cmd/${p}-policy-get.md`, () => `${JSON.stringify(Array.from({ length: 12 }, (_, i) => ({ endpointSelector: { matchLabels: { 'any:app': ['web', 'api', 'cart', 'checkout'][i % 4], 'k8s:io.kubernetes.pod.namespace': 'default' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'any:app': 'frontend', 'k8s:io.kubernetes.pod.namespace': 'shop' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }], labels: [{ key: 'io.cilium.k8s.policy.derived-from', source: 'k8s', value: 'CiliumNetworkPolicy' }, { key: 'io.cilium.k8s.policy.name', source: 'k8s', value: `allow-${i}` }, { key: 'io.cilium.k8s.policy.namespace', source: 'k8s', value: 'default' }, { key: 'io.cilium.k8s.policy.uid', source: 'k8s', value: `${hexId(r(47 + i), 8)}-0000-4000-8000-${hexId(r(48), 12)}` }] })), null, 2)}\nRevision: 27\n`];
  yield [`cmd/${p}-policy-selectors--o-json.md`, () => policySelectors(c, r(49))];
  yield [`cmd/${p}-bpf-nodeid-list.md`, () => tabbed([['NODE ID', 'IP ADDRESSES', 'SPI'], ...c.nodes.filter((d) => d !== n).map((d, i) => [`0x${(i + 1).toString(16)}`, d.ip, '0'])])];
  yield [`cmd/${p}-lrp-list.md`, () => 'LRP namespace   LRP name   FrontendType   Matching Service\n'];
  yield [`cmd/${p}-cgroups-list--o-json.md`, () => cgroupsList(n, r(50))];
  yield [`cmd/${p}-statedb-dump.md`, () => statedbDump(c, n, list)];
  for (const b of ['bgp-peers', 'bgp-routes-available-ipv4-unicast', 'bgp-routes-available-ipv6-unicast', 'bgp-routes-advertised-ipv4-unicast', 'bgp-routes-advertised-ipv6-unicast', 'bgp-route-policies']) {
    yield [`cmd/${p}-${b}.md`, () => `Error: failed to get peers: [GET /bgp/peers][501] getBgpPeersDisabled  "BGP Control Plane disabled"${errorTrailer(`${p} ${b.replace(/-/g, ' ')}`)}`];
  }
  yield [`cmd/${p}-troubleshoot-kvstore.md`, () => 'kvstore is disabled\n'];
  yield [`cmd/${p}-troubleshoot-clustermesh.md`, () => 'Found 0 cluster configurations\n'];
  yield ['cmd/cat--u--proc-net-xfrm_stat.md', () => xfrmStat()];
}

function xfrmStat(): string {
  return ['XfrmInError', 'XfrmInBufferError', 'XfrmInHdrError', 'XfrmInNoStates', 'XfrmInStateProtoError', 'XfrmInStateModeError', 'XfrmInStateSeqError', 'XfrmInStateExpired', 'XfrmInStateMismatch', 'XfrmInStateInvalid', 'XfrmInTmplMismatch', 'XfrmInNoPols', 'XfrmInPolBlock', 'XfrmInPolError', 'XfrmOutError', 'XfrmOutBundleGenError', 'XfrmOutBundleCheckError', 'XfrmOutNoStates', 'XfrmOutStateProtoError', 'XfrmOutStateModeError', 'XfrmOutStateSeqError', 'XfrmOutStateExpired', 'XfrmOutPolBlock', 'XfrmOutPolDead', 'XfrmOutPolError', 'XfrmFwdHdrError', 'XfrmOutStateInvalid', 'XfrmAcquireError'].map((k) => `${k.padEnd(24)}\t0`).join('\n') + '\n';
}

function topOutput(n: Node, r: Rand): string {
  const out = [
    `top - 14:15:02 up 12 days,  8:01,  0 users,  load average: ${(r() * 3).toFixed(2)}, ${(r() * 3).toFixed(2)}, ${(r() * 3).toFixed(2)}`,
    `Tasks: ${int(r, 200, 400)} total,   1 running, ${int(r, 200, 400)} sleeping,   0 stopped,   0 zombie`,
    `%Cpu(s): ${(r() * 30).toFixed(1)} us,  ${(r() * 10).toFixed(1)} sy,  0.0 ni, ${(60 + r() * 30).toFixed(1)} id,  0.0 wa,  0.0 hi,  ${(r() * 2).toFixed(1)} si,  0.0 st `,
    `MiB Mem :  15577.6 total,   ${(r() * 4000).toFixed(1)} free,   ${(r() * 9000).toFixed(1)} used,   ${(r() * 6000).toFixed(1)} buff/cache     `,
    'MiB Swap:      0.0 total,      0.0 free,      0.0 used.   8123.4 avail Mem ',
    '',
    '    PID USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND',
  ];
  for (let i = 0; i < 60 + n.endpoints.length * 2; i++) out.push(`${String(int(r, 1, 4e6)).padStart(7)} ${pick(r, ['root    ', '65532   ', 'nobody  '])}  20   0 ${String(int(r, 1e3, 9e6)).padStart(7)} ${String(int(r, 1e3, 2e6)).padStart(6)} ${String(int(r, 1e3, 9e4)).padStart(6)} S ${(r() * 20).toFixed(1).padStart(5)} ${(r() * 5).toFixed(1).padStart(5)} ${int(r, 0, 999)}:${String(int(r, 0, 59)).padStart(2, '0')}.${String(int(r, 0, 99)).padStart(2, '0')} ${pick(r, ['cilium-agent', 'kubelet', 'containerd', 'containerd-shim', 'pause', 'java', 'node', 'nginx', 'python3', 'postgres', 'cilium-envoy', 'coredns'])}`);
  return `${out.join('\n')}\n`;
}

function bpftoolMapShow(n: Node, r: Rand): string {
  const out: string[] = [];
  let id = 10;
  const show = (type: string, name: string, key: number, value: number, max: number) => {
    id += int(r, 1, 5);
    out.push(`${id}: ${type}  name ${name.slice(0, 15)}  flags 0x${pick(r, ['0', '1', '9'])}`);
    out.push(`\tkey ${key}B  value ${value}B  max_entries ${max}  memlock ${int(r, 1, 9000) * 4096}B`);
    out.push(`\tpinned /sys/fs/bpf/tc/globals/${name}`);
  };
  for (const m of BPF_MAPS_116) if (!ABSENT.has(m)) show(pick(r, ['hash', 'lru_hash', 'lpm_trie', 'percpu_hash', 'prog_array']), m, int(r, 4, 24), int(r, 4, 56), pick(r, [65536, 262144, 131072, 512000, 16384]));
  for (const e of n.endpoints) {
    show('hash', `cilium_policy_${String(e.id).padStart(5, '0')}`, 8, 24, 16384);
    show('prog_array', `cilium_calls_${String(e.id).padStart(5, '0')}`, 4, 4, 50);
  }
  return `${out.join('\n')}\n`;
}

function lsFd(r: Rand, endpoints: number): string {
  const out = [`total 0`, 'dr-x------ 2 root root 500 May 13 14:15 .', 'dr-xr-xr-x 9 root root   0 May  1 08:01 ..'];
  for (let i = 0; i < 200 + endpoints * 3; i++) out.push(`l${pick(r, ['rwx', 'r-x', '-wx'])}------ 1 root root 64 May 13 14:15 ${i} -> ${pick(r, [`socket:[${int(r, 1e4, 9e7)}]`, 'anon_inode:bpf-map', 'anon_inode:bpf-prog', `anon_inode:[eventpoll]`, `pipe:[${int(r, 1e4, 9e7)}]`, '/dev/null', `anon_inode:bpf_link`])}`);
  return `${out.join('\n')}\n`;
}

function lsmod(r: Rand): string {
  const mods = ['xt_socket', 'nf_socket_ipv4', 'nf_socket_ipv6', 'xt_mark', 'xt_CT', 'xt_TPROXY', 'nf_tproxy_ipv6', 'nf_tproxy_ipv4', 'ip6table_filter', 'ip6table_raw', 'ip6table_mangle', 'ip6_tables', 'iptable_raw', 'iptable_mangle', 'xt_comment', 'xt_set', 'ip_set_hash_ip', 'ip_set', 'nft_compat', 'nf_tables', 'nfnetlink', 'overlay', 'br_netfilter', 'bridge', 'stp', 'llc', 'nf_conntrack', 'nf_defrag_ipv6', 'nf_defrag_ipv4', 'libcrc32c', 'sch_fq_codel', 'ena', 'nvme', 'nvme_core', 'crc32_pclmul', 'ghash_clmulni_intel', 'aesni_intel', 'crypto_simd', 'cryptd', 'ext4', 'mbcache', 'jbd2', 'vxlan', 'ip6_udp_tunnel', 'udp_tunnel', 'tls', 'cls_bpf', 'sch_ingress'];
  return `Module                  Size  Used by\n${mods.map((m) => `${m.padEnd(24)}${String(int(r, 4096, 400000)).padStart(6)}  ${int(r, 0, 9)} ${r() < 0.4 ? pick(r, mods) : ''}`).join('\n')}\n`;
}

function pagetypeinfo(r: Rand): string {
  const out = ['Page block order: 9', 'Pages per block:  512', '', 'Free pages count per migrate type at order       0      1      2      3      4      5      6      7      8      9     10 '];
  for (const zone of ['DMA', 'DMA32', 'Normal']) for (const t of ['Unmovable', 'Movable', 'Reclaimable', 'HighAtomic', 'Isolate']) out.push(`Node    0, zone ${zone.padStart(8)}, type ${t.padStart(12)} ${Array.from({ length: 11 }, () => String(int(r, 0, 9000)).padStart(6)).join(' ')} `);
  return `${out.join('\n')}\n`;
}

/**
 * An agent's container log as a 1.16 agent writes it in steady state: logrus text (`time=… level=… msg=…` with
 * the endpoint and identity fields of pkg/endpoint, daemon/cmd/endpoint.go, pkg/allocator), after the kubelet
 * timestamp; the startup's option dump first. The faults of the scenario (error lines) are kept.
 */
export function realisticAgentLog(c: Cluster, n: Node, s: Sizes, previous: boolean): Buffer {
  const r = rand(c, n, previous ? 0x9e5 : 0x10c);
  const out = new Out();
  let t = Date.parse(previous ? '2024-05-13T11:02:41Z' : '2024-05-13T13:58:20Z') * 1000;
  const stamps = () => {
    t += int(r, 50, 1_400_000);
    const ms = Math.floor(t / 1000);
    const iso = new Date(ms).toISOString();
    return [`${iso.slice(0, 19)}.${String(ms % 1000).padStart(3, '0')}${String(t % 1000).padStart(3, '0')}${String(int(r, 0, 999)).padStart(3, '0')}Z`, `${iso.slice(0, 19)}Z`] as const;
  };
  const line = (level: string, msg: string, fields: string) => {
    const [kubelet, time] = stamps();
    out.str(`${kubelet} time="${time}" level=${level} msg="${msg}"${fields ? ` ${fields}` : ''}\n`);
  };
  for (const [k, v] of [['agent-health-port', '9879'], ['allocator-list-timeout', '3m0s'], ['bpf-ct-global-any-max', '262144'], ['bpf-ct-global-tcp-max', '524288'], ['bpf-lb-map-max', '65536'], ['cluster-name', c.s.clusterName], ['cluster-pool-ipv4-cidr', '10.0.0.0/8'], ['enable-health-checking', 'true'], ['enable-hubble', 'true'], ['enable-ipv4', 'true'], ['enable-l7-proxy', 'true'], ['ipam', c.s.ipam], ['kube-proxy-replacement', 'true'], ['routing-mode', c.s.routing], ['tunnel-protocol', 'vxlan']]) line('info', `  --${k}='${v}'`, 'subsys=daemon');
  for (let i = 0; i < 260; i++) line('info', `  --option-${hexId(r, 6)}='${pick(r, ['true', 'false', '0', '', '10s', '/var/run/cilium'])}'`, 'subsys=daemon');
  line('info', `Cilium ${n.version} 1a2b3c4d 2024-05-01T10:11:12+00:00 go version go1.22.2 linux/amd64`, 'subsys=daemon');
  const eps = n.endpoints.length > 0 ? n.endpoints : [{ id: 1, identity: 4, ip: n.healthIp, namespace: 'kube-system', pod: 'health', labels: [] as string[] }];
  const errorsEvery = n.logErrors > 0 && !previous ? Math.max(1, Math.floor(s.agentLogLines / n.logErrors)) : 0;
  for (let i = 0; i < s.agentLogLines; i++) {
    // Pods come and go over the log's days: most lines name a pod that is gone by collection time, with its own
    // ReplicaSet hash, address and endpoint id.
    const live = pick(r, eps);
    const e = r() < 0.3 ? live : { ...live, id: int(r, 100, 4000), pod: `${live.pod.replace(/-.*$/, '')}-${hexId(r, 9)}-${hexId(r, 5)}`, ip: `${n.cidr.replace(/\.0\/\d+$/, '')}.${int(r, 2, 254)}` };
    const cid = hexId(r, 10);
    const pod = `${e.namespace}/${e.pod}`;
    const ep = `ciliumEndpointName=${pod} containerID=${cid} containerInterface=eth0 datapathPolicyRevision=${int(r, 1, 40)} desiredPolicyRevision=${int(r, 1, 40)} endpointID=${e.id} identity=${e.identity} ipv4=${e.ip} ipv6= k8sPodName=${pod}`;
    const k = r();
    if (k < 0.14) line('info', 'Rewrote endpoint BPF program', `${ep} subsys=endpoint`);
    else if (k < 0.24) line('info', 'Completed endpoint regeneration with no pending regeneration requests', `${ep} subsys=endpoint`);
    else if (k < 0.46) line('info', 'Create endpoint request', `addressing="&{${e.ip} ${hexId(r, 8)}-${hexId(r, 4)}-${hexId(r, 4)}-${hexId(r, 4)}-${hexId(r, 12)} default   }" containerID=${hexId(r, 64)} datapathConfiguration="&{false false false false false <nil>}" interface=lxc${hexId(r, 12)} k8sPodName=${pod} labels="[]" subsys=daemon sync-build=true`);
    else if (k < 0.49) line('info', 'New endpoint', `${ep} subsys=endpoint`);
    else if (k < 0.52) line('info', 'Resolving identity labels (blocking)', `${ep} identityLabels="${e.labels.join(',')}" subsys=endpoint`);
    else if (k < 0.55) line('info', 'Reusing existing global key', `key="${e.labels.map((l) => `${l.replace(/^k8s:/, 'k8s:')};`).join('')}" subsys=allocator`);
    else if (k < 0.58) line('info', 'Identity of endpoint changed', `${ep} identityLabels="${e.labels.join(',')}" newIdentity=${e.identity} oldIdentity="no identity" subsys=endpoint`);
    else if (k < 0.61) line('info', 'Waiting for endpoint to be generated', `${ep} subsys=endpoint`);
    else if (k < 0.65) line('info', 'Successful endpoint creation', `${ep} subsys=daemon`);
    else if (k < 0.80) line('info', 'Delete endpoint request', `containerID=${hexId(r, 64)} endpointID=${e.id} k8sNamespace=${e.namespace} k8sPodName=${e.pod} subsys=daemon`);
    else if (k < 0.84) line('info', 'Removed endpoint', `${ep} subsys=endpoint`);
    else if (k < 0.87) line('info', 'Releasing key', `key="[k8s:app=${e.pod.replace(/-.*/, '')} k8s:io.kubernetes.pod.namespace=${e.namespace}]" subsys=allocator`);
    else if (k < 0.89) line('info', 'Conntrack garbage collector interval recalculated', `expectedPrevInterval=${int(r, 1, 15)}m${int(r, 0, 59)}s newInterval=${int(r, 1, 15)}m${int(r, 0, 59)}s subsys=map-ct`);
    else if (k < 0.91) line('info', 'Policy imported via API, recalculating...', `policyAddRequest=${hexId(r, 8)}-${hexId(r, 4)}-${hexId(r, 4)}-${hexId(r, 4)}-${hexId(r, 12)} policyRevision=${int(r, 2, 400)} subsys=daemon`);
    else if (k < 0.93) line('info', 'Allocated new global key', `key="k8s:app=${pick(r, ['api', 'worker', 'cron'])}-${hexId(r, 5)};k8s:io.kubernetes.pod.namespace=${e.namespace};" subsys=allocator`);
    else if (k < 0.975) line('info', 'Invalid state transition skipped', `${ep} endpointState.from=waiting-for-identity endpointState.to=waiting-to-regenerate file=/go/src/github.com/cilium/cilium/pkg/endpoint/policy.go line=${int(r, 500, 700)} subsys=endpoint`);
    else line('warning', 'UpdateIdentities: Skipping Delete of a non-existing identity', `identity=${int(r, 10000, 65000)} subsys=policy`);
    if (errorsEvery && i > 0 && i % errorsEvery === 0) {
      // The log-errors fault's line, as the shared generator writes it (scripts/lib/render-k8s.ts agentLog).
      const peer = c.nodes[(i % (c.nodes.length - 1)) + 1] ?? n;
      const err = `Put "https://10.96.0.1:443/apis/cilium.io/v2/ciliumnodes/${peer.name}": context deadline exceeded`;
      line('error', 'Unable to update CiliumNode resource, will retry', `error="${err.replace(/"/g, '\\"')}" subsys=nodediscovery`);
    }
  }
  return out.done();
}

/** The init containers of the agent DaemonSet (install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml, 1.16) and what they print. */
function initLogs(): [string, string][] {
  const at = '2024-05-01T08:01:';
  return [
    ['config', `${at}02.118822081Z Running\n${at}02.120001003Z time="2024-05-01T08:01:02Z" level=info msg=Invoked duration=1.342819ms function="cmd.glob..func36 (cmd/build-config.go:32)" subsys=hive\n${at}02.120931201Z time="2024-05-01T08:01:02Z" level=info msg=Starting subsys=hive\n${at}02.121944022Z time="2024-05-01T08:01:02Z" level=info msg="Establishing connection to apiserver" host="https://10.96.0.1:443" subsys=k8s-client\n${at}02.188003418Z time="2024-05-01T08:01:02Z" level=info msg="Connected to apiserver" subsys=k8s-client\n${at}02.201180922Z time="2024-05-01T08:01:02Z" level=info msg="Reading configuration from config-map:kube-system/cilium-config" configSource="config-map:kube-system/cilium-config" subsys=option-resolver\n${at}02.210118301Z time="2024-05-01T08:01:02Z" level=info msg="Got 131 config pairs from source" configSource="config-map:kube-system/cilium-config" subsys=option-resolver\n${at}02.210992015Z time="2024-05-01T08:01:02Z" level=info msg="Reading configuration from cilium-node-config:kube-system/" configSource="cilium-node-config:kube-system/" subsys=option-resolver\n${at}02.221001981Z time="2024-05-01T08:01:02Z" level=info msg="Got 0 config pairs from source" configSource="cilium-node-config:kube-system/" subsys=option-resolver\n`],
    ['mount-cgroup', `${at}03.401120932Z time="2024-05-01T08:01:03Z" level=info msg="Mounted cgroupv2 filesystem at /run/cilium/cgroupv2" subsys=cgroups\n`],
    ['apply-sysctl-overwrites', `${at}04.002211092Z sysctl: setting key "net.ipv4.conf.all.rp_filter": 0\n${at}04.002911233Z sysctl: setting key "net.ipv4.conf.default.rp_filter": 0\n${at}04.003102811Z sysctl: setting key "kernel.timer_migration": 0\n`],
    ['mount-bpf-fs', `${at}04.881201992Z none on /sys/fs/bpf type bpf (rw,nosuid,nodev,noexec,relatime,mode=700)\n`],
    ['clean-cilium-state', `${at}05.401991201Z Removed /var/run/cilium/state/health-endpoint.pid\n`],
    ['install-cni-binaries', `${at}06.001281993Z Installing cilium-cni to /host/opt/cni/bin/ ...\n${at}06.112992011Z wrote /host/opt/cni/bin/cilium-cni\n`],
  ];
}

function operatorLog(c: Cluster, s: Sizes): string {
  const r = prng(c.s.seed ^ 0x09e);
  const lines: string[] = [];
  let t = Date.parse('2024-05-01T08:00:30Z') * 1000;
  const count = s.operatorLinesPerNode * c.nodes.length;
  for (let i = 0; i < count; i++) {
    t += int(r, 1000, 90_000_000);
    const ms = Math.floor(t / 1000);
    const iso = new Date(ms).toISOString();
    const time = `${iso.slice(0, 19)}Z`;
    const node = pick(r, c.nodes);
    const k = r();
    const body =
      k < 0.35
        ? `level=info msg="Updating CiliumNode" nodeName=${node.name} subsys=ipam-allocator-clusterpool`
        : k < 0.6
          ? `level=info msg="Garbage collected status of CiliumEndpoint" ciliumEndpointName=${node.endpoints.length ? pick(r, node.endpoints).pod : "x"} k8sNamespace=default subsys=cep-gc`
          : k < 0.8
            ? `level=info msg="Starting GC of identities" subsys=identity-gc`
            : k < 0.95
              ? `level=info msg="Identity garbage collection completed" identities-deleted=${int(r, 0, 40)} identities-marked=${int(r, 0, 40)} subsys=identity-gc`
              : `level=warning msg="Unable to synchronize CiliumNode" error="Operation cannot be fulfilled on ciliumnodes.cilium.io \\"${node.name}\\": the object has been modified; please apply your changes to the latest version and try again" nodeName=${node.name} subsys=ipam-allocator-clusterpool`;
    lines.push(`${iso.slice(0, 19)}.${String(ms % 1000).padStart(3, '0')}${String(t % 1000).padStart(3, '0')}${String(int(r, 0, 999)).padStart(3, '0')}Z time="${time}" ${body}`);
  }
  return `${lines.join('\n')}\n`;
}

function eventsYaml(c: Cluster, s: Sizes): { yaml: string; html: string } {
  const r = prng(c.s.seed ^ 0xe7e);
  const items: string[] = [];
  const rows: string[] = [];
  const count = s.eventsPerNode * c.nodes.length;
  for (let i = 0; i < count; i++) {
    const n = pick(r, c.nodes);
    const e = n.endpoints.length ? pick(r, n.endpoints) : null;
    const [reason, type, message, kind] = pick(r, [
      ['Scheduled', 'Normal', `Successfully assigned ${e?.namespace}/${e?.pod} to ${n.name}`, 'Pod'],
      ['Pulled', 'Normal', `Container image "registry.example/app:1.${int(r, 0, 40)}" already present on machine`, 'Pod'],
      ['Created', 'Normal', 'Created container app', 'Pod'],
      ['Started', 'Normal', 'Started container app', 'Pod'],
      ['Unhealthy', 'Warning', `Readiness probe failed: Get "http://${e?.ip}:8080/healthz": dial tcp ${e?.ip}:8080: connect: connection refused`, 'Pod'],
      ['BackOff', 'Warning', 'Back-off restarting failed container app in pod', 'Pod'],
      ['NodeHasSufficientMemory', 'Normal', `Node ${n.name} status is now: NodeHasSufficientMemory`, 'Node'],
    ] as const);
    const name = kind === 'Node' ? n.name : (e?.pod ?? n.name);
    const ns = kind === 'Node' ? 'default' : (e?.namespace ?? 'default');
    const uid = `${hexId(r, 8)}-${hexId(r, 4)}-4${hexId(r, 3)}-8${hexId(r, 3)}-${hexId(r, 12)}`;
    const stamp = `2024-05-13T${String(13 + (i % 2)).padStart(2, '0')}:${String(int(r, 15, 59)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}Z`;
    items.push(
      `- apiVersion: v1\n  count: ${int(r, 1, 40)}\n  eventTime: null\n  firstTimestamp: "${stamp}"\n  involvedObject:\n    apiVersion: v1\n    kind: ${kind}\n    name: ${name}\n    namespace: ${ns}\n    resourceVersion: "${int(r, 1e6, 9e7)}"\n    uid: ${uid}\n  kind: Event\n  lastTimestamp: "${stamp}"\n  message: '${message.replace(/'/g, "''")}'\n  metadata:\n    creationTimestamp: "${stamp}"\n    name: ${name}.${hexId(r, 16)}\n    namespace: ${ns}\n    resourceVersion: "${int(r, 1e6, 9e7)}"\n    uid: ${hexId(r, 8)}-${hexId(r, 4)}-4${hexId(r, 3)}-8${hexId(r, 3)}-${hexId(r, 12)}\n  reason: ${reason}\n  reportingComponent: ${kind === 'Node' ? 'kubelet' : 'default-scheduler'}\n  reportingInstance: ""\n  source:\n    component: kubelet\n    host: ${n.name}\n  type: ${type}`,
    );
    rows.push(`<tr><td>${stamp}</td><td>${type}</td><td>${reason}</td><td>${kind}/${name}</td><td>${ns}</td><td>${message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')}</td></tr>`);
  }
  return {
    yaml: `apiVersion: v1\nitems:\n${items.join('\n')}\nkind: EventList\nmetadata:\n  resourceVersion: "98765432"\n`,
    html: `<html><head><title>Kubernetes Events</title></head><body><table><tr><th>Last Seen</th><th>Type</th><th>Reason</th><th>Object</th><th>Namespace</th><th>Message</th></tr>\n${rows.join('\n')}\n</table></body></html>\n`,
  };
}

function leasesYaml(c: Cluster): string {
  const items = c.nodes.map((n, i) => `- apiVersion: coordination.k8s.io/v1\n  kind: Lease\n  metadata:\n    creationTimestamp: "2024-05-01T08:00:00Z"\n    name: ${n.name}\n    namespace: kube-node-lease\n    ownerReferences:\n    - apiVersion: v1\n      kind: Node\n      name: ${n.name}\n      uid: ${hexId(prng(i), 8)}-0000-4000-8000-${hexId(prng(i + 1), 12)}\n    resourceVersion: "${9_000_000 + i * 37}"\n    uid: ${hexId(prng(i + 2), 8)}-0000-4000-8000-${hexId(prng(i + 3), 12)}\n  spec:\n    holderIdentity: ${n.name}\n    leaseDurationSeconds: 40\n    renewTime: "2024-05-13T14:14:${String(10 + (i % 50)).padStart(2, '0')}.${String(100000 + ((i * 7919) % 899999))}Z"`);
  return `apiVersion: v1\nitems:\n${items.join('\n')}\nkind: List\nmetadata:\n  resourceVersion: ""\n`;
}

/** The apiserver's `/metrics` text (`k8s-metrics-<ts>.yaml`, despite the name): histograms per resource and verb. */
function apiserverMetrics(c: Cluster): string {
  const r = prng(c.s.seed ^ 0x3e7);
  const out: string[] = [];
  const resources = ['pods', 'nodes', 'services', 'endpoints', 'endpointslices', 'configmaps', 'secrets', 'leases', 'events', 'ciliumnodes', 'ciliumendpoints', 'ciliumidentities', 'ciliumnetworkpolicies', 'deployments', 'replicasets', 'daemonsets', 'namespaces', 'serviceaccounts'];
  out.push('# HELP apiserver_request_duration_seconds [STABLE] Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.', '# TYPE apiserver_request_duration_seconds histogram');
  for (const res of resources) {
    for (const verb of ['GET', 'LIST', 'WATCH', 'PATCH', 'UPDATE', 'CREATE', 'DELETE']) {
      let cum = 0;
      for (const le of ['0.005', '0.025', '0.05', '0.1', '0.2', '0.4', '0.6', '0.8', '1', '1.25', '1.5', '2', '3', '4', '5', '6', '8', '10', '15', '20', '30', '45', '60', '+Inf']) {
        cum += int(r, 0, 90000);
        out.push(`apiserver_request_duration_seconds_bucket{component="apiserver",dry_run="",group="${res.startsWith('cilium') ? 'cilium.io' : ''}",resource="${res}",scope="${pick(r, ['cluster', 'namespace', 'resource'])}",subresource="",verb="${verb}",version="${res.startsWith('cilium') ? 'v2' : 'v1'}",le="${le}"} ${cum}`);
      }
      out.push(`apiserver_request_duration_seconds_sum{component="apiserver",dry_run="",group="",resource="${res}",scope="cluster",subresource="",verb="${verb}",version="v1"} ${(r() * 1e5).toFixed(6)}`);
      out.push(`apiserver_request_duration_seconds_count{component="apiserver",dry_run="",group="",resource="${res}",scope="cluster",subresource="",verb="${verb}",version="v1"} ${cum}`);
    }
  }
  for (let i = 0; i < c.nodes.length * 4; i++) out.push(`apiserver_watch_cache_events_dispatched_total{resource="${pick(r, resources)}",node="${pick(r, c.nodes).name}"} ${int(r, 0, 9e7)}`);
  return `${out.join('\n')}\n`;
}

/**
 * The scale profile's bundle: the shared layout, with each agent's log made realistic, the rest of its bugtool
 * folder after its own outputs, its other root files after its logs, and the cluster-level extras at the root.
 */
export function* realisticLayout(c: Cluster, base: Iterable<LazyFile>, s: Sizes = DEFAULT_SIZES): Generator<LazyFile> {
  const ts = c.s.timestamp;
  const seen = new Set<string>();
  let current: Node | null = null;
  let rootDone = false;
  const file = (path: string, render: () => string, bytes?: () => Buffer): LazyFile => (bytes ? { path, render, bytes } : { path, render });
  function* closeAgent(n: Node): Generator<LazyFile> {
    const folder = `cilium-bugtool-${n.pod}-${ts}`;
    for (const [inner, make] of agentExtras(c, n, s, ts)) {
      const path = `${folder}/${inner}`;
      if (seen.has(path)) continue;
      const bytes = () => {
        const v = make();
        return typeof v === 'string' ? Buffer.from(v) : v;
      };
      yield { path, render: () => bytes().toString('utf8'), bytes, agent: { node: n, inner } };
    }
  }
  function* agentRoot(n: Node): Generator<LazyFile> {
    const r = rand(c, n, 0x9f0);
    for (const [ctr, text] of initLogs()) yield file(`logs-${n.pod}-${ctr}-${ts}.log`, () => text);
    yield file(`gops-${n.pod}-cilium-agent-${ts}-memstats.txt`, () => gopsMemstats(r));
    yield file(`gops-${n.pod}-cilium-agent-${ts}-stack.txt`, () => gopsStack(rand(c, n, 0x9f1), s.goroutines));
    yield file(`gops-${n.pod}-cilium-agent-${ts}-stats.txt`, () => `goroutines: ${s.goroutines}\nOS threads: 52\nGOMAXPROCS: 4\nnum CPU: 4\n`);
    yield file(`cniconf-05-cilium.conflist-${n.pod}-${ts}.txt`, () => '{\n  "cniVersion": "0.3.1",\n  "name": "cilium",\n  "plugins": [\n    {\n       "type": "cilium-cni",\n       "enable-debug": false,\n       "log-file": "/var/run/cilium/cilium-cni.log"\n    }\n  ]\n}\n');
    yield file(`hubble-observe-${n.pod}-${ts}.log`, () => '');
    yield file(`${n.pod}-pprof-heap-${ts}.pprof`, () => '', () => pprof(rand(c, n, 0x9f2), 140_000));
    yield file(`${n.pod}-pprof-cpu-${ts}.pprof`, () => '', () => pprof(rand(c, n, 0x9f3), 60_000));
  }
  function* clusterExtras(): Generator<LazyFile> {
    let events: { yaml: string; html: string } | null = null;
    const ev = () => (events ??= eventsYaml(c, s));
    yield file(`k8s-events-${ts}.yaml`, () => ev().yaml);
    yield file(`k8s-events-${ts}.html`, () => {
      const html = ev().html;
      events = null;
      return html;
    });
    yield file(`k8s-leases-${ts}.yaml`, () => leasesYaml(c));
    yield file(`k8s-metrics-${ts}.yaml`, () => apiserverMetrics(c));
    for (const kind of ['networkpolicies', 'endpoints']) yield file(`k8s-${kind}-${ts}.yaml`, () => `apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n`);
    for (const kind of ['ciliumnetworkpolicies', 'ciliumclusterwidenetworkpolicies', 'ciliumendpointslices', 'ciliumegressgatewaypolicies', 'ciliumlocalredirectpolicies', 'ciliumloadbalancerippools', 'ciliumbgppeeringpolicies', 'ciliumnodeconfigs', 'ciliumpodippools', 'ciliumcidrgroups', 'ciliumenvoyconfigs', 'ciliumclusterwideenvoyconfigs']) yield file(`${kind}-${ts}.yaml`, () => `apiVersion: cilium.io/v2\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n`);
    yield file(`cilium-daemonset-${ts}.yaml`, () => `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: cilium\n  namespace: kube-system\nspec:\n  template:\n    spec:\n      containers:\n      - image: quay.io/cilium/cilium:v${c.s.cilium}\n        name: cilium-agent\nstatus:\n  currentNumberScheduled: ${c.nodes.length}\n  desiredNumberScheduled: ${c.nodes.length}\n  numberAvailable: ${c.nodes.length}\n  numberReady: ${c.nodes.length}\n`);
    yield file(`cilium-operator-deployment-${ts}.yaml`, () => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cilium-operator\n  namespace: kube-system\nspec:\n  replicas: 2\nstatus:\n  availableReplicas: 2\n  readyReplicas: 2\n`);
    yield file(`cilium-helm-values-${ts}.yaml`, () => `cluster:\n  name: ${c.s.clusterName}\nipam:\n  mode: ${c.s.ipam}\nkubeProxyReplacement: true\nroutingMode: ${c.s.routing}\n`);
  }
  for (const f of base) {
    const node = f.agent?.node ?? null;
    if (!rootDone && (node || f.path.startsWith('logs-'))) {
      rootDone = true;
      yield* clusterExtras();
    }
    if (current && node !== current) {
      yield* closeAgent(current);
      current = null;
    }
    if (node) {
      current = node;
      seen.add(f.path);
      yield f;
      continue;
    }
    const log = /^logs-(.+)-cilium-agent-\d{8}-\d{6}(-prev)?\.log$/.exec(f.path);
    const owner = log ? c.nodes.find((n) => n.pod === log[1]) : undefined;
    if (owner) {
      const bytes = () => realisticAgentLog(c, owner, s, Boolean(log?.[2]));
      yield { ...f, render: () => bytes().toString('utf8'), bytes };
      continue;
    }
    yield f;
    const flows = /^hubble-flows-(.+)-\d{8}-\d{6}\.json$/.exec(f.path);
    const flowsOwner = flows ? c.nodes.find((n) => n.pod === flows[1]) : undefined;
    if (flowsOwner) yield* agentRoot(flowsOwner);
  }
  if (current) yield* closeAgent(current);
  yield file(`logs-cilium-operator-6d8f9c7b54-x2x9q-cilium-operator-${ts}.log`, () => operatorLog(c, s));
}
