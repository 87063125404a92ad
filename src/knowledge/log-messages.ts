// Stand-in for the knowledge base of known log messages (helper "kb" writes the real one, with the same exports);
// three real entries so the checks that use it can be built and tested. Replaced whole at merge.
export type Component =
  | 'cilium-agent' | 'cilium-operator' | 'hubble-relay' | 'clustermesh-apiserver' | 'cilium-envoy'
  | 'init'; // the agent's init containers: config, mount-cgroup, apply-sysctl-overwrites, mount-bpf-fs,
            // clean-cilium-state, install-cni-binaries, wait-for-kube-proxy, …
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
  area: 'config' | 'kernel' | 'apiserver' | 'kvstore' | 'ipam' | 'bpf' | 'datapath' | 'identity' | 'policy'
      | 'clustermesh' | 'encryption' | 'cni' | 'resources' | 'hubble' | 'envoy' | 'other';
  /** Versions it affects and the release that fixed it, where known (`"1.14.0–1.14.5"`, `"1.14.6"`). */
  affects?: string;
  fixedIn?: string;
  /** Where the entry comes from: GitHub issue/PR URLs, docs URLs, or `cilium/cilium path@tag`. At least one. */
  sources: readonly string[];
  /** The real log line the entry was taken from, verbatim (one line). The knowledge test matches it. */
  example: string;
}

export const KNOWN_MESSAGES: readonly KnownMessage[] = [
  {
    id: 'no-conntrack-iptables-needs-native-routing',
    pattern: /install-no-conntrack-iptables-rules requires the agent to run in direct routing mode/,
    components: ['cilium-agent'],
    levels: ['fatal'],
    title: 'the agent\'s config sets install-no-conntrack-iptables-rules, which needs native routing, while the agent runs in tunnel mode',
    meaning: 'The agent refuses to start: skipping netfilter connection tracking for pod traffic only works when pod traffic is routed natively; in tunnel mode the option is invalid and the agent exits at start-up.',
    causes: ['Helm value installNoConntrackIptablesRules=true (or install-no-conntrack-iptables-rules: "true" in cilium-config) on a cluster that uses the default VXLAN/Geneve tunnel'],
    fix: 'set install-no-conntrack-iptables-rules to false in cilium-config (Helm installNoConntrackIptablesRules=false), or switch to native routing (routing-mode: native with ipv4-native-routing-cidr) if that is what was meant',
    severity: 'error',
    area: 'config',
    sources: ['https://github.com/cilium/cilium/issues/18191', 'https://github.com/cilium/cilium/issues/22089', 'cilium/cilium daemon/cmd/daemon_main.go@v1.12.3'],
    example: 'level=fatal msg="install-no-conntrack-iptables-rules requires the agent to run in direct routing mode." subsys=daemon',
  },
  {
    id: 'operator-apiserver-unreachable',
    pattern: /^Unable to connect to Kubernetes apiserver/,
    components: ['cilium-operator'],
    levels: ['fatal'],
    title: 'the operator cannot reach the Kubernetes API server',
    meaning: 'The operator exits at start-up because its Kubernetes client cannot connect to the API server address it was given (the `kubernetes` service IP unless k8s-service-host is set).',
    causes: [
      'No kube-proxy and no working Cilium agent on the operator\'s node, so the service IP of the API server is not translated',
      'k8sServiceHost/k8sServicePort unset or wrong in a kube-proxy-free installation',
      'The API server itself down or firewalled from the node',
    ],
    fix: 'make the API server reachable from the node: set k8sServiceHost and k8sServicePort to the API server\'s real address in a kube-proxy-free cluster, or bring up the agent (or kube-proxy) that translates the service IP',
    severity: 'error',
    area: 'apiserver',
    sources: ['https://github.com/cilium/cilium/issues/8820', 'cilium/cilium operator/main.go@v1.11.1 (initK8s)'],
    example: 'level=fatal msg="Unable to connect to Kubernetes apiserver" error="unable to create k8s client: unable to create k8s client: Get \\"https://10.96.0.1:443/api/v1/namespaces/kube-system\\": dial tcp 10.96.0.1:443: connect: connection refused" subsys=cilium-operator-generic',
  },
  {
    id: 'bpf-policy-map-full',
    pattern: /Unable to update element for cilium_policy_\d+ map with file descriptor \d+: the map is full/,
    components: ['cilium-agent'],
    levels: ['error', 'warning'],
    title: 'an endpoint\'s BPF policy map is full',
    meaning: 'The agent cannot add policy entries for an endpoint: its per-endpoint policy map reached its size (bpf-policy-map-max, 16384 by default). Traffic the missing entries would allow is dropped.',
    causes: ['Policies that select many identities (broad toEntities/fromEndpoints rules) times many identities', 'High-cardinality pod labels creating one identity per pod'],
    fix: 'raise bpf-policy-map-max (Helm bpf.policyMapMax), or cut the identities the policy selects: limit identity-relevant labels, narrow the rules',
    severity: 'error',
    area: 'bpf',
    sources: ['https://github.com/cilium/cilium/issues/19279', 'https://docs.cilium.io/en/stable/operations/troubleshooting/#policymap-pressure-and-overflow'],
    example: 'level=error msg="Failed to add PolicyMap key" bpfMapKey="{40592 0 0 0}" containerID=676d266ba7 datapathPolicyRevision=0 desiredPolicyRevision=4 endpointID=2913 error="Unable to update element for cilium_policy_02913 map with file descriptor 245: the map is full, please consider resizing it. argument list too long" identity=21047 ipv4=192.168.72.92 ipv6= k8sPodName=flux-system/notification-controller-7dd8bdf67-n6j2x port=0 subsys=endpoint',
  },
];

/** The entry matching one log record's message, or null. Fast: called for every error line and every warning line. */
export function matchKnownMessage(message: string, component: Component, level: LogLevel): KnownMessage | null {
  for (const k of KNOWN_MESSAGES) {
    if (k.components.includes(component) && k.levels.includes(level) && k.pattern.test(message)) return k;
  }
  return null;
}

/** True when some entry makes a warning with this message decisive for this component (cheap pre-filter). */
export function isDecisiveWarning(message: string, component: Component): boolean {
  return matchKnownMessage(message, component, 'warning') !== null;
}
