// What Cilium needs from the node's kernel, per agent version and per enabled feature: the minimum kernel
// release and the kernel config options. Data with its source beside each entry (house style 24); the sources
// are the system requirements page of each release (`Documentation/operations/system_requirements.rst` in
// cilium/cilium, read in the skmatti/cilium mirror at the commits named) and the feature pages it links to.

/** `Documentation/operations/system_requirements.rst` at the mirror's HEAD (upstream main of 2024-08-20, 1.17.0-dev). */
const REQS = 'cilium/cilium Documentation/operations/system_requirements.rst@b095517e62';

/** The minimum kernel release of one range of agent versions. */
export interface BaseKernelRequirement {
  /** First Cilium minor version the minimum applies to (`1.14`), inclusive. */
  from: string;
  /** Last Cilium minor version it applies to, inclusive; absent for "and later". */
  to?: string;
  minKernel: string;
  /** Distribution kernels accepted as equivalent although their version is lower (RHEL backports). */
  equivalents: readonly { match: string; minRelease: string; name: string }[];
  sources: readonly string[];
}

export const BASE_KERNEL: readonly BaseKernelRequirement[] = [
  {
    from: '1.0',
    to: '1.13',
    minKernel: '4.9.17',
    equivalents: [],
    sources: ['cilium/cilium Documentation/operations/system_requirements.rst@6be650b980^ ("Linux kernel >= 4.9.17")'],
  },
  {
    from: '1.14',
    to: '1.15',
    minKernel: '4.19.57',
    equivalents: [{ match: '.el8', minRelease: '4.18.0', name: 'RHEL 8' }],
    // 6be650b980 (2023-01-16, 1.14 development cycle): "Bump Linux minimum version to 4.19.57".
    sources: ['cilium/cilium Documentation/operations/system_requirements.rst@6be650b980 ("Linux kernel >= 4.19.57 or equivalent (e.g., 4.18 on RHEL8)")'],
  },
  {
    from: '1.16',
    minKernel: '5.4.0',
    // RHEL 8.6 ships 4.18.0-372.
    equivalents: [{ match: '.el8', minRelease: '4.18.0-372', name: 'RHEL 8.6' }],
    // d0788116a8 (2024-02-20, 1.16 development cycle): "docs: update Linux requirements".
    sources: [`${REQS} ("Linux kernel >= 5.4 or equivalent (e.g., 4.18 on RHEL 8.6)")`, 'cilium/cilium commit d0788116a8'],
  },
];

/** A kernel config option a feature needs: set to `y` or `m` (either is valid, the page says). */
export interface KernelOption {
  name: string;
  /** The option no longer exists from this kernel on (folded into another one): absent is then fine. */
  removedIn?: string;
}

/**
 * When a feature counts as enabled: a `cilium-config` key with one of these values (any of the entries). The
 * agent's own `cilium config -a` field is read when the ConfigMap does not say (`agentKey`, DaemonConfig field
 * names of pkg/option/config.go); `default` is the agent's default when neither says (pkg/defaults).
 */
export interface EnabledBy {
  key: string;
  values: readonly string[];
  agentKey?: string;
  default?: string;
}

export interface FeatureRequirement {
  /** Stable kebab id. */
  id: string;
  /** How an engineer names it in a sentence: "the bandwidth manager". */
  feature: string;
  /** `always`: every agent needs it. Otherwise any of these cilium-config settings turns it on. */
  enabledBy: 'always' | readonly EnabledBy[];
  /** Cilium minor versions it applies to (`1.14`, inclusive), when not all. */
  ciliumFrom?: string;
  /**
   * Minimum kernel, or several minimums of stable lines where a fix was backported (`4.19.57`, `5.1.16`, `5.2.0`:
   * a 4.19 kernel needs 4.19.57, 5.1 needs 5.1.16, anything from 5.2 is fine).
   */
  minKernel?: readonly string[];
  options: readonly KernelOption[];
  /** What happens when the kernel lacks it, for the finding: "the agent fails to start", "falls back to …". */
  consequence: string;
  /** `error`: the feature cannot work; `warning`: it degrades or falls back. */
  severity: 'error' | 'warning';
  sources: readonly string[];
}

export const FEATURES: readonly FeatureRequirement[] = [
  {
    id: 'base-ebpf',
    feature: 'the eBPF datapath',
    enabledBy: 'always',
    options: ['CONFIG_BPF', 'CONFIG_BPF_SYSCALL', 'CONFIG_NET_CLS_BPF', 'CONFIG_BPF_JIT', 'CONFIG_NET_CLS_ACT', 'CONFIG_NET_SCH_INGRESS', 'CONFIG_CRYPTO_SHA1', 'CONFIG_CRYPTO_USER_API_HASH', 'CONFIG_CGROUPS', 'CONFIG_CGROUP_BPF'].map((name) => ({ name })),
    consequence: 'the agent cannot load its BPF programs and fails to start',
    severity: 'error',
    sources: [`${REQS} §Base Requirements`],
  },
  {
    id: 'base-ebpf-1.14',
    feature: 'the eBPF datapath',
    enabledBy: 'always',
    ciliumFrom: '1.14',
    options: [{ name: 'CONFIG_PERF_EVENTS' }, { name: 'CONFIG_SCHEDSTATS' }],
    consequence: 'the agent cannot load its BPF programs and fails to start',
    severity: 'error',
    // Added to the list by 56681fe738 (2023-02-27) and 7f4bf25cc0 (2023-06-08), both in the 1.14 cycle.
    sources: [`${REQS} §Base Requirements`, 'cilium/cilium commits 56681fe738, 7f4bf25cc0'],
  },
  {
    id: 'policy-routing',
    feature: 'policy routing',
    enabledBy: 'always',
    options: [{ name: 'CONFIG_IP_MULTIPLE_TABLES' }],
    consequence: 'the agent logs "Policy routing:NOT OK" and cannot install its ip rules (L7 proxy, ENI, IPsec and egress gateway routing break)',
    severity: 'error',
    sources: ['cilium/cilium pkg/datapath/linux/requirements.go@b095517e62 ("Please enable kernel configuration item CONFIG_IP_MULTIPLE_TABLES")'],
  },
  {
    id: 'iptables-masquerading',
    feature: 'iptables-based masquerading',
    enabledBy: [{ key: 'enable-bpf-masquerade', values: ['false'], agentKey: 'EnableBPFMasquerade', default: 'false' }],
    options: [{ name: 'CONFIG_NETFILTER_XT_SET' }, { name: 'CONFIG_IP_SET' }, { name: 'CONFIG_IP_SET_HASH_IP' }],
    consequence: 'the agent cannot install its masquerading rules and pod traffic leaving the cluster is not masqueraded',
    severity: 'error',
    sources: [`${REQS} §Requirements for Iptables-based Masquerading`],
  },
  {
    id: 'l7-proxy',
    feature: 'L7 and FQDN policies',
    enabledBy: [{ key: 'enable-l7-proxy', values: ['true'], agentKey: 'EnableL7Proxy', default: 'true' }],
    options: [{ name: 'CONFIG_NETFILTER_XT_TARGET_TPROXY' }, { name: 'CONFIG_NETFILTER_XT_TARGET_CT' }, { name: 'CONFIG_NETFILTER_XT_MATCH_MARK' }, { name: 'CONFIG_NETFILTER_XT_MATCH_SOCKET' }],
    consequence: 'traffic redirected to the L7 proxy is not forwarded in native routing (without xt_socket the agent falls back to disabling ip_early_demux)',
    severity: 'warning',
    sources: [`${REQS} §Requirements for L7 and FQDN Policies`],
  },
  {
    id: 'ipsec',
    feature: 'IPsec encryption',
    enabledBy: [{ key: 'enable-ipsec', values: ['true'], agentKey: 'EnableIPSec' }],
    options: [
      'CONFIG_XFRM', 'CONFIG_XFRM_OFFLOAD', 'CONFIG_XFRM_STATISTICS', 'CONFIG_XFRM_ALGO', 'CONFIG_XFRM_USER', 'CONFIG_INET_ESP', 'CONFIG_INET_IPCOMP', 'CONFIG_INET_XFRM_TUNNEL', 'CONFIG_INET_TUNNEL',
      'CONFIG_CRYPTO_AEAD', 'CONFIG_CRYPTO_AEAD2', 'CONFIG_CRYPTO_GCM', 'CONFIG_CRYPTO_SEQIV', 'CONFIG_CRYPTO_CBC', 'CONFIG_CRYPTO_HMAC', 'CONFIG_CRYPTO_SHA256', 'CONFIG_CRYPTO_AES',
    ].map((name) => ({ name })).concat([{ name: 'CONFIG_INET_XFRM_MODE_TUNNEL', removedIn: '5.2.0' } as KernelOption]),
    consequence: 'the node cannot set up its XFRM states and drops or sends unencrypted the traffic to other nodes',
    severity: 'error',
    // The page lists the options for GCM-128-AES; `CONFIG_INET{,6}_…` is read as the IPv4 options here.
    // CONFIG_INET_XFRM_MODE_TUNNEL was folded into the XFRM core in Linux 5.2 (commit "xfrm: remove the xfrm_mode_* modules").
    sources: [`${REQS} §Requirements for IPsec`],
  },
  {
    id: 'bandwidth-manager',
    feature: 'the bandwidth manager',
    enabledBy: [{ key: 'enable-bandwidth-manager', values: ['true'], agentKey: 'EnableBandwidthManager' }],
    minKernel: ['5.1.0'],
    options: [{ name: 'CONFIG_NET_SCH_FQ' }],
    consequence: 'the agent disables the bandwidth manager on the node: pod egress bandwidth annotations are not enforced',
    severity: 'warning',
    sources: [`${REQS} §Requirements for the Bandwidth Manager ("CONFIG_NET_SCH_FQ=m")`, `${REQS} §Required Kernel Versions for Advanced Features ("bandwidth-manager >= 5.1")`],
  },
  {
    id: 'wireguard',
    feature: 'WireGuard encryption',
    enabledBy: [{ key: 'enable-wireguard', values: ['true'], agentKey: 'EnableWireguard' }],
    minKernel: ['5.6.0'],
    options: [{ name: 'CONFIG_WIREGUARD' }],
    consequence: 'the agent cannot create cilium_wg0 and fails to start (unless the user-space fallback is enabled)',
    severity: 'error',
    sources: [`${REQS} §Required Kernel Versions for Advanced Features ("encryption_wg >= 5.6")`, 'cilium/cilium Documentation/security/network/encryption-wireguard.rst@b095517e62 ("CONFIG_WIREGUARD=m on Linux 5.6 and newer")'],
  },
  {
    id: 'egress-gateway',
    feature: 'the egress gateway',
    enabledBy: [{ key: 'enable-ipv4-egress-gateway', values: ['true'], agentKey: 'EnableIPv4EgressGateway' }, { key: 'enable-egress-gateway', values: ['true'], agentKey: 'EnableEgressGateway' }],
    minKernel: ['5.2.0'],
    options: [],
    consequence: 'egress gateway policies do not take effect on the node',
    severity: 'error',
    sources: [`${REQS} §Required Kernel Versions for Advanced Features ("egress-gateway >= 5.2")`],
  },
  {
    id: 'kube-proxy-replacement',
    feature: 'kube-proxy replacement',
    enabledBy: [{ key: 'kube-proxy-replacement', values: ['true', 'strict'], agentKey: 'KubeProxyReplacement' }],
    // "requires a v4.19.57, v5.1.16, v5.2.0 or more recent Linux kernel"; 5.0.y never got the fix.
    minKernel: ['4.19.57', '5.1.16', '5.2.0'],
    options: [],
    consequence: 'socket-level load balancing is not available: services resolve wrongly or not at all from pods and the host',
    severity: 'error',
    sources: ['cilium/cilium Documentation/network/kubernetes/kubeproxy-free.rst@b095517e62 ("requires a v4.19.57, v5.1.16, v5.2.0 or more recent Linux kernel")'],
  },
  {
    id: 'ipv4-big-tcp',
    feature: 'IPv4 BIG TCP',
    enabledBy: [{ key: 'enable-ipv4-big-tcp', values: ['true'], agentKey: 'EnableIPv4BIGTCP' }],
    minKernel: ['6.3.0'],
    options: [],
    consequence: 'the agent does not enable BIG TCP on the node',
    severity: 'warning',
    sources: [`${REQS} §Required Kernel Versions for Advanced Features ("IPv4 BIG TCP support >= 6.3")`],
  },
  {
    id: 'ipv6-big-tcp',
    feature: 'IPv6 BIG TCP',
    enabledBy: [{ key: 'enable-ipv6-big-tcp', values: ['true'], agentKey: 'EnableIPv6BIGTCP' }],
    minKernel: ['5.19.0'],
    options: [],
    consequence: 'the agent does not enable BIG TCP on the node',
    severity: 'warning',
    sources: [`${REQS} §Required Kernel Versions for Advanced Features ("IPv6 BIG TCP support >= 5.19")`],
  },
];

/** Every option any entry names: the kernel-config parser keeps only these. */
export const KERNEL_OPTIONS: ReadonlySet<string> = new Set(FEATURES.flatMap((f) => f.options.map((o) => o.name)));

/** A kernel release as numbers: `5.15.0-1034-aws` → [5, 15, 0, 1034]; null when it does not start with a version. */
export function kernelNumbers(release: string): number[] | null {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:-(\d+))?/.exec(release.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The upstream version a kernel is built from. Debian and Ubuntu releases carry an ABI number, not the patch level
 * (`4.19.0-26-amd64` is 4.19.304): Debian names the real one in the build string (`#1 SMP Debian 4.19.304-1`).
 * Null when the patch level is unknown (a `.0` release whose build does not say).
 */
export function upstreamVersion(release: string, build: string | null): number[] | null {
  const k = kernelNumbers(release);
  if (!k) return null;
  const debian = build ? /\bDebian (\d+)\.(\d+)\.(\d+)/.exec(build) : null;
  if (debian && Number(debian[1]) === k[0] && Number(debian[2]) === k[1]) return [k[0] as number, k[1] as number, Number(debian[3])];
  if (k[2] === 0 && /-/.test(release)) return null;
  return k.slice(0, 3);
}

/**
 * True when a kernel release meets a list of minimums: at least the highest, or at least the one of its own
 * stable line (`major.minor`). Only major, minor and patch count: the distribution build number does not. Null
 * when it depends on a patch level the release does not tell (see {@link upstreamVersion}).
 */
export function kernelMeets(release: string, minimums: readonly string[], build: string | null = null): boolean | null {
  const k = kernelNumbers(release);
  if (!k) return null;
  const upstream = upstreamVersion(release, build);
  const kernel = upstream ?? k.slice(0, 3);
  const mins = minimums.map((m) => (kernelNumbers(m) as number[]).slice(0, 3)).sort(compare);
  const highest = mins[mins.length - 1];
  if (!highest || compare(kernel, highest) >= 0) return true;
  const sameLine = mins.find((m) => m[0] === kernel[0] && m[1] === kernel[1]);
  if (!sameLine) return compare(kernel.slice(0, 2), (highest as number[]).slice(0, 2)) >= 0 ? null : false;
  if (compare(kernel, sameLine) >= 0) return true;
  return upstream === null && (sameLine[2] ?? 0) > 0 ? null : false;
}

/** `1.16.5` → [1, 16]. */
function minorOf(version: string): [number, number] | null {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** True when a Cilium version is within `[from, to]` (minor versions, inclusive). */
export function ciliumIn(version: string, from: string, to?: string): boolean {
  const v = minorOf(version);
  const f = minorOf(from);
  if (!v || !f) return false;
  if (compare(v, f) < 0) return false;
  const t = to ? minorOf(to) : null;
  return !t || compare(v, t) <= 0;
}

/** The base kernel requirement of an agent version, or null for a version this table does not know. */
export function baseRequirement(ciliumVersion: string): BaseKernelRequirement | null {
  return BASE_KERNEL.find((r) => ciliumIn(ciliumVersion, r.from, r.to)) ?? null;
}

/**
 * Whether the kernel meets the base requirement: `direct`ly, through a distribution `equivalent` (whose backports
 * make feature minimums unknowable from the version), or not (`false`); null when the release does not tell.
 */
export function meetsBase(release: string, req: BaseKernelRequirement, build: string | null = null): 'direct' | 'equivalent' | false | null {
  const direct = kernelMeets(release, [req.minKernel], build);
  if (direct === true) return 'direct';
  const k = kernelNumbers(release);
  if (k && req.equivalents.some((e) => release.includes(e.match) && compare(k, kernelNumbers(e.minRelease) as number[]) >= 0)) return 'equivalent';
  return direct;
}

/** True when an option, as found in a kernel config, satisfies the requirement (`y` or `m`). */
export function optionPresent(value: string | undefined): boolean {
  return value === 'y' || value === 'm';
}

/** True when an option is expected to exist in this kernel (it has not been folded into another one). */
export function optionApplies(option: KernelOption, release: string | null): boolean {
  if (!option.removedIn || !release) return true;
  return kernelMeets(release, [option.removedIn]) === false;
}
