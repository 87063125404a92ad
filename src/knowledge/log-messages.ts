// Known log messages of the Cilium components, each with what it means, its usual causes and what to change,
// researched from Cilium's source (the line that logs it), its docs, and public issues where a maintainer named the
// cause. Every entry lists its sources and carries the real line it was taken from; the table test in
// test/knowledge/log-messages.test.ts runs each pattern against its own example. Adding an entry is one data edit.
//
// Revisions cited: b095517e625e is cilium/cilium main of 2024-08-23 (1.17.0-dev), 40da4c6bcec6 is main of 2022-08
// (VERSION 1.12.90, the code of the 1.12 line). An example "built from" a source file is that file's message in the
// log format of its version: logfmt (`level=… msg="…" error="…" subsys=…`) up to 1.16, slog text from 1.17.

/** The component a log comes from; `init` is any of the agent's init containers. */
export type Component =
  | 'cilium-agent'
  | 'cilium-operator'
  | 'hubble-relay'
  | 'clustermesh-apiserver'
  | 'cilium-envoy'
  | 'init'; // the agent's init containers: config, mount-cgroup, apply-sysctl-overwrites, mount-bpf-fs,
// clean-cilium-state, install-cni-binaries, wait-for-kube-proxy, …

/** The level of a log record. Plain lines without a level (init container output, the verifier dump) are passed as
 *  `error`; Go runtime crashes (`panic:`, `fatal error:`) as `panic`; Envoy's `[critical]` as `fatal`. */
export type LogLevel = 'panic' | 'fatal' | 'error' | 'warning';

export interface KnownMessage {
  /** Stable kebab id, never reused: `no-conntrack-iptables-needs-native-routing`. */
  id: string;
  /** Linear-time regex, tested against the message of one log record: `msg` + (error ? `: ${error}` : ''),
   *  or the whole line body for non-logfmt lines (panics, plain text). */
  pattern: RegExp;
  components: readonly Component[];
  /** Levels at which a line with this message is reported. An entry listing 'warning' makes that warning decisive
   *  (the allow-list: all other warnings are only counted). */
  levels: readonly LogLevel[];
  /** Plain statement of what it means, for a finding title: "the agent's config asks for X, which needs Y". */
  title: string;
  meaning: string;
  causes: readonly string[];
  /** What to change (the setting, the flag, the kernel feature) — not only what to run. */
  fix: string;
  severity: 'error' | 'warning' | 'info';
  /** What part of the system it points at, for ranking and grouping. */
  area:
    | 'config'
    | 'kernel'
    | 'apiserver'
    | 'kvstore'
    | 'ipam'
    | 'bpf'
    | 'datapath'
    | 'identity'
    | 'policy'
    | 'clustermesh'
    | 'encryption'
    | 'cni'
    | 'resources'
    | 'hubble'
    | 'envoy'
    | 'other';
  /** Versions it affects and the release that fixed it, where known (`"1.14.0–1.14.5"`, `"1.14.6"`). */
  affects?: string;
  fixedIn?: string;
  /** Where the entry comes from: GitHub issue/PR URLs, docs URLs, or `cilium/cilium path@tag`. At least one. */
  sources: readonly string[];
  /** The real log line the entry was taken from, verbatim (one line). The knowledge test matches it. */
  example: string;
}

const MAIN = 'b095517e625e';
const V112 = '40da4c6bcec6';
const src = (path: string, rev = MAIN) => `cilium/cilium ${path}@${rev}`;
const built = (path: string, rev = MAIN) => `example built from ${path}@${rev}`;
const issue = (n: number) => `https://github.com/cilium/cilium/issues/${n}`;
const pr = (n: number) => `https://github.com/cilium/cilium/pull/${n}`;
const DOCS = 'https://docs.cilium.io/en/stable';

const AGENT = ['cilium-agent'] as const;
const OPERATOR = ['cilium-operator'] as const;
const INIT = ['init'] as const;
const ENVOY = ['cilium-envoy'] as const;
const RELAY = ['hubble-relay'] as const;
const CONTROL_PLANE = ['cilium-agent', 'cilium-operator', 'clustermesh-apiserver'] as const;
const MESH = ['cilium-agent', 'clustermesh-apiserver'] as const;
const STARTUP = ['error', 'fatal'] as const;

/** Ordered: where two entries can match one line, the more specific one comes first (the first match wins). */
export const KNOWN_MESSAGES: readonly KnownMessage[] = [
  // Fatal configuration combinations.
  {
    id: 'no-conntrack-iptables-needs-native-routing',
    pattern: /install-no-conntrack-iptables-rules requires the agent to run in direct routing mode/,
    components: AGENT,
    levels: ['fatal'],
    title: 'install-no-conntrack-iptables-rules is set while the agent runs in tunnel mode',
    meaning:
      'The agent refuses to start. Skipping netfilter connection tracking for pod traffic only works with native (direct) routing: in tunnel mode the encapsulated traffic already bypasses conntrack.',
    causes: [
      'The ConfigMap sets `install-no-conntrack-iptables-rules: "true"` (Helm `installNoConntrackIptablesRules=true`) while the routing mode is tunnel, the default (`routing-mode: tunnel`, or `tunnel: vxlan|geneve` before 1.14).',
    ],
    fix: 'Remove `install-no-conntrack-iptables-rules` (Helm `installNoConntrackIptablesRules=false`), or switch to native routing (`routing-mode: native` with `ipv4-native-routing-cidr`) if the network routes pod CIDRs.',
    severity: 'error',
    area: 'config',
    sources: [src('daemon/cmd/daemon_main.go'), pr(15264), issue(22089), built('daemon/cmd/daemon_main.go', V112)],
    example: String.raw`level=fatal msg="install-no-conntrack-iptables-rules requires the agent to run in direct routing mode." subsys=daemon`,
  },
  {
    id: 'no-conntrack-iptables-needs-ipv4',
    pattern: /install-no-conntrack-iptables-rules requires IPv4 support/,
    components: AGENT,
    levels: ['fatal'],
    title: 'install-no-conntrack-iptables-rules is set on an agent with IPv4 disabled',
    meaning:
      'The agent refuses to start: the no-conntrack rules select pod traffic by the native routing CIDR, which can only be an IPv4 CIDR.',
    causes: ['`install-no-conntrack-iptables-rules: "true"` together with `enable-ipv4: "false"` (an IPv6-only cluster).'],
    fix: 'Remove `install-no-conntrack-iptables-rules` on IPv6-only clusters, or enable IPv4.',
    severity: 'error',
    area: 'config',
    sources: [src('daemon/cmd/daemon_main.go'), built('daemon/cmd/daemon_main.go')],
    example: String.raw`level=fatal msg="install-no-conntrack-iptables-rules requires IPv4 support." subsys=daemon`,
  },
  {
    id: 'native-routing-cidr-missing',
    pattern: /native routing cidr must be configured with option --(?:ipv[46]-)?native-routing-cidr/,
    components: AGENT,
    levels: STARTUP,
    title: 'Native routing with masquerading is configured without a native routing CIDR',
    meaning:
      'The agent refuses to start: with masquerading on and tunnelling off it must know which destinations are routed natively (not masqueraded), and no native routing CIDR is set.',
    causes: [
      '`routing-mode: native` (or `tunnel: disabled`) and `enable-ipv4-masquerade: "true"` without `ipv4-native-routing-cidr` (the same for IPv6).',
      'A Helm upgrade that switched to native routing without setting `ipv4NativeRoutingCIDR`; the chart only checks this since 2025 (cilium/cilium PR 38372).',
    ],
    fix: 'Set `ipv4-native-routing-cidr` (Helm `ipv4NativeRoutingCIDR`) to the CIDR routed without masquerading, usually the pod CIDR of the cluster, or use the BPF ip-masq-agent, or go back to tunnel mode.',
    severity: 'error',
    area: 'config',
    sources: [
      src('pkg/option/config.go'),
      pr(12198),
      pr(27747),
      pr(38372),
      'example re-joined from the wrapped paste of the line in PR 12198 (1.8-dev)',
    ],
    example: String.raw`level=fatal msg="Error while creating daemon" error="invalid daemon configuration: native routing cidr must be configured with option --native-routing-cidr in combination with --masquerade --tunnel=disabled --ipam=hostscope-legacy" subsys=daemon`,
  },
  {
    id: 'auto-direct-routes-with-tunnel',
    pattern: /auto-direct-node-routes cannot be used with tunneling/,
    components: AGENT,
    levels: ['fatal'],
    title: 'auto-direct-node-routes is set while the agent runs in tunnel mode',
    meaning:
      'The agent refuses to start: direct node routes bypass the tunnel, but in tunnel mode packets must be routed through the tunnel device.',
    causes: ['`auto-direct-node-routes: "true"` (Helm `autoDirectNodeRoutes=true`) with `routing-mode: tunnel`, often left over from a switch back to tunnel mode.'],
    fix: 'Set `auto-direct-node-routes: "false"` in tunnel mode, or set `routing-mode: native` with a native routing CIDR.',
    severity: 'error',
    area: 'config',
    sources: [src('daemon/cmd/daemon_main.go'), src('daemon/cmd/daemon_main.go', V112), built('daemon/cmd/daemon_main.go')],
    example: String.raw`level=fatal msg="auto-direct-node-routes cannot be used with tunneling. Packets must be routed through the tunnel device." subsys=daemon`,
  },
  {
    id: 'l7-proxy-needs-iptables',
    pattern: /L7 proxy requires iptables rules/,
    components: AGENT,
    levels: ['fatal'],
    title: 'The L7 proxy is enabled while iptables rule installation is disabled',
    meaning: 'The agent refuses to start: redirecting traffic to the L7 proxy (Envoy, DNS proxy) needs the iptables rules the agent installs.',
    causes: ['`install-iptables-rules: "false"` while `enable-l7-proxy` is on (its default).'],
    fix: 'Set `install-iptables-rules: "true"`, or disable the L7 proxy (`enable-l7-proxy: "false"`, Helm `l7Proxy=false`) if no L7 or DNS policy is needed.',
    severity: 'error',
    area: 'config',
    sources: [src('daemon/cmd/daemon_main.go'), built('daemon/cmd/daemon_main.go')],
    example: String.raw`level=fatal msg="L7 proxy requires iptables rules (--install-iptables-rules=\"true\")" subsys=daemon`,
  },
  {
    id: 'ipam-mode-unsupported-in-tunnel',
    pattern: /Cannot specify IPAM mode \S+ in tunnel mode/,
    components: AGENT,
    levels: ['fatal'],
    title: 'The IPAM mode needs native routing but the agent runs in tunnel mode',
    meaning: 'The agent refuses to start: multi-pool IPAM only works with direct (native) routing.',
    causes: ['`ipam: multi-pool` with `routing-mode: tunnel` (the default); the multi-pool docs list tunnel mode as unsupported.'],
    fix: 'Use `routing-mode: native` with multi-pool IPAM, or choose another IPAM mode (`cluster-pool`, `kubernetes`).',
    severity: 'error',
    area: 'config',
    sources: [
      src('daemon/cmd/daemon_main.go'),
      src('Documentation/network/concepts/ipam/multi-pool.rst'),
      `${DOCS}/network/concepts/ipam/multi-pool/`,
      built('daemon/cmd/daemon_main.go'),
    ],
    example: String.raw`level=fatal msg="Cannot specify IPAM mode multi-pool in tunnel mode." subsys=daemon`,
  },
  {
    id: 'routing-mode-invalid',
    pattern: /invalid routing mode "[^"]{0,64}", valid modes = /,
    components: AGENT,
    levels: ['fatal'],
    title: 'routing-mode is set to a value other than tunnel or native',
    meaning: 'The agent refuses to start: its configuration does not validate.',
    causes: ['`routing-mode` holds a value other than `tunnel` or `native`; the routing docs configure the encapsulation (`vxlan`, `geneve`) separately, in `tunnel-protocol`.'],
    fix: 'Set `routing-mode` to `tunnel` or `native`; put the encapsulation in `tunnel-protocol` (Helm `routingMode`, `tunnelProtocol`).',
    severity: 'error',
    area: 'config',
    sources: [src('pkg/option/config.go'), src('daemon/cmd/root.go'), `${DOCS}/network/concepts/routing/`, built('pkg/option/config.go')],
    example: String.raw`level=fatal msg="invalid daemon configuration: invalid routing mode \"vxlan\", valid modes = {\"tunnel\", \"native\"}" subsys=daemon`,
  },
  {
    id: 'bpf-masquerade-needs-nodeport',
    pattern: /BPF masquerade requires NodePort/,
    components: AGENT,
    levels: STARTUP,
    title: 'BPF masquerading is enabled without the BPF NodePort (kube-proxy replacement) datapath',
    meaning: 'The agent refuses to start: BPF masquerading is built on the BPF NodePort code, which is off.',
    causes: [
      '`enable-bpf-masquerade: "true"` (Helm `bpf.masquerade=true`) with kube-proxy replacement off and `enable-node-port` not set.',
      'kube-proxy replacement set to partial or probe on a kernel where BPF NodePort got disabled.',
    ],
    fix: 'Enable kube-proxy replacement (`kube-proxy-replacement: "true"`, or `enable-node-port: "true"`), or set `enable-bpf-masquerade: "false"` to masquerade with iptables.',
    severity: 'error',
    area: 'config',
    sources: [src('daemon/cmd/daemon.go'), src('daemon/cmd/daemon.go', V112), built('daemon/cmd/daemon.go')],
    example: String.raw`level=error msg="unable to initialize BPF masquerade support" error="BPF masquerade requires NodePort (--enable-node-port=\"true\")" subsys=daemon`,
  },
  {
    id: 'ip-masq-agent-needs-bpf-masquerade',
    pattern: /BPF ip-masq-agent requires /,
    components: AGENT,
    levels: STARTUP,
    title: 'The BPF ip-masq-agent is enabled without BPF masquerading',
    meaning: 'The agent refuses to start: the ip-masq-agent only works on top of BPF masquerading of IPv4 or IPv6.',
    causes: ['`enable-ip-masq-agent: "true"` (Helm `ipMasqAgent.enabled=true`) while `enable-bpf-masquerade` or `enable-ipv4-masquerade` is off.'],
    fix: 'Set `enable-bpf-masquerade: "true"` (Helm `bpf.masquerade=true`) and keep IPv4 (or IPv6) masquerading on, or disable the ip-masq-agent.',
    severity: 'error',
    area: 'config',
    sources: [src('daemon/cmd/daemon.go'), built('daemon/cmd/daemon.go')],
    example: String.raw`level=error msg="BPF ip-masq-agent requires (--enable-ipv4-masquerade=\"true\" or --enable-ipv6-masquerade=\"true\") and --enable-bpf-masquerade=\"true\"" subsys=daemon`,
  },
  {
    id: 'ipsec-needs-ipv4',
    pattern: /IPSec requires IPv4 addressing to be enabled/,
    components: AGENT,
    levels: ['fatal'],
    title: 'IPsec encryption is enabled on an agent with IPv4 disabled',
    meaning: 'The agent refuses to start: IPsec encryption needs IPv4 addressing.',
    causes: ['`enable-ipsec: "true"` with `enable-ipv4: "false"`.'],
    fix: 'Enable IPv4, or use WireGuard encryption (`enable-wireguard`) on IPv6-only clusters.',
    severity: 'error',
    area: 'encryption',
    sources: [src('daemon/cmd/daemon_main.go'), built('daemon/cmd/daemon_main.go')],
    example: String.raw`level=fatal msg="IPSec requires IPv4 addressing to be enabled (--enable-ipv4=\"true\")" subsys=daemon`,
  },
  {
    id: 'ipsec-with-host-firewall',
    pattern: /IPSec cannot be used with the host firewall/,
    components: AGENT,
    levels: ['fatal'],
    title: 'IPsec encryption and the host firewall are both enabled',
    meaning: 'The agent refuses to start: IPsec encryption cannot be combined with the host firewall.',
    causes: ['`enable-ipsec: "true"` together with `enable-host-firewall: "true"` (Helm `hostFirewall.enabled=true`).'],
    fix: 'Disable one of them, or use WireGuard encryption with the host firewall.',
    severity: 'error',
    area: 'encryption',
    sources: [src('daemon/cmd/daemon_main.go'), src('daemon/cmd/daemon_main.go', V112), built('daemon/cmd/daemon_main.go')],
    example: String.raw`level=fatal msg="IPSec cannot be used with the host firewall." subsys=daemon`,
  },
  {
    id: 'ipsec-tunnel-needs-xfrm-output-mask',
    pattern: /IPSec with tunneling requires support for xfrm state output masks/,
    components: AGENT,
    levels: ['fatal'],
    title: 'IPsec in tunnel mode needs a kernel with xfrm output masks (Linux 4.19 or later)',
    meaning: 'The agent refuses to start: its probe of the kernel XFRM state shows no output mark mask support.',
    causes: ['`enable-ipsec: "true"` in tunnel mode on a kernel older than 4.19, or one built without that XFRM support.'],
    fix: 'Run the nodes on Linux 4.19 or later, or use native routing with IPsec.',
    severity: 'error',
    area: 'kernel',
    sources: [src('daemon/cmd/daemon_main.go'), src('pkg/datapath/linux/ipsec/probe_linux.go'), built('daemon/cmd/daemon_main.go')],
    example: String.raw`level=fatal msg="IPSec with tunneling requires support for xfrm state output masks (Linux 4.19 or later)." error="IPSec output mark attribute missing from xfrm probe" subsys=daemon`,
  },
  {
    id: 'ipsec-key-invalid',
    pattern: /missing IPSec keys? or invalid format/,
    components: AGENT,
    levels: STARTUP,
    title: 'The IPsec key secret is missing or not in the expected format',
    meaning: 'The agent cannot set up encryption and exits: the key file mounted from the `cilium-ipsec-keys` secret cannot be parsed.',
    causes: [
      'The `cilium-ipsec-keys` secret was generated with a command other than the one in the docs; the format is `key-id encryption-algorithms PSK-in-hex-format key-size` (cilium/cilium issue 34029).',
      'A field is empty, for example a blank PSK from a failed `dd | xxd` substitution.',
    ],
    fix: 'Recreate `cilium-ipsec-keys` as the IPsec guide shows (`keys="3+ rfc4106(gcm(aes)) $PSK 128"`) and restart the agents.',
    severity: 'error',
    area: 'encryption',
    sources: [
      'https://github.com/isovalent/terraform-k8s-cilium/pull/11',
      issue(34029),
      `${DOCS}/security/network/encryption-ipsec/#generate-import-the-psk`,
      src('pkg/datapath/linux/ipsec/ipsec_linux.go'),
    ],
    example: String.raw`level=fatal msg="Error while creating daemon" error="unable to setup encryption: missing IPSec key or invalid format" subsys=daemon`,
  },
  {
    id: 'wireguard-kernel-missing',
    pattern: /WireGuard not supported by the Linux kernel/,
    components: AGENT,
    levels: STARTUP,
    title: 'WireGuard encryption is enabled but the kernel has no WireGuard support',
    meaning: 'The agent cannot create its WireGuard device and exits.',
    causes: ['The node kernel has no `wireguard` module (kernels before 5.6 without the backport, or a distribution kernel built without it).'],
    fix: 'Upgrade the kernel or install the WireGuard module, as the message says; `enable-wireguard-userspace-fallback: "true"` is a stopgap where the option still exists (the code marks it for removal in 1.17); or disable `enable-wireguard`.',
    severity: 'error',
    area: 'kernel',
    sources: [src('pkg/wireguard/agent/agent.go'), src('daemon/cmd/daemon.go'), built('daemon/cmd/daemon.go')],
    example: String.raw`level=error msg="failed to initialize WireGuard agent" error="WireGuard not supported by the Linux kernel (netlink: operation not supported). Please upgrade your kernel, manually install the kernel module (https://www.wireguard.com/install/), or set enable-wireguard-userspace-fallback=true" subsys=daemon`,
  },
  {
    id: 'cluster-id-out-of-range',
    pattern: /invalid cluster id \d+: must be in range \d+\.\.\d+/,
    components: MESH,
    levels: ['fatal'],
    title: 'cluster-id is outside the range this configuration allows',
    meaning: 'The component refuses to start: the cluster ID must be between 0 and 255 (or 511 with `max-connected-clusters: 511`).',
    causes: ['`cluster-id` set above 255 without raising `max-connected-clusters`, or a typo in the ConfigMap.'],
    fix: 'Set `cluster-id` (Helm `cluster.id`) to a unique value in 1–255, or configure `max-connected-clusters` consistently on every cluster of the mesh.',
    severity: 'error',
    area: 'clustermesh',
    sources: [src('pkg/clustermesh/types/option.go'), src('Documentation/network/clustermesh/clustermesh.rst'), built('pkg/clustermesh/types/option.go')],
    example: String.raw`level=fatal msg="invalid daemon configuration: invalid cluster id 256: must be in range 0..255" subsys=daemon`,
  },
  {
    id: 'cluster-id-with-default-name',
    pattern: /cannot use default cluster name \([^)]{0,64}\) with option cluster-id/,
    components: MESH,
    levels: ['fatal'],
    title: 'A cluster ID is set but the cluster name is still "default"',
    meaning: 'The component refuses to start: a cluster that has an ID for ClusterMesh needs its own name.',
    causes: ['`cluster-id` set (Helm `cluster.id`) while `cluster-name` stayed `default`.'],
    fix: 'Set a unique `cluster-name` (Helm `cluster.name`) along with the ID; the docs ask to assign both at installation.',
    severity: 'error',
    area: 'clustermesh',
    sources: [src('pkg/clustermesh/types/option.go'), src('Documentation/network/clustermesh/clustermesh.rst'), built('pkg/clustermesh/types/option.go')],
    example: String.raw`level=fatal msg="invalid daemon configuration: cannot use default cluster name (default) with option cluster-id" subsys=daemon`,
  },
  {
    id: 'cluster-name-not-valid',
    pattern: /Invalid cluster name\. This may cause degraded functionality/,
    components: MESH,
    levels: ['error'],
    title: 'The cluster name does not follow the naming rules',
    meaning: 'The component starts, but warns that ClusterMesh may not work with this name; from 1.17 the name is rejected.',
    causes: ['`cluster-name` longer than 32 characters or with characters other than lower-case alphanumerics and `-`.'],
    fix: 'Rename the cluster (`cluster-name`, Helm `cluster.name`) to lower-case alphanumerics and `-`, starting and ending with an alphanumeric; restart the workloads afterwards, as the docs say for renames.',
    severity: 'warning',
    area: 'clustermesh',
    affects: '1.16',
    sources: [src('pkg/clustermesh/types/option.go'), src('pkg/clustermesh/types/types.go'), src('Documentation/network/clustermesh/clustermesh.rst'), built('pkg/clustermesh/types/option.go')],
    example: String.raw`level=error msg="Invalid cluster name. This may cause degraded functionality, and will be strictly forbidden starting from Cilium v1.17" clusterName=Prod_EU error="must consist of lower case alphanumeric characters and '-', and must start and end with an alphanumeric character" subsys=daemon`,
  },

  // Kernel and host features.
  {
    id: 'kernel-too-old',
    pattern: /kernel version: NOT OK: minimal supported kernel version is/,
    components: AGENT,
    levels: ['fatal'],
    title: 'The node kernel is older than the minimum this Cilium version supports',
    meaning: 'The agent exits at start-up after checking the kernel version.',
    causes: ['A node with an old distribution kernel, for example CentOS 7 (3.10), which rke2 documents as unable to run Cilium.'],
    fix: 'Upgrade the node kernel to the minimum in the system requirements of the Cilium version in use (4.8.0 in the 1.12 check; the docs of main list 5.4, or 4.18 on RHEL 8.6).',
    severity: 'error',
    area: 'kernel',
    sources: [src('pkg/datapath/linux/requirements.go', V112), issue(603), 'https://github.com/rancher/rke2/issues/3571', src('Documentation/operations/system_requirements.rst'), built('pkg/datapath/linux/requirements.go', V112)],
    example: String.raw`level=fatal msg="kernel version: NOT OK: minimal supported kernel version is 4.8.0; kernel version that is running is: 3.10.0" subsys=linux-datapath`,
  },
  {
    id: 'kernel-ipv6-disabled',
    pattern: /ipv6 is enabled in agent but ipv6 is either disabled or not compiled in the kernel/,
    components: AGENT,
    levels: STARTUP,
    title: 'IPv6 is enabled in Cilium but the node kernel has IPv6 disabled',
    meaning: 'The agent exits: it is configured for IPv6 but the kernel has no IPv6 (`/proc/net/if_inet6` is missing).',
    causes: ['`enable-ipv6: "true"` on nodes booted with `ipv6.disable=1` or with IPv6 compiled out.'],
    fix: 'Set `enable-ipv6: "false"` (Helm `ipv6.enabled=false`) for such nodes, or boot them with IPv6 enabled.',
    severity: 'error',
    area: 'kernel',
    sources: [src('pkg/datapath/linux/requirements.go', V112), src('pkg/datapath/linux/requirements.go'), pr(6816), issue(20672), built('pkg/datapath/linux/requirements.go', V112)],
    example: String.raw`level=fatal msg="kernel: ipv6 is enabled in agent but ipv6 is either disabled or not compiled in the kernel" subsys=linux-datapath`,
  },
  {
    id: 'feature-needs-newer-kernel',
    pattern: /(?:needs|requires) kernel \d+\.\d+(?:\.\d+)?(?:, \d+\.\d+(?:\.\d+)?){0,3},? or (?:newer|later)/,
    components: AGENT,
    levels: STARTUP,
    title: 'A feature enabled in the configuration needs kernel support the node does not have',
    meaning:
      'The agent probed the kernel for the BPF helpers a feature needs, did not find them, and refuses to start with that feature in strict mode. The kernel version in the message is where the helpers appeared upstream; a newer kernel built without the BPF options fails the same way.',
    causes: [
      'kube-proxy replacement (or BPF NodePort, host-reachable services, egress gateway, bandwidth manager) enabled on an older kernel.',
      'A custom or unusual kernel built without the BPF configuration options in the system requirements; a maintainer gave this answer for a 5.18 kernel that failed the 4.17 check (cilium/cilium issue 20726).',
    ],
    fix: 'Run a kernel that meets the system requirements (the kernel config options listed there, not only the version), or turn off the feature that needs it.',
    severity: 'error',
    area: 'kernel',
    sources: [issue(20726), src('daemon/cmd/kube_proxy_replacement.go', V112), `${DOCS}/operations/system_requirements/#admin-system-reqs`],
    example: String.raw`level=error msg="unable to initialize Kube proxy replacement options" error="BPF NodePort services needs kernel 4.17.0 or newer." subsys=daemon`,
  },
  {
    id: 'iptables-chain-setup-failed',
    pattern: /cannot (?:add|create) custom chain CILIUM_\w+/,
    components: AGENT,
    levels: STARTUP,
    title: 'The agent cannot create its iptables chains',
    meaning: 'The agent exits while installing its iptables rules: `iptables` or `ip6tables` failed (exit status 3 means the table or module is not available).',
    causes: [
      'The `ip_tables`/`ip6_tables` kernel modules cannot be loaded (the log before shows `modprobe: ERROR: could not insert`), for example a module built for another kernel.',
      'IPv6 disabled in the kernel (`ipv6.disable=1`) while the agent still uses ip6tables: fatal since 1.10.13, fixed by cilium/cilium PR 20680.',
    ],
    fix: 'Make the iptables modules of the running kernel loadable (or built in); with IPv6 disabled in the kernel, upgrade to a release with PR 20680 or set `enable-ipv6: "false"`.',
    severity: 'error',
    area: 'kernel',
    sources: [issue(11162), issue(20672), pr(20680), issue(18513)],
    example: String.raw`level=fatal msg="Error while creating daemon" error="cannot add custom chain CILIUM_INPUT: exit status 3" subsys=daemon`,
  },
  {
    id: 'memlock-rlimit-not-raised',
    pattern: /unable to set memory resource limits/,
    components: AGENT,
    levels: STARTUP,
    title: 'The agent cannot lift the memlock limit it needs for BPF maps',
    meaning: 'Before creating BPF maps the agent removes RLIMIT_MEMLOCK (kernels before 5.11 charge BPF memory to it); that failed.',
    causes: ['The agent container lacks the capability to raise resource limits: the chart grants `SYS_RESOURCE` (and `SYS_ADMIN`) in `securityContext.capabilities.ciliumAgent`; a hardened or hand-written DaemonSet may drop them.'],
    fix: 'Give the cilium-agent container the capabilities the chart lists (`SYS_RESOURCE`, `SYS_ADMIN`, `NET_ADMIN`, …) or run it privileged.',
    severity: 'error',
    area: 'resources',
    sources: [src('daemon/cmd/daemon_main.go'), src('daemon/cmd/daemon.go', V112), src('install/kubernetes/cilium/values.yaml'), issue(20676), built('daemon/cmd/daemon.go', V112)],
    example: String.raw`level=error msg="unable to set memory resource limits" error="failed to set memlock rlimit: operation not permitted" subsys=daemon`,
  },
  {
    id: 'perf-ring-mmap-denied',
    pattern: /Cannot initialise BPF perf ring buffer sockets/,
    components: AGENT,
    levels: ['fatal'],
    title: 'The agent cannot map the BPF perf ring buffers',
    meaning: 'The monitor agent cannot mmap the perf ring buffers that carry datapath events, and the agent exits.',
    causes: ['The cilium-agent container runs without the `IPC_LOCK` capability; the 1.12.0-rc2 chart missed it (cilium/cilium PR 19812).'],
    fix: 'Add `IPC_LOCK` to the agent container capabilities (Helm `securityContext.capabilities.ciliumAgent`), as the chart does since PR 19812.',
    severity: 'error',
    area: 'resources',
    sources: [pr(19812), src('pkg/monitor/agent/agent.go', V112)],
    example: String.raw`level=fatal msg="Cannot initialise BPF perf ring buffer sockets" error="failed to create perf ring for CPU 0: can't mmap: operation not permitted" startTime="2022-05-12 21:57:54.463823399 +0000 UTC m=+3.211794063" subsys=monitor-agent`,
  },

  // Devices and MTU.
  {
    id: 'direct-routing-device-undetermined',
    pattern: /unable to determine direct routing device/,
    components: AGENT,
    levels: STARTUP,
    title: 'The agent cannot tell which device is its direct routing device',
    meaning: 'A feature that needs host devices (kube-proxy replacement, BPF host routing, host firewall) is on, and device detection found no device to use, so the agent exits.',
    causes: [
      'The node has several candidate interfaces (bonds, VLANs, secondary NICs) and none carries the node IP or the default route the agent looks for.',
      '`devices` restricts detection to interfaces that do not exist on this node.',
    ],
    fix: 'Set `direct-routing-device` (Helm `nodePort.directRoutingDevice`) and `devices` (Helm `devices`) to the interface that carries the node IP.',
    severity: 'error',
    area: 'datapath',
    sources: [src('daemon/cmd/daemon.go'), src('pkg/datapath/linux/devices.go', V112), built('daemon/cmd/daemon.go')],
    example: String.raw`level=fatal msg="failed to start: daemon creation failed: unable to determine direct routing device. Use --direct-routing-device to specify it" subsys=daemon`,
  },
  {
    id: 'host-firewall-device-undetermined',
    pattern: /Host firewall's external facing device could not be determined/,
    components: AGENT,
    levels: STARTUP,
    title: 'The host firewall is enabled but the agent found no external device',
    meaning: 'The agent exits: the host firewall must attach to the node\'s external interfaces and none was detected.',
    causes: ['Device detection found no interface with the node IP or a default route, or `devices` names interfaces that do not exist.'],
    fix: 'Set `devices` (Helm `devices`) to the node\'s external interfaces.',
    severity: 'error',
    area: 'datapath',
    sources: [src('daemon/cmd/daemon.go'), built('daemon/cmd/daemon.go')],
    example: String.raw`level=error msg="Host firewall's external facing device could not be determined. Use --devices to specify." subsys=daemon`,
  },
  {
    id: 'device-mtu-lower-than-configured',
    pattern: /MTU on selected device is lower than the MTU Cilium has configured\/detected/,
    components: AGENT,
    levels: ['warning'],
    title: 'A device now has a lower MTU than the one Cilium configured',
    meaning: 'The agent runs with an MTU larger than one of its selected devices allows; large packets may be fragmented or dropped until the agent restarts.',
    causes: ['The device MTU changed after the agent started (a cloud or VPN agent lowered it), or `mtu` is set explicitly above the device MTU.'],
    fix: 'Restart the agent so it detects the MTU again, or set `mtu` explicitly to a value the devices support, as the message says.',
    severity: 'warning',
    area: 'datapath',
    sources: [src('pkg/mtu/detect_linux.go'), built('pkg/mtu/detect_linux.go') + ' (slog text, 1.17)'],
    example: String.raw`time=2024-08-23T19:40:02.511208774Z level=WARN source=/go/src/github.com/cilium/cilium/pkg/mtu/detect_linux.go:144 msg="MTU on selected device is lower than the MTU Cilium has configured/detected, restart agent or explicitly configure MTU to avoid fragmentation or packet drops" module=agent.datapath.mtu running-mtu=1500 dev=eth0 dev-mtu=1450`,
  },

  // BPF maps and programs.
  {
    id: 'policy-map-full',
    pattern: /(?:Unable to update element for|update map) cilium_policy_\d+ .{0,160}?(?:the map is full|key too big for map)/,
    components: AGENT,
    levels: ['error', 'warning'],
    title: "An endpoint's BPF policy map is full",
    meaning: 'The agent cannot write all allowed (identity, port, protocol) entries of an endpoint into its policy map, so policy is enforced incompletely and the endpoint keeps failing to regenerate.',
    causes: [
      'The policy selecting the endpoint allows more identity/port pairs than `bpf-policy-map-max` (16384 by default).',
      'Policies that select many identities fill the map faster: it holds one entry per allowed identity, port and protocol (maps docs); pods with high-cardinality labels multiply identities (cilium/cilium issue 19279, where the reporter tried limiting identity-relevant labels).',
    ],
    fix: 'Raise `bpf-policy-map-max` (Helm `bpf.policyMapMax`), limit identity-relevant labels (`labels` option), or write policies that select fewer identities (entities, CIDR groups).',
    severity: 'error',
    area: 'bpf',
    sources: [issue(19279), src('pkg/bpf/bpf_linux.go', V112), src('pkg/endpoint/bpf.go'), src('Documentation/network/ebpf/maps.rst'), `${DOCS}/network/ebpf/maps/`],
    example: String.raw`level=error msg="Failed to add PolicyMap key" bpfMapKey="{40592 0 0 0}" containerID=676d266ba7 datapathPolicyRevision=0 desiredPolicyRevision=4 endpointID=2913 error="Unable to update element for cilium_policy_02913 map with file descriptor 245: the map is full, please consider resizing it. argument list too long" identity=21047 ipv4=192.168.72.92 ipv6= k8sPodName=flux-system/notification-controller-7dd8bdf67-n6j2x port=0 subsys=endpoint`,
  },
  {
    id: 'lb-map-full',
    pattern: /cilium_lb[46]_\w+ map .{0,80}?(?:the map is full|key too big for map)/,
    components: AGENT,
    levels: ['error', 'warning'],
    title: 'A BPF load-balancer map is full',
    meaning: 'The agent cannot program some services or backends into the datapath, so they are not load-balanced on this node.',
    causes: [
      'More backends across all services than `bpf-lb-map-max` (65536 by default).',
      'Backends leaked in `cilium_lb4_backends_v2` on clusters that ran 1.11.14 or earlier; the leak was fixed in 1.11.15 and the clean-up of leaked entries in 1.11.16, 1.12.9 and 1.13.2 (kube-proxy-free docs, known issues).',
    ],
    fix: 'Raise `bpf-lb-map-max` (Helm `bpf.lbMapMax`) for large clusters; on clusters that ran 1.11.14 or earlier upgrade to 1.11.16, 1.12.9, 1.13.2 or later so the leaked backends are removed.',
    severity: 'error',
    area: 'bpf',
    affects: '≤ 1.11.14 (backend leak)',
    fixedIn: '1.11.15 (leak); 1.11.16, 1.12.9, 1.13.2 (clean-up)',
    sources: [issue(28726), issue(23551), pr(23749), src('Documentation/network/kubernetes/kubeproxy-free.rst'), src('Documentation/network/ebpf/maps.rst')],
    example: String.raw`level=error msg="Error while inserting service in LB map" error="failed to update backend cilium_lb4_backends_v2 map with file descriptor 17: the map is full, please consider resizing it. argument list too long" `,
  },
  {
    id: 'bpf-map-create-not-permitted',
    pattern: /(?:Unable to create map \S+|creating map: map create): operation not permitted/,
    components: AGENT,
    levels: STARTUP,
    title: 'The kernel refuses to let the agent create BPF maps',
    meaning: 'Creating a BPF map failed with EPERM, so the agent cannot start (or an endpoint cannot regenerate).',
    causes: [
      'The agent container lacks the capabilities to use bpf(): the chart grants `SYS_ADMIN` (or `BPF` and `PERFMON` on 5.8+ kernels with a recent runtime) and `SYS_RESOURCE`.',
      'A security module rejects the call: a maintainer traced one case to `security_bpf()` with `ulimit` raised (cilium/cilium issue 9988).',
    ],
    fix: 'Run the agent with the capabilities of the Helm chart (or privileged), and check the LSM (AppArmor/SELinux/lockdown) policy of the node for bpf().',
    severity: 'error',
    area: 'bpf',
    sources: [issue(15510), issue(9988), issue(9402), src('install/kubernetes/cilium/values.yaml')],
    example: String.raw`level=error msg="Error while opening/creating BPF maps" error="Unable to create map /sys/fs/bpf/tc/globals/cilium_lxc: operation not permitted" subsys=daemon`,
  },
  {
    id: 'bpf-map-create-no-memory',
    pattern: /(?:Unable to create map \S+|map create): cannot allocate memory/,
    components: AGENT,
    levels: STARTUP,
    title: 'The node has too little memory for the BPF maps the agent is configured to create',
    meaning: 'Creating a large BPF map (conntrack, NAT, load-balancer) failed with ENOMEM, so the agent cannot start.',
    causes: [
      'Map sizes (`bpf-ct-global-tcp-max`, `bpf-ct-global-any-max`, `bpf-nat-global-max`, or a high `bpf-map-dynamic-size-ratio`) need more kernel memory than the node has; a maintainer\'s diagnosis in cilium/cilium issue 30437.',
    ],
    fix: 'Reduce the conntrack/NAT map sizes or `bpf-map-dynamic-size-ratio`, or give the node more memory.',
    severity: 'error',
    area: 'resources',
    sources: [issue(30437), issue(33274), src('Documentation/network/ebpf/maps.rst')],
    example: String.raw`level=fatal msg="failed to start: daemon creation failed: error while opening/creating BPF maps: initializing conntrack map cilium_ct_any4_global: creating map: map create: cannot allocate memory (without BTF k/v); failed to stop: unable to find controller ipcache-inject-labels" subsys=daemon`,
  },
  {
    id: 'bpf-program-too-large',
    pattern: /BPF program is too large\. Processed \d+ insn/,
    components: AGENT,
    levels: ['error', 'warning'],
    title: "The kernel verifier rejects a Cilium BPF program as too complex",
    meaning: 'A datapath program generated for this configuration exceeds the verifier\'s limit of one million processed instructions on this kernel, so it cannot be loaded and the endpoints or devices using it do not get their datapath.',
    causes: [
      'A Cilium release whose datapath is too complex for this kernel and feature combination; maintainers handle these as complexity bugs, fixed in Cilium (cilium/cilium issue 18591: "fixed by the Cilium version upgrade and not the kernel").',
      'A kernel update that changed the verifier (issue 25500 started after Ubuntu 5.15.0-72).',
    ],
    fix: 'Upgrade to the latest patch release of the Cilium minor in use; if it persists, report it with the verifier log and the feature set (the `Verifier error:` lines), or go back to the previous kernel.',
    severity: 'error',
    area: 'bpf',
    sources: [issue(30266), pr(30384), issue(18591), issue(25500), issue(14726), src('pkg/bpf/collection.go')],
    example: String.raw`2024-01-16T08:32:41.030215879Z Verifier error: program tail_nodeport_nat_ingress_ipv4: load program: argument list too long: BPF program is too large. Processed 1000001 insn (990 line(s) omitted)`,
  },
  {
    id: 'bpf-verifier-rejected',
    pattern: /Verifier error: program \S+: load program: (?:permission denied|invalid argument)/,
    components: AGENT,
    levels: ['error'],
    title: 'The kernel verifier rejects a Cilium BPF program',
    meaning: 'A datapath program failed verification on this kernel, so it is not loaded; endpoints or devices that need it have no working datapath.',
    causes: ['A datapath bug for this Cilium version, kernel and configuration (a regression in 1.19.0-pre.0 in cilium/cilium issue 41522; kernel 7.2 rejecting a feature probe in issue 48016).'],
    fix: 'Upgrade to the latest patch release, or go back to the previous Cilium version or kernel; report the full `Verifier log:` that follows this line.',
    severity: 'error',
    area: 'bpf',
    sources: [issue(41522), issue(48016), src('pkg/bpf/collection.go')],
    example: String.raw`Verifier error: program cil_from_netdev: load program: permission denied: invalid access to packet, off=0 size=4, R4(id=0,off=0,r=0): R4 offset is outside of the packet (200 line(s) omitted)`,
  },
  {
    id: 'endpoint-regeneration-failed',
    pattern: /endpoint regeneration failed|Regeneration of endpoint failed/,
    components: AGENT,
    levels: ['error', 'warning'],
    title: "An endpoint's datapath could not be regenerated",
    meaning: 'The agent could not compile, load or attach the BPF program (or write the maps) of a pod endpoint; the pod keeps the old datapath or none, and its traffic or policy may be wrong.',
    causes: [
      'A BPF load failure: look for verifier (`BPF program is too large`, `Verifier error`) or map errors just before this line.',
      'Map creation denied (`operation not permitted`) or a full policy map.',
    ],
    fix: 'Fix the cause named in the `error=` field (see the entry for that error); the agent retries regeneration on its own once the cause is gone.',
    severity: 'error',
    area: 'datapath',
    sources: [issue(25500), pr(9657), src('pkg/endpoint/policy.go')],
    example: String.raw`level=error msg="endpoint regeneration failed" containerID= datapathPolicyRevision=0 desiredPolicyRevision=658 endpointID=1306 error="Failed to load prog with tc: exit status 1" identity=1836496 ipv4= ipv6= k8sPodName=/ subsys=endpoint`,
  },

  // Kubernetes API server.
  {
    id: 'k8s-api-certificate-rejected',
    pattern: /(?:Unable to contact k8s api-server|Kubernetes subsystem|Kubernetes apiserver|k8s client).{0,400}?x509: /,
    components: [...CONTROL_PLANE, 'init'],
    levels: ['error', 'fatal'],
    title: "The API server's TLS certificate is not accepted",
    meaning: 'The component reaches the API server but rejects its certificate, so it cannot talk to Kubernetes.',
    causes: [
      '"certificate is valid for …, not 10.96.0.1": the API server certificate has no SAN for the address Cilium uses (the service IP or `k8sServiceHost`), for example after changing the service CIDR.',
      '"signed by unknown authority": the CA in the service-account token is not the one that signed the API server certificate — a Kubernetes maintainer\'s explanation (kubernetes/kubernetes issue 75327); seen after replacing the API server certificate (cilium/cilium issue 41761).',
    ],
    fix: 'Point `k8sServiceHost` at a name or IP the certificate covers, or reissue the API server certificate with that SAN; after replacing the API server certificate make sure the service-account CA bundle includes its CA.',
    severity: 'error',
    area: 'apiserver',
    sources: [issue(8310), 'https://github.com/kubernetes/kubernetes/issues/75327', issue(41761), 'https://github.com/cilium/cilium-cli/issues/460'],
    example: String.raw`2019-06-17T11:53:28.017800475Z level=error msg="Unable to contact k8s api-server" error="Get https://10.96.0.1:443/api/v1/componentstatuses/controller-manager: x509: certificate is valid for 127.0.0.1, 172.17.161.219, 172.17.161.219, 10.68.0.1, 10.1.1.1, not 10.96.0.1" ipAddr="https://10.96.0.1:443" subsys=k8s`,
  },
  {
    id: 'k8s-api-unreachable-from-config-init',
    pattern: /Unable to contact k8s api-server/,
    components: INIT,
    levels: ['error', 'fatal'],
    title: 'The config init container cannot reach the Kubernetes API server',
    meaning:
      'The `config` init container (`cilium-dbg build-config`) cannot fetch the configuration from the API server, so the agent pod stays in Init:CrashLoopBackOff and the node gets no networking.',
    causes: [
      'The API server address the pod uses is not reachable before Cilium runs: without kube-proxy the `kubernetes` service IP (10.96.0.1) only works once Cilium is up, so `k8sServiceHost`/`k8sServicePort` must point at the real API server (a maintainer\'s answer in cilium/cilium issue 28823).',
      'A firewall or security group blocks the node from the API server endpoint.',
    ],
    fix: 'Set `k8sServiceHost` and `k8sServicePort` to an address of the API server that nodes reach directly (as the kube-proxy-free guide requires), or fix the network path to it.',
    severity: 'error',
    area: 'apiserver',
    sources: [issue(28823), issue(29094), src('pkg/k8s/client/cell.go'), `${DOCS}/network/kubernetes/kubeproxy-free/`],
    example: String.raw`2023-10-26T17:30:48.085853480Z level=error msg="Unable to contact k8s api-server" error="Get \"https://10.96.0.1:443/api/v1/namespaces/kube-system\": dial tcp 10.96.0.1:443: i/o timeout"`,
  },
  {
    id: 'k8s-rbac-forbidden',
    pattern: /is forbidden: User "system:(?:serviceaccount|node):[^"]{1,128}" cannot /,
    components: [...CONTROL_PLANE, 'init'],
    levels: ['error', 'warning'],
    title: 'The Cilium service account is not allowed to access a Kubernetes resource',
    meaning: 'The API server denies a list, watch or patch (HTTP 403), so that resource is not synchronised: policies, nodes or endpoints go stale.',
    causes: [
      'The ClusterRole of the component is older than the running Cilium version, e.g. manifests from another installer (kops) not updated with the chart (kubernetes/kops PR 13663), or RBAC rules missing altogether (cilium/cilium issue 4980).',
      'Cilium installed in another namespace while the agent may not read `kube-system` (cilium/cilium issue 37830).',
    ],
    fix: 'Apply the ClusterRole and ClusterRoleBinding of the Helm chart for the running version (`helm upgrade` with the same version), including the resource and verb named in the message.',
    severity: 'error',
    area: 'apiserver',
    sources: [issue(4980), 'https://github.com/kubernetes/kops/pull/13663', issue(37830), issue(31680)],
    example: String.raw`level=error msg=k8sError error="github.com/cilium/cilium/pkg/k8s/client/informers/externalversions/factory.go:72: Failed to list *v2.CiliumNetworkPolicy: ciliumnetworkpolicies.cilium.io is forbidden: User \"system:serviceaccount:kube-system:cilium\" cannot list ciliumnetworkpolicies.cilium.io at the cluster scope"`,
  },
  {
    id: 'k8s-api-unreachable',
    pattern: /Unable to contact k8s api-server/,
    components: CONTROL_PLANE,
    levels: ['error', 'fatal'],
    title: 'The component cannot reach the Kubernetes API server',
    meaning: 'The component gave up connecting to the API server at start-up; the agent (or operator) exits and is restarted.',
    causes: [
      'The API server address is not reachable from the node: with kube-proxy replacement the `kubernetes` service IP is only served once Cilium runs, so `k8sServiceHost`/`k8sServicePort` must be set (cilium/cilium issue 28823).',
      'The API server is down or overloaded, or a firewall blocks it.',
    ],
    fix: 'Set `k8sServiceHost`/`k8sServicePort` to a directly reachable API server address and check that the nodes reach it (`curl -k https://<host>:<port>/healthz`).',
    severity: 'error',
    area: 'apiserver',
    sources: [issue(1973), issue(28823), src('pkg/k8s/client/cell.go'), src('pkg/k8s/client.go', V112)],
    example: String.raw`time="2017-11-03T20:55:21Z" level=error msg="Unable to contact k8s api-server" error="Get https://XXX.XXX.XXX.XXX:XXXX/api/v1/componentstatuses/controller-manager: dial tcp XXX.XXX.XXX.XXX:XXXX: i/o timeout" ipAddr="https://XXX.XXX.XXX.XXX:XXXX" subsys=k8s`,
  },
  {
    id: 'k8s-subsystem-init-failed',
    pattern: /Unable to initialize Kubernetes subsystem/,
    components: AGENT,
    levels: ['fatal'],
    title: 'The agent exits because it cannot initialise its Kubernetes client',
    meaning: 'The agent (1.12 and earlier) could not connect to the API server or read its own Node at start-up and exits; the error says which.',
    causes: [
      'API server unreachable (i/o timeout, connection refused): see the `k8sServiceHost` advice for kube-proxy-free installs.',
      'TLS or RBAC problems with the API server (x509, forbidden) named in the error.',
    ],
    fix: 'Fix what the error names; for timeouts set `k8sServiceHost`/`k8sServicePort` to a reachable API server address.',
    severity: 'error',
    area: 'apiserver',
    sources: [issue(1973), pr(2014), src('daemon/cmd/daemon_main.go', V112)],
    example: String.raw`time="2017-11-03T20:55:51Z" level=fatal msg="Unable to initialize Kubernetes subsystem" error="unable to retrieve k8s node information: Get https://XXX.XXX.XXX.XXX:XXXX/api/v1/nodes: dial tcp XXX.XXX.XXX.XXX:XXXX: i/o timeout"`,
  },
  {
    id: 'operator-k8s-connect-failed',
    pattern: /Unable to connect to Kubernetes apiserver/,
    components: OPERATOR,
    levels: ['fatal'],
    title: 'The operator exits because it cannot reach the Kubernetes API server',
    meaning: 'The operator (1.12 and earlier) failed to create its Kubernetes client and exits; it is restarted and crash-loops while the API server stays unreachable.',
    causes: [
      'The API server is unreachable from the operator\'s node; without kube-proxy the `kubernetes` service IP is served by the Cilium agent, so `k8sServiceHost` must point at the API server directly (kube-proxy-free guide; cilium/cilium issue 28823).',
      'TLS or credential errors named in the error.',
    ],
    fix: 'Fix the agent on that node first if it is down; set `k8sServiceHost`/`k8sServicePort` so the operator reaches the API server directly.',
    severity: 'error',
    area: 'apiserver',
    sources: [src('operator/main.go', V112), src('pkg/k8s/init.go', V112), issue(28823), `${DOCS}/network/kubernetes/kubeproxy-free/`, built('operator/main.go', V112)],
    example: String.raw`level=fatal msg="Unable to connect to Kubernetes apiserver" error="unable to create k8s client: unable to create k8s client: Get \"https://10.43.0.1:443/api/v1/namespaces/kube-system\": dial tcp 10.43.0.1:443: i/o timeout" subsys=cilium-operator-generic`,
  },
  {
    id: 'crds-not-registered',
    pattern: /Unable to find all Cilium CRDs necessary within/,
    components: AGENT,
    levels: ['fatal'],
    title: 'The agent exits because the Cilium CRDs are not registered',
    meaning: 'The agent waits for the operator to register the Cilium CRDs and exits when they are still missing after `crd-wait-timeout` (5 minutes).',
    causes: [
      'The operator is not running, crash-looping, or cannot reach the API server, so it never registers the CRDs.',
      'The agent needs a CRD the operator was not configured to create (e.g. Envoy config enabled on the agent only; cilium/cilium-service-mesh-beta issue 25).',
    ],
    fix: 'Get the operator running (see its log) with the same feature flags as the agents; the line lists the CRDs that are missing. A maintainer suggests `crd-wait-timeout: 30s` to see the list sooner (cilium/cilium issue 30341).',
    severity: 'error',
    area: 'apiserver',
    sources: [src('pkg/k8s/synced/crd.go'), 'https://github.com/cilium/cilium-service-mesh-beta/issues/25', issue(30341), built('pkg/k8s/synced/crd.go')],
    example: String.raw`level=fatal msg="Unable to find all Cilium CRDs necessary within 5m0s timeout. Please ensure that Cilium Operator is running, as it's responsible for registering all the Cilium CRDs. The following CRDs were not found: [crd:ciliumnetworkpolicies.cilium.io crd:ciliumnodes.cilium.io]" error="context deadline exceeded" subsys=k8s`,
  },
  {
    id: 'operator-lease-renew-timeout',
    pattern: /Failed to update lock: .{0,400}?(?:Client\.Timeout exceeded|context deadline exceeded|i\/o timeout|connection refused|request canceled)/,
    components: OPERATOR,
    levels: ['error'],
    title: 'The operator cannot renew its leader-election lease in time',
    meaning: 'The leading operator failed to update its Lease before the request timed out; if this lasts longer than the renew deadline it loses leadership and exits.',
    causes: [
      'A slow or distant API server: the lease request timeout is max(1s, renew-deadline/2), 5 s by default, which high-latency control planes exceed (cilium/cilium PR 44500).',
      'The API server is unreachable from the operator\'s node.',
    ],
    fix: 'Raise `leader-election-renew-deadline` (and the lease duration) for high-latency control planes, or set `leader-election-resource-lock-timeout` where available; fix the path to the API server.',
    severity: 'warning',
    area: 'apiserver',
    sources: [issue(24701), issue(32846), pr(44500)],
    example: String.raw`2023-03-31T08:22:34.151990553Z level=error msg="Failed to update lock: Put \"https://192.168.56.11:6443/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/cilium-operator-resource-lock?timeout=5s\": net/http: request canceled (Client.Timeout exceeded while awaiting headers)" subsys=klog`,
  },
  {
    id: 'operator-lease-unreadable',
    pattern: /error retrieving resource lock [\w-]{1,64}\/cilium-operator-resource-lock/,
    components: OPERATOR,
    levels: ['error'],
    title: 'The operator cannot read its leader-election lease',
    meaning: 'The operator could not fetch the `cilium-operator-resource-lock` Lease; without it no operator leads and IPAM, identity GC and CRD work stop.',
    causes: [
      'The API server is down, overloaded, or too slow to answer within the lease request timeout (cilium/cilium issue 13185; PR 44500).',
    ],
    fix: 'Check the API server and the path to it; for high-latency control planes raise `leader-election-renew-deadline`.',
    severity: 'warning',
    area: 'apiserver',
    sources: [issue(47808), issue(13185), pr(44500)],
    example: String.raw`time=2026-08-06T07:57:37.821342032Z level=error source=/go/src/github.com/cilium/cilium/pkg/logging/klog_bridge.go:175 msg="error retrieving resource lock kube-system/cilium-operator-resource-lock: the server was unable to return a response in the time allotted, but may still be processing the request (get leases.coordination.k8s.io cilium-operator-resource-lock)" subsys=klog`,
  },
  {
    id: 'operator-lease-conflict',
    pattern: /Failed to update lock: Operation cannot be fulfilled on leases\.coordination\.k8s\.io/,
    components: OPERATOR,
    levels: ['error'],
    title: 'The operator lost a race updating its lease (harmless)',
    meaning: 'Another writer updated the Lease first; client-go retries. Cilium\'s CI lists this line among the expected, harmless errors.',
    causes: ['Two operator replicas, or a restart, updating the Lease at the same moment.'],
    fix: 'Nothing to change unless it repeats continuously together with "Leader election lost".',
    severity: 'info',
    area: 'apiserver',
    sources: [issue(16402), issue(31374), src('test/helpers/cons.go')],
    example: String.raw`2021-06-02T14:04:26.766651169Z level=error msg="Failed to update lock: Operation cannot be fulfilled on leases.coordination.k8s.io \"cilium-operator-resource-lock\": the object has been modified; please apply your changes to the latest version and try again" subsys=klog`,
  },
  {
    id: 'operator-leader-election-lost',
    pattern: /^Leader election lost$/,
    components: OPERATOR,
    levels: ['fatal'],
    title: 'The operator exits because it lost leader election',
    meaning: 'The leading operator could not renew its Lease within the renew deadline, stopped leading and exits so a new leader takes over; it restarts as a follower.',
    causes: ['The lease could not be renewed: API server slow or unreachable (see the lease errors before this line; cilium/cilium issue 32846, PR 44500).'],
    fix: 'Fix the API server path or latency; for high-latency control planes raise `leader-election-renew-deadline` and `leader-election-lease-duration`.',
    severity: 'warning',
    area: 'apiserver',
    sources: [src('operator/cmd/root.go'), issue(32846), pr(44500), built('operator/cmd/root.go')],
    example: String.raw`level=fatal msg="Leader election lost" subsys=cilium-operator-generic`,
  },

  // kvstore (etcd).
  {
    id: 'etcd-database-space-exceeded',
    pattern: /etcdserver: mvcc: database space exceeded/,
    components: [...CONTROL_PLANE],
    levels: ['error', 'fatal', 'warning'],
    title: 'The etcd kvstore is out of space and refuses writes',
    meaning: 'etcd reached its backend quota and raised the NOSPACE alarm; every write from Cilium fails until space is reclaimed.',
    causes: ['The keyspace grew past `--quota-backend-bytes`; in cilium/cilium issue 1172 an identity leak filled it.'],
    fix: 'Compact and defragment etcd, disarm the NOSPACE alarm, and raise `--quota-backend-bytes` if the data set is legitimately large (etcd maintenance docs).',
    severity: 'error',
    area: 'kvstore',
    sources: [issue(1172), 'https://etcd.io/docs/v3.5/op-guide/maintenance/#space-quota'],
    example: String.raw`time="2017-07-24T12:03:15Z" level=fatal msg="Unable to setup kvstore: Unable to contact etcd: etcdserver: mvcc: database space exceeded"`,
  },
  {
    id: 'kvstore-setup-failed',
    pattern: /Unable to setup kvstore/,
    components: [...CONTROL_PLANE],
    levels: ['fatal'],
    title: 'The component exits because it cannot connect to the kvstore',
    meaning: 'With `kvstore: etcd` the agent or operator cannot set up its etcd client and exits.',
    causes: [
      'The etcd configuration file is missing or was not yet mounted from the ConfigMap/secret (cilium/cilium issue 1853).',
      'The etcd endpoints are unreachable or reject the client certificate.',
    ],
    fix: 'Check `kvstore-opt` / `etcd-config` (endpoints, `ca-file`, `cert-file`, `key-file`) and that the secret is mounted, and that the nodes reach etcd on 2379/TCP.',
    severity: 'error',
    area: 'kvstore',
    sources: [issue(1853), src('daemon/cmd/daemon_main.go'), src('operator/cmd/root.go'), `${DOCS}/installation/k8s-install-external-etcd/`],
    example: String.raw`17:37:13 time="2017-10-23T17:34:32Z" level=fatal msg="Unable to setup kvstore" error="open /var/lib/cilium/etcd-config.yml: no such file or directory"`,
  },
  {
    id: 'kvstore-initial-list-timeout',
    pattern: /timeout while retrieving initial list of objects from kvstore/,
    components: [...CONTROL_PLANE],
    levels: ['error', 'fatal', 'warning'],
    title: 'The kvstore answers but its initial listing times out',
    meaning: 'The agent is connected to etcd but cannot list the shared state (nodes, identities); it retries and eventually restarts.',
    causes: ['etcd has no quorum although its members look healthy; a maintainer traced a crash loop to `has-quorum=false` (cilium/cilium issue 7797).'],
    fix: 'Restore etcd quorum (check `etcdctl endpoint status` for every member and the leader), then restart the agents.',
    severity: 'error',
    area: 'kvstore',
    sources: [issue(7797), issue(7248), 'https://github.com/kubernetes/kops/issues/14649', src('pkg/kvstore/store/store.go'), src('pkg/nodediscovery/nodediscovery.go')],
    example: String.raw`level=error msg="Unable to initialize local node. Retrying..." error="timeout while retrieving initial list of objects from kvstore" subsys=nodediscovery`,
  },
  {
    id: 'etcd-lease-not-found',
    pattern: /etcdserver: requested lease not found/,
    components: [...CONTROL_PLANE],
    levels: ['error', 'warning'],
    title: 'The agent keeps using an etcd lease that etcd no longer has',
    meaning: 'Writes tied to the agent\'s lease fail; the agent can stay degraded (ipcache, nodes and identities not updated) until it renews the lease or restarts.',
    causes: ['The lease expired in etcd (etcd restart, long disconnection) and the agent did not recreate it; labelled affects/v1.16, v1.17 and v1.18 by maintainers in cilium/cilium issue 42596.'],
    fix: 'Restart the affected agent so it acquires a new lease, and check cilium/cilium issue 42596 for the patch releases that address it.',
    severity: 'warning',
    area: 'kvstore',
    affects: '1.16–1.18',
    sources: [issue(42596), src('pkg/ipcache/kvstore.go'), built('pkg/ipcache/kvstore.go')],
    example: String.raw`level=warning msg="Unable to re-create alive ipcache entry" error="etcdserver: requested lease not found" ipAddr=10.0.3.17 subsys=ipcache`,
  },

  // IPAM.
  {
    id: 'podcidr-not-assigned',
    pattern: /required IPv[46] (?:PodCIDR not available|pod CIDR not present in node resource)/,
    components: AGENT,
    levels: ['warning', 'error', 'fatal'],
    title: 'The node has no pod CIDR assigned, so the agent cannot start IPAM',
    meaning: 'The agent waits for its Node (or CiliumNode) to carry a pod CIDR and cannot serve pods until it does. One line at start-up is normal; repeating lines mean no CIDR is coming.',
    causes: [
      'In `kubernetes` IPAM mode the pod CIDRs come from kube-controller-manager, which allocates them only with `--allocate-node-cidrs` (Kubernetes host-scope IPAM docs; cilium/cilium PR 4330).',
      'The cluster CIDR is exhausted: a /21 cluster CIDR with /24 per node serves only 8 nodes (canonical/k8s-snap issue 1762).',
    ],
    fix: 'Give the controller-manager (or the cluster-pool operator) a cluster CIDR large enough for all nodes at the per-node mask size, or switch IPAM mode.',
    severity: 'error',
    area: 'ipam',
    sources: ['https://github.com/canonical/k8s-snap/issues/1762', pr(4330), src('Documentation/network/concepts/ipam/kubernetes.rst'), issue(29680), issue(12956), src('daemon/k8s/init.go')],
    example: String.raw`time="2025-08-12T16:57:41Z" level=warning msg="Waiting for k8s node information" error="required IPv4 PodCIDR not available" subsys=daemon`,
  },
  {
    id: 'multi-pool-empty',
    pattern: /Failed to allocate PodCIDRs to node.{0,300}?pool empty|failed to allocate ipv[46] address for node .{0,200}?pool empty/,
    components: OPERATOR,
    levels: ['warning', 'error'],
    title: 'A multi-pool IPAM pool has no CIDR left for a node',
    meaning: 'The operator cannot hand a node another PodCIDR from the pool, so pods using that pool on the node get no IP.',
    causes: ['All CIDRs of the CiliumPodIPPool are handed out: each node gets PodCIDRs of the pool\'s `maskSize` from its `cidrs` (multi-pool docs); cilium/cilium issue 41986 reports the warning, there after extending a pool.'],
    fix: 'Add CIDRs to the CiliumPodIPPool (or a larger one), or lower the per-node mask size for new pools; the pool docs describe what can be changed at run time.',
    severity: 'error',
    area: 'ipam',
    sources: [issue(41986), src('pkg/ipam/allocator/multipool/node_handler.go'), src('pkg/ipam/allocator/multipool/pool.go'), src('Documentation/network/concepts/ipam/multi-pool.rst')],
    example: String.raw`{"error":"failed to allocate ipv4 address for node \"my-cluster-md-worker-default-jqzz7-hlldv\" from pool \"default\": pool empty","level":"warning","msg":"Failed to allocate PodCIDRs to node","nodeName":"my-cluster-md-worker-default-jqzz7-hlldv","subsys":"ipam-allocator-multi-pool"}`,
  },
  {
    id: 'eni-instance-limit-exceeded',
    pattern: /\bAttachmentLimitExceeded: |\bIpAddressLimitExceeded: /,
    components: OPERATOR,
    levels: ['warning', 'error'],
    title: "The operator exceeds the instance's ENI or per-ENI address limit",
    meaning: 'AWS rejects attaching another ENI or more addresses because the instance type limit is reached; the node cannot get more pod IPs.',
    causes: [
      'The node runs as many pods as its instance type allows ENIs × addresses; the limits are hard-coded per instance type in Cilium (ENI docs).',
      'Hard-coded limits that do not match the instance type, or an off-by-one (fixed by cilium/cilium PR 15911).',
    ],
    fix: 'Use a larger instance type or prefix delegation; correct the limits with `--aws-instance-limit-mapping` or `--update-ec2-adapter-limit-via-api` on the operator.',
    severity: 'warning',
    area: 'ipam',
    sources: [issue(8830), issue(9730), pr(15911), src('Documentation/network/concepts/ipam/eni.rst'), src('pkg/ipam/node_manager.go')],
    example: String.raw`level=warning msg="Unable to resolve IP deficit of node" error="unable to attach ENI at index 3: AttachmentLimitExceeded: Interface count 4 exceeds the limit for m5.large\n\tstatus code: 400, request id: 76e06519-1ee4-47eb-99cc-2b1f89bea995" instanceID=i-03257a25208a0412c name=ip-192-168-60-230.us-west-2.compute.internal subsys=eni`,
  },
  {
    id: 'azure-ipam-not-authorized',
    pattern: /Unable to synchronize Azure \w+ list.{0,300}?(?:AuthorizationFailed|StatusCode=403)/,
    components: OPERATOR,
    levels: ['warning', 'error'],
    title: "The operator's Azure credentials may not read the network resources",
    meaning: 'Azure IPAM cannot list virtual networks or instances (HTTP 403), so the operator cannot allocate pod IPs.',
    causes: ['The service principal or managed identity of the operator lacks privileges (cilium-cli needed to grant Contributor, cilium/cilium-cli PR 718); Azure returns 403 for list-all calls when it has no access to the subscription (cilium/cilium issue 16079).'],
    fix: 'Give the operator identity the roles the Azure IPAM docs require on the resource group / VNet, and set `azure-resource-group` and the identity flags.',
    severity: 'error',
    area: 'ipam',
    sources: ['https://github.com/cilium/cilium-cli/pull/718', issue(16079), src('pkg/azure/ipam/instances.go')],
    example: String.raw`level=warning msg="Unable to synchronize Azure virtualnetworks list" error="network.VirtualNetworksClient#ListAll: Failure responding to request: StatusCode=403 -- Original Error: autorest/azure: Service returned an error. Status=403 Code=\"AuthorizationFailed\" Message=\"The client 'd09fb531-793a-40fc-b934-7af73ca60e32' with object id 'd09fb531-793a-40fc-b934-7af73ca60e32' does not have authorization to perform action 'Microsoft.Network/virtualNetworks/read' over scope '/subscriptions/22716d91-fb67-4a07-ac5f-d36ea49d6167' or the scope is invalid. If access was recently granted, please refresh your credentials.\"" subsys=azure`,
  },
  {
    id: 'ipam-allocator-start-failed',
    pattern: /Unable to start [\w-]{1,32} allocator|Unable to init [\w-]{1,32} allocator/,
    components: OPERATOR,
    levels: ['fatal'],
    title: 'The operator exits because its IPAM allocator cannot start',
    meaning: 'The operator could not initialise the IPAM mode configured (cloud API sync, CIDR parsing) and exits; no node gets new pod IPs.',
    causes: [
      'Cloud IPAM (Azure, ENI, Alibaba Cloud): the first synchronisation with the cloud API failed, usually missing permissions (cilium/cilium-cli PR 718).',
      'cluster-pool: `cluster-pool-ipv4-cidr` missing or invalid.',
    ],
    fix: 'Read the warning lines just before it: grant the cloud permissions, or fix the pool CIDRs in the operator configuration.',
    severity: 'error',
    area: 'ipam',
    sources: ['https://github.com/cilium/cilium-cli/pull/718', src('operator/cmd/root.go'), src('pkg/ipam/allocator/clusterpool/clusterpool.go')],
    example: String.raw`level=fatal msg="Unable to start azure allocator" error="Initial synchronization with instances API failed" subsys=cilium-operator-azure`,
  },

  // Identity and policy.
  {
    id: 'identity-space-exhausted',
    pattern: /no more available IDs in configured space/,
    components: [...CONTROL_PLANE],
    levels: ['warning', 'error'],
    title: 'The cluster has run out of security identities',
    meaning: 'Every numeric identity in the range is taken; new pods with new label sets get no identity and are not ready.',
    causes: ['Labels that are unique per pod (Job `controller-uid`, `job-name`, hashes, timestamps) create an identity per pod instead of per workload (identity-relevant labels docs; cilium/cilium issue 19279).'],
    fix: 'Exclude such labels from identity with the `labels` option (e.g. `labels: "!controller-uid !job-name"`), then let identity garbage collection release the old identities.',
    severity: 'error',
    area: 'identity',
    sources: [issue(19279), src('pkg/allocator/allocator.go'), src('Documentation/operations/performance/scalability/identity-relevant-labels.rst'), `${DOCS}/operations/performance/scalability/identity-relevant-labels/`],
    example: String.raw`2022-09-11T04:57:37+03:00 level=warning msg="Key allocation attempt failed" attempt=9 error="no more available IDs in configured space" key="[k8s:controller-uid=8afe082f-8ac6-4143-ac58-11ced3dbaea3 k8s:io.cilium.k8s.namespace.labels.kubernetes.io/metadata.name=organization k8s:io.cilium.k8s.namespace.labels.name=organization k8s:io.cilium.k8s.policy.cluster=default k8s:io.cilium.k8s.policy.serviceaccount=default k8s:io.kubernetes.pod.namespace=organization k8s:job-name=some-job-27714261]" subsys=allocator`,
  },
  {
    id: 'identity-kvstore-lock-timeout',
    pattern: /Key allocation attempt failed.{0,600}?(?:etcd client timeout exceeded|Error while locking path)/,
    components: AGENT,
    levels: ['warning'],
    title: 'Identity allocation fails because the kvstore does not answer in time',
    meaning: 'The agent cannot take the etcd lock to allocate an identity; endpoints with new label sets stay without identity.',
    causes: ['etcd is slow or without quorum, or a stale identity lock is held (maintainers\' analysis in cilium/cilium issues 7770 and 9855).'],
    fix: 'Check etcd health and quorum; stale locks under `cilium/state/identities/v1/locks` can be removed once etcd is healthy (issue 9855).',
    severity: 'warning',
    area: 'identity',
    sources: [issue(7770), issue(9855), src('pkg/allocator/allocator.go'), src('pkg/kvstore/etcd.go')],
    example: String.raw`2019-04-17T20:12:24.708241686Z level=warning msg="Key allocation attempt failed" attempt=0 error="Error while locking path cilium/state/identities/v1/locks/k8s:io.cilium.k8s.policy.cluster=default;k8s:io.cilium.k8s.policy.serviceaccount=default;k8s:io.kubernetes.pod.namespace=default;k8s:zgroup=testDSClient;: etcd client timeout exceeded" key="k8s:io.cilium.k8s.policy.cluster=default,k8s:io.cilium.k8s.policy.serviceaccount=default,k8s:io.kubernetes.pod.namespace=default,k8s:zgroup=testDSClient" subsys=allocator`,
  },
  {
    id: 'cnp-import-failed',
    pattern: /Unable to add Cilium(?:Clusterwide)?NetworkPolicy/,
    components: AGENT,
    levels: ['warning', 'error'],
    title: 'A CiliumNetworkPolicy was rejected by the agent and is not enforced',
    meaning: 'The agent could not parse or import the policy; none of its rules apply (the whole object is skipped, even if only one rule is wrong).',
    causes: [
      'A rule combination the agent does not support, e.g. `toServices` with `toPorts` (cilium/cilium issue 37057), `nodeSelector` in a namespaced policy, or an empty rule.',
      'CRD validation lets some of these through, so `kubectl apply` succeeds while the agent refuses the policy (issues 26384, 38795).',
    ],
    fix: 'Fix the rule the error names and re-apply; check `kubectl get cnp -o yaml` status conditions and the agent log after each policy change.',
    severity: 'error',
    area: 'policy',
    sources: [issue(37057), issue(38795), pr(38801), src('pkg/policy/k8s/cilium_network_policy.go'), src('pkg/k8s/apis/cilium.io/v2/cnp_types.go'), built('pkg/policy/k8s/cilium_network_policy.go')],
    example: String.raw`level=warning msg="Unable to add CiliumNetworkPolicy" ciliumNetworkPolicyName=example error="Invalid CiliumNetworkPolicy spec: Combining ToServices and ToPorts is not supported yet" k8sApiVersion=cilium.io/v2 k8sNamespace=example-namespace subsys=k8s-watcher`,
  },

  // ClusterMesh.
  {
    id: 'clustermesh-cluster-id-conflict',
    pattern: /clusterID \d+ is (?:assigned to the local cluster|already used)/,
    components: MESH,
    levels: ['warning', 'error'],
    title: 'A remote cluster uses a cluster ID that is already taken',
    meaning: 'The agent refuses the connection to a remote cluster whose cluster ID equals the local one or another remote\'s; no state is exchanged with it.',
    causes: ['Two clusters of the mesh were installed with the same `cluster-id`; maintainers call this "a clear indicator of a misconfiguration" (cilium/cilium PR 32753).'],
    fix: 'Give every cluster of the mesh a unique `cluster-id` (1–255) and `cluster-name`; changing them needs a restart of the workloads (ClusterMesh docs).',
    severity: 'error',
    area: 'clustermesh',
    sources: [pr(32753), src('pkg/clustermesh/idsmgr.go'), src('pkg/clustermesh/remote_cluster.go'), src('Documentation/operations/troubleshooting_clustermesh.rst'), built('pkg/clustermesh/common/remote_cluster.go')],
    example: String.raw`level=warning msg="Connection to remote cluster failed" clusterName=cluster2 error="clusterID 1 is assigned to the local cluster" subsys=clustermesh`,
  },
  {
    id: 'clustermesh-remote-config-not-found',
    pattern: /Unable to get remote cluster configuration/,
    components: MESH,
    levels: ['warning'],
    title: "The remote cluster's configuration is not found in its kvstore",
    meaning: 'The agent reached the remote etcd but found no CiliumClusterConfig for that cluster name, so it does not synchronise with it.',
    causes: [
      'The name in the `cilium-clustermesh` secret does not match the remote `cluster-name` (the hint in the log line).',
      'KVStoreMesh is enabled but not connected to that remote cluster.',
    ],
    fix: 'Make the file names in `cilium-clustermesh` match the remote cluster names and check `kvstoremesh-dbg status`; `cilium-dbg troubleshoot clustermesh` runs the checks.',
    severity: 'error',
    area: 'clustermesh',
    sources: [src('pkg/clustermesh/common/remote_cluster.go'), src('Documentation/operations/troubleshooting_clustermesh.rst'), issue(29161), built('pkg/clustermesh/common/remote_cluster.go')],
    example: String.raw`level=warning msg="Unable to get remote cluster configuration" clusterName=cluster2 error="failed to retrieve cluster configuration: not found" hint="If KVStoreMesh is enabled, check whether it is connected to the target cluster. Additionally, ensure that the cluster name is correct." subsys=clustermesh`,
  },
  {
    id: 'clustermesh-etcd-unreachable',
    pattern: /Unable to establish etcd connection to remote cluster/,
    components: MESH,
    levels: ['warning'],
    title: "The agent cannot connect to a remote cluster's clustermesh-apiserver",
    meaning: 'No connection to the remote etcd: services, endpoints and identities of that cluster are not known here.',
    causes: [
      '`hostAliases` (of the DaemonSet, or of clustermesh-apiserver with KVStoreMesh) do not map the remote name to the remote LoadBalancer IP, or that IP is not reachable.',
      'A firewall drops port 2379/TCP between the clusters, or the remote TLS certificates (`clustermesh-apiserver-remote-cert`) do not match.',
    ],
    fix: 'Check the remote address and reachability on 2379/TCP and the TLS secrets as the ClusterMesh troubleshooting guide lists; `cilium-dbg troubleshoot clustermesh` tests DNS, TCP and TLS.',
    severity: 'error',
    area: 'clustermesh',
    sources: [src('Documentation/operations/troubleshooting_clustermesh.rst'), `${DOCS}/operations/troubleshooting/#troubleshooting-clustermesh`, src('pkg/clustermesh/common/remote_cluster.go'), built('pkg/clustermesh/common/remote_cluster.go')],
    example: String.raw`level=warning msg="Unable to establish etcd connection to remote cluster" clusterName=cluster2 error="context deadline exceeded" subsys=clustermesh`,
  },

  // Hubble.
  {
    id: 'hubble-relay-peer-service-unreachable',
    pattern: /Failed to create peer (?:notify )?client for peers (?:synchronization|change notification)/,
    components: RELAY,
    levels: ['warning'],
    title: 'Hubble Relay cannot reach the hubble-peer service',
    meaning: 'Relay gets no list of agents to collect flows from, so `hubble observe` and Hubble UI show nothing. A single line at start-up is recoverable: Relay retries.',
    causes: [
      'The agents are not serving the peer service yet (still starting or crash-looping) — a maintainer\'s reading in cilium/cilium issue 29726.',
      'The `hubble-peer` service points at the wrong pods or port (it must reach the agents\' gRPC peer service; cilium/hubble issue 739).',
    ],
    fix: 'Check that the agents run with Hubble enabled and that `hubble-peer` selects the agent pods on its target port; persistent lines need fixing, a few at start-up do not.',
    severity: 'warning',
    area: 'hubble',
    sources: [issue(29726), issue(35930), 'https://github.com/cilium/hubble/issues/739', src('pkg/hubble/relay/pool/manager.go')],
    example: String.raw`2023-12-08T09:15:39.352601630Z level=warning msg="Failed to create peer client for peers synchronization; will try again after the timeout has expired" error="context deadline exceeded" subsys=hubble-relay target="hubble-peer.kube-system.svc.cluster.local:443"`,
  },
  {
    id: 'hubble-relay-peer-tls-failed',
    pattern: /Failed to create gRPC client.{0,400}?(?:x509|tls: |authentication handshake failed)/,
    components: RELAY,
    levels: ['warning'],
    title: "Hubble Relay rejects an agent's Hubble TLS certificate",
    meaning: 'Relay reaches the agent on 4244 but the TLS handshake fails, so that node\'s flows are missing.',
    causes: [
      'The Hubble server certificates lack the expected SAN (`*.<cluster>.hubble-grpc.cilium.io`) or rely on the legacy Common Name (cilium/cilium PR 16900).',
      'Certificates generated by the Helm method expired: they are not renewed automatically (Hubble TLS docs).',
    ],
    fix: 'Regenerate the Hubble certificates (`hubble.tls.auto.method=cronJob` or `certmanager` renew them; with `helm` run `helm upgrade` before they expire).',
    severity: 'warning',
    area: 'hubble',
    sources: [pr(16900), src('Documentation/observability/hubble/configuration/tls.rst'), src('pkg/hubble/relay/pool/manager.go')],
    example: String.raw`2021-07-29T13:03:06.177107712Z level=warning msg="Failed to create gRPC client" address="192.168.36.11:4244" error="context deadline exceeded: connection error: desc = \"transport: authentication handshake failed: x509: certificate relies on legacy Common Name field, use SANs or temporarily enable Common Name matching with GODEBUG=x509ignoreCN=0\"" hubble-tls=true next-try-in=10m40s peer=k8s1 subsys=hubble-relay`,
  },
  {
    id: 'hubble-relay-peer-port-unreachable',
    pattern: /Failed to create gRPC client.{0,400}?(?:connection refused|i\/o timeout|no route to host)/,
    components: RELAY,
    levels: ['warning'],
    title: "Hubble Relay cannot connect to an agent's Hubble server on port 4244",
    meaning: 'That node\'s flows are missing from Relay and Hubble UI.',
    causes: ['Port 4244/TCP (Hubble server) is blocked between the Relay pod and the node (system requirements, firewall rules), or Hubble is disabled on that agent.'],
    fix: 'Allow 4244/TCP from the Relay pods to all nodes and check that the agent runs with `enable-hubble: "true"`.',
    severity: 'warning',
    area: 'hubble',
    sources: [src('Documentation/operations/system_requirements.rst'), src('pkg/hubble/relay/pool/manager.go'), issue(35930), built('pkg/hubble/relay/pool/manager.go')],
    example: String.raw`level=warning msg="Failed to create gRPC client" address="10.0.0.58:4244" error="context deadline exceeded: connection error: desc = \"transport: error while dialing: dial tcp 10.0.0.58:4244: connect: connection refused\"" hubble-tls=true next-try-in=10s peer=worker02 subsys=hubble-relay`,
  },

  // Envoy.
  {
    id: 'envoy-xds-nack',
    pattern: /NACK received for versions? /,
    components: AGENT,
    levels: ['warning'],
    title: 'Envoy rejected the configuration the agent sent it',
    meaning: 'Envoy NACKed an xDS resource (listener, policy, cluster); the agent waits for a new version, and the L7 policy or Envoy config behind it is not in effect.',
    causes: [
      'Invalid configuration reaching Envoy, e.g. a CiliumEnvoyConfig Envoy does not accept or duplicate policy host entries (cilium/cilium issue 4850); maintainers treat a NACK as a bug in the agent–Envoy messaging (issue 4003).',
    ],
    fix: 'Find the resource in the `xdsDetail`/error of the line and in the Envoy log; fix or remove the offending CiliumEnvoyConfig or policy, otherwise report it.',
    severity: 'error',
    area: 'envoy',
    sources: [issue(4003), issue(4850), pr(3035), src('pkg/envoy/xds/server.go')],
    example: String.raw`2018-05-02T18:12:11.553169579Z level=warning msg="NACK received for version 1; waiting for a version update before sending again" xdsClientNode="id:\"host~127.0.0.1~no-id~localdomain\" cluster:\"cluster1\" build_version:\"73a30b301854eafb7954263e8792ed2fcca51da6/1.7.0-dev/Distribution/RELEASE\" " xdsNonce=1 xdsStreamID=1 xdsTypeURL=type.googleapis.com/envoy.api.v2.Listener xdsVersionInfo=`,
  },
  {
    id: 'envoy-version-check-failed',
    pattern: /Envoy: Version check failed/,
    components: AGENT,
    levels: ['error'],
    title: 'The agent cannot confirm the version of the Envoy it uses',
    meaning: 'The agent checks every 5 minutes that Envoy answers with the version it was built for; the check failed.',
    causes: [
      'The cilium-envoy DaemonSet pod on this node is not ready yet (the reason the check is periodic rather than fatal, per the code).',
      'cilium-envoy runs another version than the agent expects (mixed image versions after a partial upgrade).',
    ],
    fix: 'Check the cilium-envoy pod on the node; keep the cilium-envoy image at the version the chart of the agent sets.',
    severity: 'warning',
    area: 'envoy',
    sources: [src('pkg/envoy/cell.go'), src('pkg/envoy/versioncheck.go'), issue(35228), built('pkg/envoy/cell.go')],
    example: String.raw`level=error msg="Envoy: Version check failed" error="failed to retrieve Envoy version: context deadline exceeded" subsys=envoy-manager`,
  },
  {
    id: 'envoy-xds-stream-to-agent-closed',
    pattern: /gRPC config stream to xds-grpc-cilium closed/,
    components: ENVOY,
    levels: ['warning', 'error'],
    title: 'cilium-envoy lost its configuration stream from the agent',
    meaning: 'The standalone Envoy cannot reach the agent\'s xDS server over the shared socket, so it gets no new listeners or policy; L7 proxying and Gateway/Ingress traffic on this node can break.',
    causes: [
      'The agent on the node is down or restarting; a repeated status 14 (unavailable) is actionable only when it persists (envoyproxy/envoy issue 14591).',
      'After an agent restart Envoy did not recover its connection (cilium/cilium issue 35425).',
    ],
    fix: 'Fix the agent on that node first; if the agent is healthy and the line repeats, restart the cilium-envoy pod.',
    severity: 'warning',
    area: 'envoy',
    sources: [issue(35425), 'https://github.com/envoyproxy/envoy/issues/14591'],
    example: String.raw`[2024-10-17 17:11:30.708][7][warning][config] [external/envoy/source/extensions/config_subscription/grpc/grpc_stream.h:193] StreamEndpoints gRPC config stream to xds-grpc-cilium closed since 681s ago: 14, upstream connect error or disconnect/reset before headers. reset reason: remote connection failure, transport failure reason: immediate connect error: Connection refused`,
  },
  {
    id: 'envoy-agent-socket-refused',
    pattern: /Connect to \/var\/run\/cilium\/envoy\/sockets\/\S+ failed: Connection refused/,
    components: ENVOY,
    levels: ['warning', 'error'],
    title: "cilium-envoy cannot connect to the agent's sockets",
    meaning: 'Envoy cannot deliver access logs (or reach other agent sockets); Hubble L7 visibility from this node is lost.',
    causes: ['The agent on the node is not running or restarting (cilium/cilium issue 35425).'],
    fix: 'Fix the agent on that node; the lines stop once it listens again.',
    severity: 'warning',
    area: 'envoy',
    sources: [issue(35425)],
    example: String.raw`[2024-10-17 17:11:30.530][15][warning][router] [cilium/uds_client.cc:71] Connect to /var/run/cilium/envoy/sockets/access_log.sock failed: Connection refused`,
  },
  {
    id: 'envoy-initial-fetch-timeout',
    pattern: /gRPC config: initial fetch timed out for type\.googleapis\.com\//,
    components: ENVOY,
    levels: ['warning'],
    title: 'cilium-envoy started but got no configuration from the agent',
    meaning: 'Envoy runs without the clusters or listeners the agent serves over xDS; proxied traffic on this node fails.',
    causes: ['The agent on the node is not (yet) serving xDS on the shared socket; the reporter of cilium/cilium issue 38997 found `xds.sock` missing or refusing connections.'],
    fix: 'Check that the agent on that node is running and ready; Envoy picks up its configuration once the agent serves xDS.',
    severity: 'warning',
    area: 'envoy',
    sources: [issue(38997)],
    example: String.raw`[2025-04-17 08:15:40.964][7][warning][config] [external/envoy/source/extensions/config_subscription/grpc/grpc_subscription_impl.cc:130] gRPC config: initial fetch timed out for type.googleapis.com/envoy.config.cluster.v3.Cluster`,
  },
  {
    id: 'envoy-running-with-privileges',
    pattern: /cilium-envoy running with privileges, exiting/,
    components: ENVOY,
    levels: ['error', 'fatal'],
    title: 'cilium-envoy exits because it was started with capabilities',
    meaning: 'cilium-envoy refuses to run with effective or permitted capabilities and exits; the DaemonSet crash-loops.',
    causes: ['The Envoy container\'s securityContext grants capabilities the image does not expect, e.g. 1.15 images run with the 1.14.4 chart (cilium/cilium issue 29975).'],
    fix: 'Deploy cilium-envoy with the chart of the same Cilium version so its securityContext matches the image.',
    severity: 'error',
    area: 'envoy',
    sources: [issue(29975)],
    example: String.raw`assert failure: get_capabilities(CAP_EFFECTIVE) == 0 && get_capabilities(CAP_PERMITTED) == 0. Details: cilium-envoy running with privileges, exiting`,
  },

  // Init containers.
  {
    id: 'mount-cgroup-no-cgroup-namespace',
    pattern: /nsenter: cannot open \/hostproc\/1\/ns\/cgroup/,
    components: INIT,
    levels: ['error'],
    title: 'The mount-cgroup init container fails because the kernel has no cgroup namespaces',
    meaning: 'The init container cannot enter the host cgroup namespace, so the agent pod stays in Init:CrashLoopBackOff.',
    causes: ['The node kernel is too old for Cilium (CentOS 7\'s 3.10 kernel has no cgroup namespaces); rke2 documents that Cilium needs a 4.8 or newer kernel.'],
    fix: 'Run the nodes on a supported kernel (see the system requirements).',
    severity: 'error',
    area: 'kernel',
    sources: ['https://github.com/kubermatic/kubermatic/issues/9222', 'https://github.com/rancher/rke2/issues/3571', src('install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml'), 'example taken from the node CRI log file quoted in kubermatic/kubermatic issue 9222 (its "stderr F" stream tag kept)'],
    example: String.raw`2022-03-03T14:22:25.387654016Z stderr F nsenter: cannot open /hostproc/1/ns/cgroup: No such file or directory`,
  },
  {
    id: 'mount-cgroup-setns-denied',
    pattern: /nsenter: reassociate to namespace '[^']{1,32}' failed: Operation not permitted/,
    components: INIT,
    levels: ['error'],
    title: 'An init container cannot enter the host namespaces',
    meaning: 'mount-cgroup (or apply-sysctl-overwrites) cannot setns() into the host mount namespace; the agent pod stays in Init.',
    causes: ['The container runtime does not grant the capability setns needs; CRI-O does not add `SYS_CHROOT` by default, fixed in the chart by cilium/cilium PR 19903 (1.12.0-rc2 report).'],
    fix: 'Use a chart that adds `SYS_CHROOT` to the init containers (PR 19903), or add it in `securityContext.capabilities.mountCgroup`/`applySysctlOverwrites`.',
    severity: 'error',
    area: 'cni',
    affects: '1.12.0-rc2 on CRI-O',
    sources: [issue(20150), 'https://github.com/cilium/cilium/pull/19903'],
    example: String.raw`nsenter: reassociate to namespace 'ns/mnt' failed: Operation not permitted`,
  },
  {
    id: 'mount-cgroup-no-host-shell',
    pattern: /nsenter: failed to execute sh: No such file or directory/,
    components: INIT,
    levels: ['error'],
    title: 'The mount-cgroup init container needs a shell on the host',
    meaning: 'The 1.10.2 init container ran `sh` in the host mount namespace; hosts without a shell (Talos) fail it with exit code 127.',
    causes: ['Cilium 1.10.2 on a minimal host OS without `sh` (Talos); the init container was changed to run a static binary (cilium/cilium PR 16815).'],
    fix: 'Upgrade to a release with PR 16815 (the `cilium-mount` binary), or set `cgroup.autoMount.enabled=false` and mount cgroup2 on the host.',
    severity: 'error',
    area: 'cni',
    affects: '1.10.2',
    sources: [issue(16771), pr(16815), 'example taken from the title of cilium/cilium issue 16771'],
    example: String.raw`nsenter: failed to execute sh: No such file or directory`,
  },
  {
    id: 'init-hostbin-not-writable',
    pattern: /cannot create regular file '\/hostbin\/cilium-(?:mount|sysctlfix)': (?:Read-only file system|Permission denied)/,
    components: INIT,
    levels: ['error'],
    title: 'An init container cannot write its helper into the CNI binary directory',
    meaning: 'mount-cgroup and apply-sysctl-overwrites copy a helper into `cni.binPath` on the host and run it there; the directory is not writable, so the pod stays in Init.',
    causes: ['`cni.binPath` points to a read-only directory: on GKE the writable CNI directory is `/home/kubernetes/bin` (the Helm install docs set `cni.binPath=/home/kubernetes/bin` for GKE; cilium/cilium issue 35336).'],
    fix: 'Set `cni.binPath` to the writable CNI binary directory of the platform (GKE: `/home/kubernetes/bin`).',
    severity: 'error',
    area: 'cni',
    sources: [issue(35336), 'https://github.com/canonical/k8s-snap/issues/567', src('Documentation/installation/k8s-install-helm.rst'), src('install/kubernetes/cilium/templates/cilium-agent/daemonset.yaml')],
    example: String.raw`cp: cannot create regular file '/hostbin/cilium-mount': Read-only file system`,
  },
  {
    id: 'install-cni-binaries-permission-denied',
    pattern: /\/host\/opt\/cni\/bin\/[.\w-]{1,64}': Permission denied/,
    components: INIT,
    levels: ['error'],
    title: 'install-cni-binaries cannot write the CNI plugin to the host',
    meaning: 'The init container cannot copy `cilium-cni` into the host CNI directory, so the kubelet has no Cilium plugin on this node.',
    causes: ['The host CNI binary directory (`cni.binPath`) is owned by another user with restrictive permissions (mode 0700 for uid 1999 in cilium/cilium issue 24889).'],
    fix: 'Make `cni.binPath` writable by root in the container (ownership/mode on the host) or point it at the directory the kubelet and container runtime use.',
    severity: 'error',
    area: 'cni',
    sources: [issue(24889), src('plugins/cilium-cni/install-plugin.sh')],
    example: String.raw`cp: failed to access '/host/opt/cni/bin/.cilium-cni.new': Permission denied`,
  },

  // Resources.
  {
    id: 'too-many-open-files',
    pattern: /too many open files/i,
    components: ['cilium-agent', 'cilium-operator', 'hubble-relay', 'clustermesh-apiserver', 'init'],
    levels: ['warning', 'error', 'fatal'],
    title: 'The process ran out of file descriptors or inotify instances',
    meaning: 'A file, socket or watcher could not be created (EMFILE); the feature that needed it (CNI config watcher, certificate reload, connections) stops working.',
    causes: ['The node\'s `fs.inotify.max_user_instances` (or the open-files limit) is too low for the pods on it; Cilium maintainers hit it in CI when the sysctl was not applied (cilium/cilium PR 35542).'],
    fix: 'Raise `fs.inotify.max_user_instances`/`max_user_watches` (and the nofile limit) on the nodes and make the sysctl persistent.',
    severity: 'warning',
    area: 'resources',
    sources: [pr(35542), src('daemon/cmd/cni/config.go'), built('daemon/cmd/cni/config.go')],
    example: String.raw`level=warning msg="Failed to create watcher: too many open files" subsys=cni-config`,
  },

  // Go runtime crashes.
  {
    id: 'go-concurrent-map-access',
    pattern: /^fatal error: concurrent map (?:writes|read and map write|iteration and map write)/,
    components: ['cilium-agent', 'cilium-operator', 'hubble-relay', 'clustermesh-apiserver'],
    levels: ['panic'],
    title: 'The process crashed on a concurrent map access (a Cilium bug)',
    meaning: 'The Go runtime aborted the process on a data race; the goroutine dump that follows names the code. The container restarts.',
    causes: ['A race in this Cilium version; maintainers fix each one (cilium/cilium issue 12460 in 1.8.1, issue 33468 in pkg/auth on 1.15.6).'],
    fix: 'Search the issues for the top frame of the goroutine dump and upgrade to the patch release with the fix; report it with the dump if none exists.',
    severity: 'error',
    area: 'other',
    sources: [issue(12460), issue(40855), issue(33468), 'example taken from the title of cilium/cilium issue 12460 (cilium-agent 1.8.1)'],
    example: String.raw`fatal error: concurrent map writes`,
  },
  {
    id: 'go-nil-pointer-panic',
    pattern: /^panic: runtime error: invalid memory address or nil pointer dereference/,
    components: ['cilium-agent', 'cilium-operator', 'hubble-relay', 'clustermesh-apiserver'],
    levels: ['panic'],
    title: 'The process crashed on a nil pointer (a Cilium bug)',
    meaning: 'A nil pointer dereference panicked the process; the stack that follows names the function. The container restarts and may crash-loop if the state that triggers it persists.',
    causes: ['A bug in this Cilium version, often on an error path, e.g. the load-balancer reconciler after a full BPF map in 1.18.6 (cilium/cilium issue 44852).'],
    fix: 'Search the issues for the top frame of the stack and upgrade to the patch release with the fix; remove the trigger (here: the full map) meanwhile.',
    severity: 'error',
    area: 'other',
    sources: [issue(44852)],
    example: String.raw`panic: runtime error: invalid memory address or nil pointer dereference`,
  },
];

/** Messages are cut to this length before matching: every pattern's anchor sits in the first few hundred characters,
 *  and a megabyte-long message (a dumped object) must not cost more than a short one. */
const MAX_MESSAGE = 4096;

interface Compiled {
  entry: KnownMessage;
  /** Lower-case literals of which one occurs in every match, or null when the pattern has none to offer. */
  literals: readonly string[] | null;
}

interface Group {
  prefilter: RegExp | null;
  entries: readonly Compiled[];
}

const groups = new Map<string, Group>();

function groupFor(component: Component, level: LogLevel): Group {
  const key = `${component}\0${level}`;
  let group = groups.get(key);
  if (!group) {
    const entries = KNOWN_MESSAGES.filter((e) => e.components.includes(component) && e.levels.includes(level)).map((entry) => ({ entry, literals: requiredLiterals(entry.pattern.source) }));
    // One pass over the message rejects the common case (an error nobody catalogued); without literals for some
    // entry there is no safe pre-filter for the group.
    const all = entries.every((c) => c.literals !== null) ? entries.flatMap((c) => c.literals as string[]) : null;
    group = { prefilter: all && all.length > 0 ? new RegExp(all.map(escapeRegExp).join('|'), 'i') : null, entries };
    groups.set(key, group);
  }
  return group;
}

/** The entry matching one log record's message, or null. Fast: called for every error line and every warning line. */
export function matchKnownMessage(message: string, component: Component, level: LogLevel): KnownMessage | null {
  const group = groupFor(component, level);
  if (group.entries.length === 0) return null;
  const text = message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message;
  if (group.prefilter && !group.prefilter.test(text)) return null;
  let lower: string | null = null;
  for (const c of group.entries) {
    if (c.literals) {
      lower ??= text.toLowerCase();
      const l = lower;
      if (!c.literals.some((lit) => l.includes(lit))) continue;
    }
    if (c.entry.pattern.test(text)) return c.entry;
  }
  return null;
}

/** True when some entry makes a warning with this message decisive for this component (cheap pre-filter). */
export function isDecisiveWarning(message: string, component: Component): boolean {
  return matchKnownMessage(message, component, 'warning') !== null;
}

/**
 * Literal substrings of which at least one occurs in every match of `source`, lower-cased; null when some
 * alternative has no literal of three characters or more. Only the top-level alternation is split; inside a branch
 * the longest run of plain characters outside groups, classes and quantified atoms is taken.
 * @internal exported for the knowledge test
 */
export function requiredLiterals(source: string): string[] | null {
  const out: string[] = [];
  for (const branch of splitTopLevel(source)) {
    const best = longestLiteral(branch);
    if (best.length < 3) return null;
    out.push(best.toLowerCase());
  }
  return out;
}

function splitTopLevel(source: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (ch === ']') inClass = false;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      branches.push(source.slice(start, i));
      start = i + 1;
    }
  }
  branches.push(source.slice(start));
  return branches;
}

function longestLiteral(branch: string): string {
  let best = '';
  let run = '';
  const flush = () => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < branch.length; i++) {
    const ch = branch[i] as string;
    let literal: string | null = null;
    let next = i + 1;
    if (ch === '\\') {
      const esc = branch[i + 1] ?? '';
      next = i + 2;
      // `\d`, `\s`, `\b`, … are classes or assertions; `\.`, `\/`, `\(` are the character itself.
      literal = /[A-Za-z0-9]/.test(esc) ? null : esc;
    } else if (ch === '[') {
      next = skipClass(branch, i);
    } else if (ch === '(') {
      next = skipGroup(branch, i);
    } else if (!'^$.|?*+{}'.includes(ch)) {
      literal = ch;
    }
    const q = quantifierAt(branch, next);
    if (literal !== null && q === null) {
      run += literal;
    } else {
      // A repeated atom still occurs once when its minimum is not zero, but nothing after it is contiguous.
      if (literal !== null && q !== null && q.min > 0) run += literal;
      flush();
    }
    i = (q ? q.end : next) - 1;
  }
  flush();
  return best;
}

/** The quantifier starting at `at` (`?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`, each optionally lazy), or null. */
function quantifierAt(s: string, at: number): { min: number; end: number } | null {
  const ch = s[at];
  let min: number;
  let end: number;
  if (ch === '?' || ch === '*') [min, end] = [0, at + 1];
  else if (ch === '+') [min, end] = [1, at + 1];
  else if (ch === '{') {
    const m = /^\{(\d+)(?:,\d*)?\}/.exec(s.slice(at, at + 24));
    if (!m) return null;
    [min, end] = [Number(m[1]), at + m[0].length];
  } else return null;
  if (s[end] === '?') end++;
  return { min, end };
}

function skipClass(s: string, at: number): number {
  for (let i = at + 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ']') return i + 1;
  }
  return s.length;
}

function skipGroup(s: string, at: number): number {
  let depth = 0;
  for (let i = at; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') i++;
    else if (ch === '[') i = skipClass(s, i) - 1;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i + 1;
  }
  return s.length;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
