import { z } from 'zod';
import { LineRefSchema, SourcedSchema } from './common.js';

/** `uname -a`: `Linux <host> <release> <version> <machine> … GNU/Linux`. */
export const UnameSchema = SourcedSchema.extend({
  /** The kernel release (`uname -r`): `6.1.0-18-cloud-amd64`, `4.18.0-372.9.1.el8.x86_64`. */
  release: z.string(),
  /** The build string after the release (`#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)`). */
  build: z.string().nullable(),
  machine: z.string().nullable(),
  hostname: z.string().nullable(),
});
export type Uname = z.infer<typeof UnameSchema>;

/** One kernel config option: `y`, `m`, `n` (`# CONFIG_X is not set`) or the value as written (`1000`, `"…"`). */
export const KernelOptionSchema = z.object({ value: z.string(), line: z.number().int().positive() });

/**
 * `conf/kernel-config`, `conf/kernel-config.gz` or `conf/kernel-config-<release>`: only the options the
 * knowledge base asks about are kept (a kernel config has thousands).
 */
export const KernelConfigSchema = z.object({
  file: z.string(),
  compressed: z.boolean(),
  /** From the file name `kernel-config-<release>`, when it says. */
  release: z.string().nullable(),
  options: z.record(z.string(), KernelOptionSchema),
  /** Options set or unset in the file, all of them counted. */
  total: z.number().int().nonnegative(),
});
export type KernelConfig = z.infer<typeof KernelConfigSchema>;

/** `lsmod`: the loaded module names, each with its line. */
export const ModulesSchema = z.object({
  file: z.string(),
  names: z.array(z.string()),
  lines: z.array(z.number().int().positive()),
});
export type Modules = z.infer<typeof ModulesSchema>;

export const SysctlValueSchema = z.object({ value: z.string(), line: z.number().int().positive(), excerpt: z.string() });
export type SysctlValue = z.infer<typeof SysctlValueSchema>;

/**
 * `sysctl -a`, reduced to the keys Cilium sets or depends on. Per-device keys of the `lxc*` veths (one per pod)
 * are kept only where they differ from what the agent sets, with a count of the devices seen.
 */
export const SysctlsSchema = z.object({
  file: z.string(),
  values: z.record(z.string(), SysctlValueSchema),
  lxc: z.object({
    devices: z.number().int().nonnegative(),
    /** `net.ipv4.conf.lxc….<key>` lines whose value is not what the agent sets (first 50). */
    deviations: z.array(SysctlValueSchema.extend({ key: z.string() })),
    deviationCount: z.number().int().nonnegative(),
  }),
  total: z.number().int().nonnegative(),
});
export type Sysctls = z.infer<typeof SysctlsSchema>;

/** One routing policy rule of `ip rule` / `ip -d rule`: `100:\tfrom all lookup local`. */
export const IpRuleSchema = SourcedSchema.extend({
  priority: z.number().int().nonnegative(),
  /** The selector and action as printed after the priority (`from all fwmark 0x200/0xf00 lookup 2004`). */
  rule: z.string(),
  /** The table looked up (`local`, `main`, `2004`), when the action is `lookup`. */
  table: z.string().nullable(),
  fwmark: z.string().nullable(),
});
export type IpRule = z.infer<typeof IpRuleSchema>;

export const IpRulesSchema = z.object({ file: z.string(), rules: z.array(IpRuleSchema) });
export type IpRules = z.infer<typeof IpRulesSchema>;

/** One route of `ip route`: the line it is on, and the fields the checks read. */
export const RouteSchema = LineRefSchema.extend({
  line: z.number().int().positive(),
  /** `unicast` unless iproute2 printed a type before the destination (`local`, `unreachable`, `blackhole`, …). */
  type: z.string(),
  /** The destination as a CIDR: `default` is `0.0.0.0/0` or `::/0`, a host route's bare address `/32` or `/128`. */
  dst: z.string(),
  /** The gateway (`via`), null for a route on the link. */
  via: z.string().nullable(),
  dev: z.string().nullable(),
  /** Who installed it: `kernel` (Cilium's routes, RTPROT_KERNEL), `dhcp`, `static`, `bird`, `bgp`, a number, … */
  proto: z.string().nullable(),
  scope: z.string().nullable(),
  src: z.string().nullable(),
  metric: z.number().int().nonnegative().nullable(),
  /** The route's `mtu` metric: Cilium sets it on its routes to other nodes in tunnel and encryption modes. */
  mtu: z.number().int().nonnegative().nullable(),
  /** Single-word flags (`onlink`, `linkdown`, `dead`) and attributes this tool does not read: the first 16. */
  flags: z.array(z.string()),
  /** The next hops of a multipath route (`nexthop via … dev …` lines under it). */
  nexthops: z.array(z.object({ via: z.string().nullable(), dev: z.string().nullable() })),
});
export type Route = z.infer<typeof RouteSchema>;

/** One routing table of one family: `ip -4 r` (the main table) or `ip -4 route show table <N>`. */
export const RoutesSchema = z.object({
  file: z.string(),
  family: z.enum(['ipv4', 'ipv6']),
  /** `main`, or the table's number or name from the file name (`2004`, `200`). */
  table: z.string(),
  routes: z.array(RouteSchema),
  /** Routes past the parser's bound, counted and not kept. */
  omitted: z.number().int().nonnegative(),
});
export type Routes = z.infer<typeof RoutesSchema>;

/** One network device of `ip -d -s l` (or `ip a`). */
export const LinkSchema = SourcedSchema.extend({
  index: z.number().int().nonnegative(),
  name: z.string(),
  /** The peer or parent after `@` (`cilium_host@cilium_net`, `eth0@if12`). */
  peer: z.string().nullable(),
  flags: z.array(z.string()),
  mtu: z.number().int().nonnegative().nullable(),
  /** Operational state: `UP`, `DOWN`, `UNKNOWN`, `LOWERLAYERDOWN`. */
  state: z.string().nullable(),
  master: z.string().nullable(),
  /** The link kind from `-d` output (`veth`, `vxlan`, `geneve`, `wireguard`, `dummy`, `bond`), null when not printed. */
  kind: z.string().nullable(),
  addresses: z.array(z.string()),
  rxErrors: z.number().nonnegative().nullable(),
  rxDropped: z.number().nonnegative().nullable(),
  txErrors: z.number().nonnegative().nullable(),
  txDropped: z.number().nonnegative().nullable(),
});
export type Link = z.infer<typeof LinkSchema>;

/** The devices of a node: every device but the per-pod `lxc*` veths (not `lxc_health`), which are summarised. */
export const LinksSchema = z.object({
  file: z.string(),
  source: z.enum(['ip-link', 'ip-addr']),
  devices: z.array(LinkSchema),
  lxc: z.object({
    count: z.number().int().nonnegative(),
    /** `lxc*` devices not up (names, first 20). */
    down: z.array(z.string()),
    /** MTU → number of `lxc*` devices with it. */
    mtus: z.record(z.string(), z.number().int().nonnegative()),
  }),
});
export type Links = z.infer<typeof LinksSchema>;

/** One `iptables-save -c` output (or its nft/legacy/IPv6 variant), summarised: it can hold 100,000 rules. */
export const IptablesSchema = z.object({
  file: z.string(),
  family: z.enum(['ipv4', 'ipv6']),
  /** `iptables-save` (whatever backend the node's binary uses), or the explicit `-nft`/`-legacy` variant. */
  variant: z.enum(['default', 'nft', 'legacy']),
  tables: z.array(z.string()),
  chains: z.number().int().nonnegative(),
  rules: z.number().int().nonnegative(),
  /** Cilium's chains (`CILIUM_FORWARD`, `CILIUM_POST_nat`, …) declared in the output. */
  ciliumChains: z.array(z.string()),
  /** kube-proxy's service chains: `KUBE-SVC-*` chains declared, and whether `KUBE-SERVICES`/`KUBE-NODEPORTS` exist. */
  kubeServiceChains: z.number().int().nonnegative(),
  kubeServices: z.boolean(),
  kubeNodeports: z.boolean(),
  /** First `KUBE-SVC-`/`KUBE-SERVICES` line, for evidence. */
  kubeFirst: SourcedSchema.nullable(),
  /** First line declaring a Cilium chain, for evidence. */
  ciliumFirst: SourcedSchema.nullable(),
  /** iptables' own notes (`# Warning: iptables-legacy tables present, use iptables-legacy-save to see them`). */
  warnings: z.array(SourcedSchema),
});
export type Iptables = z.infer<typeof IptablesSchema>;

/** `cilium config -a` (`cilium config` in 1.10): the agent's effective configuration, as `Key : value` lines. */
export const AgentConfigSchema = z.object({
  file: z.string(),
  values: z.record(z.string(), z.object({ value: z.string(), line: z.number().int().positive(), excerpt: z.string() })),
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

/** The entries of one `cilium bpf … list` output, counted while streaming (these outputs can be gigabytes). */
export const BpfMapDumpSchema = z.object({
  file: z.string(),
  map: z.enum(['ct', 'nat', 'lb', 'ipcache', 'tunnel']),
  entries: z.number().int().nonnegative(),
  /** ct: entries by family (`ipv4`, `ipv6`) and protocol (`tcp`, `any`); nat: by family. */
  byKind: z.record(z.string(), z.number().int().nonnegative()),
  /**
   * ipcache and tunnel map: the distinct node addresses entries point at (ipcache `tunnelendpoint=`, tunnel map
   * values), each with its entry count and first line.
   */
  nodeAddresses: z.array(z.object({ ip: z.string(), entries: z.number().int().positive(), line: z.number().int().positive(), excerpt: z.string() })),
  lastLine: z.number().int().nonnegative(),
});
export type BpfMapDump = z.infer<typeof BpfMapDumpSchema>;

/** `cilium_bpf_map_pressure{map_name="…"}` of `cilium metrics list`: fill of a BPF map between 0 and 1. */
export const MapPressureSchema = SourcedSchema.extend({ map: z.string(), value: z.number().nonnegative() });
export type MapPressure = z.infer<typeof MapPressureSchema>;

/** One sample of `/proc/net/xfrm_stat`: every counter with its line. */
export const XfrmStatSchema = z.object({
  file: z.string(),
  /** `first`: `cat /proc/net/xfrm_stat` at the start of the bugtool run; `last`: `cat -u …` at its end (1.15+). */
  sample: z.enum(['first', 'last']),
  counters: z.record(z.string(), z.object({ value: z.number().nonnegative(), line: z.number().int().positive(), excerpt: z.string() })),
});
export type XfrmStat = z.infer<typeof XfrmStatSchema>;

/** `cilium encrypt status` (1.11+). */
export const EncryptStatusSchema = SourcedSchema.extend({
  mode: z.string(),
  ipsec: z
    .object({
      decryptInterfaces: z.array(z.string()).nullable(),
      keysInUse: z.number().int().nonnegative().nullable(),
      maxSeqNumber: z.string().nullable(),
      errors: z.number().nonnegative().nullable(),
      /** Non-zero XFRM error counters the command printed. */
      xfrmErrors: z.record(z.string(), z.object({ value: z.number().nonnegative(), line: LineRefSchema })),
    })
    .nullable(),
  wireguard: z
    .array(SourcedSchema.extend({ name: z.string(), publicKey: z.string().nullable(), peers: z.number().int().nonnegative().nullable() }))
    .nullable(),
});
export type EncryptStatus = z.infer<typeof EncryptStatusSchema>;

/** `cilium-dbg troubleshoot kvstore` (1.16+): the agent's own test of its etcd connection. */
export const KvstoreTroubleshootSchema = z.object({
  file: z.string(),
  /** The agent runs without a kvstore (CRD mode): the command says so and tests nothing. */
  crdMode: z.boolean(),
  endpoints: z.array(z.string()),
  /** Steps that passed (✅). */
  ok: z.number().int().nonnegative(),
  /** Steps that failed (❌), each with its line. */
  failures: z.array(SourcedSchema),
});
export type KvstoreTroubleshoot = z.infer<typeof KvstoreTroubleshootSchema>;

/** One file of the node's `/etc/cni/net.d/` (`cniconf-<file>-<pod>-<ts>.txt` at the sysdump root). */
export const CniConfSchema = SourcedSchema.extend({
  /** The file name in `/etc/cni/net.d/` (`05-cilium.conflist`), split off the bundle file's name at assembly. */
  fileName: z.string().nullable(),
  pod: z.string().nullable(),
  name: z.string().nullable(),
  cniVersion: z.string().nullable(),
  /** Plugin types in order (`cilium-cni`, `portmap`, `aws-cni`); one for a single-plugin `.conf`. */
  plugins: z.array(z.object({ type: z.string(), line: z.number().int().positive().nullable(), excerpt: z.string() })),
  /** False when the file is not JSON (a backup, another format). */
  json: z.boolean(),
});
export type CniConf = z.infer<typeof CniConfSchema>;

/** Everything the node's own outputs in an agent's bugtool folder say about the host and the datapath. */
export const HostSchema = z.object({
  uname: UnameSchema.nullable(),
  /** From debuginfo's `kernel-version` when `uname -a` is missing. */
  kernelVersion: SourcedSchema.extend({ release: z.string() }).nullable(),
  kernelConfig: KernelConfigSchema.nullable(),
  modules: ModulesSchema.nullable(),
  sysctls: SysctlsSchema.nullable(),
  rules: IpRulesSchema.nullable(),
  links: LinksSchema.nullable(),
  /** The routing tables: main of each family, then the numbered tables, by file name. */
  routes: z.array(RoutesSchema),
  iptables: z.array(IptablesSchema),
  config: AgentConfigSchema.nullable(),
  maps: z.array(BpfMapDumpSchema),
  mapPressure: z.array(MapPressureSchema).nullable(),
  xfrm: z.array(XfrmStatSchema),
  encrypt: EncryptStatusSchema.nullable(),
  /** The node's CNI configuration directory as the agent pod saw it, in file-name order. */
  cni: z.array(CniConfSchema),
  kvstoreTroubleshoot: KvstoreTroubleshootSchema.nullable(),
});
export type Host = z.infer<typeof HostSchema>;
