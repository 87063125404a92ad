// Combinations of agent settings that cannot work, as data with their source (house style 24). Each entry names
// cilium-config keys (with the agent's `cilium config -a` field as fallback, and the agent's default when neither
// says) and, where a setting alone does not decide it, a fact about the cluster the check establishes. Read at the
// mirror's HEAD (upstream main of 2024-08-20, b095517e62).

/** One setting's condition: its value is one of `is`, or none of `isNot`; `absent` when it must be unset or empty. */
export interface SettingCondition {
  key: string;
  agentKey?: string;
  default?: string;
  is?: readonly string[];
  isNot?: readonly string[];
  absent?: boolean;
}

/** Facts the check decides from the bundle rather than from one setting. */
export type ClusterFact = 'no-kube-proxy' | 'service-host-is-a-service';

export interface Condition {
  /** Every one of these settings matches (or, with `anyOf`, at least one group does). */
  all?: readonly SettingCondition[];
  anyOf?: readonly (readonly SettingCondition[])[];
  fact?: ClusterFact;
}

export interface ConfigCombination {
  id: string;
  when: readonly Condition[];
  /** What is wrong, for the finding: "install-no-conntrack-iptables-rules needs native routing". */
  problem: string;
  consequence: string;
  fix: string;
  severity: 'error' | 'warning';
  sources: readonly string[];
}

const NO_CT: SettingCondition = { key: 'install-no-conntrack-iptables-rules', agentKey: 'InstallNoConntrackIptRules', is: ['true'] };
const KPR_ON: SettingCondition = { key: 'kube-proxy-replacement', agentKey: 'KubeProxyReplacement', is: ['true', 'strict'] };

export const COMBINATIONS: readonly ConfigCombination[] = [
  {
    id: 'no-conntrack-needs-native-routing',
    when: [{ all: [NO_CT], anyOf: [[{ key: 'routing-mode', agentKey: 'RoutingMode', is: ['tunnel'] }], [{ key: 'tunnel', agentKey: 'Tunnel', is: ['vxlan', 'geneve'] }]] }],
    problem: 'install-no-conntrack-iptables-rules needs native routing, and the agents run in tunnel mode',
    consequence: 'the agent exits at start ("install-no-conntrack-iptables-rules requires the agent to run in direct routing mode")',
    fix: 'set install-no-conntrack-iptables-rules to false, or switch routing-mode to native',
    severity: 'error',
    sources: ['cilium/cilium daemon/cmd/daemon_main.go@b095517e62 (log.Fatalf "%s requires the agent to run in direct routing mode.")'],
  },
  {
    id: 'no-conntrack-needs-kpr',
    when: [{ all: [NO_CT, { key: 'kube-proxy-replacement', agentKey: 'KubeProxyReplacement', default: 'false', isNot: ['true', 'strict'] }] }],
    problem: 'install-no-conntrack-iptables-rules needs kube-proxy-replacement=true, which is off',
    consequence: 'the agent refuses to start its kube-proxy replacement ("requires the agent to run with kube-proxy-replacement=true")',
    fix: 'set install-no-conntrack-iptables-rules to false, or enable kube-proxy-replacement',
    severity: 'error',
    sources: ['cilium/cilium daemon/cmd/kube_proxy_replacement.go@b095517e62 ("%s requires the agent to run with %s=%s.")'],
  },
  {
    id: 'no-conntrack-needs-bpf-masquerade',
    when: [{ all: [NO_CT, { key: 'enable-ipv4-masquerade', agentKey: 'EnableIPv4Masquerade', default: 'true', is: ['true'] }, { key: 'enable-bpf-masquerade', agentKey: 'EnableBPFMasquerade', default: 'false', isNot: ['true'] }] }],
    problem: 'install-no-conntrack-iptables-rules with masquerading needs BPF masquerading, and masquerading runs in iptables',
    consequence: 'the agent refuses to start ("requires the agent to run with enable-bpf-masquerade")',
    fix: 'set enable-bpf-masquerade to true, or install-no-conntrack-iptables-rules to false',
    severity: 'error',
    sources: ['cilium/cilium daemon/cmd/kube_proxy_replacement.go@b095517e62 ("%s requires the agent to run with %s.", EnableBPFMasquerade)'],
  },
  {
    id: 'kpr-without-service-host',
    when: [{ all: [KPR_ON, { key: 'k8s-service-host', absent: true }], fact: 'no-kube-proxy' }],
    problem: 'kube-proxy replacement is on, no kube-proxy runs, and k8s-service-host is not set',
    consequence: 'the agents reach the API server through the kubernetes Service ClusterIP, which nothing translates before the agent itself programs it: agents on new or restarted nodes cannot start',
    fix: 'set k8s-service-host and k8s-service-port (Helm k8sServiceHost/k8sServicePort) to the API server\'s real address',
    severity: 'error',
    sources: ['cilium/cilium Documentation/network/kubernetes/kubeproxy-free.rst@b095517e62 ("there is no kube-proxy in our setup provisioning that service. Therefore, the Cilium agent needs to be made aware of this information")'],
  },
  {
    id: 'service-host-is-a-service',
    when: [{ all: [KPR_ON], fact: 'service-host-is-a-service' }],
    problem: 'k8s-service-host points at a Service ClusterIP, which Cilium itself load-balances under kube-proxy replacement',
    consequence: 'an agent starting on a node has nothing that translates that ClusterIP yet, so it cannot reach the API server (a chicken-and-egg at every restart)',
    fix: 'set k8s-service-host to the API server\'s node address or load balancer, not the kubernetes Service',
    severity: 'error',
    sources: ['cilium/cilium Documentation/network/kubernetes/kubeproxy-free.rst@b095517e62 (k8sServiceHost=${API_SERVER_IP}: the API server, since kube-proxy is not there to provision the ClusterIP)'],
  },
  {
    id: 'no-conntrack-with-chaining',
    when: [{ all: [NO_CT, { key: 'cni-chaining-mode', agentKey: 'CNIChainingMode', default: 'none', isNot: ['none', 'portmap', ''] }] }],
    problem: 'install-no-conntrack-iptables-rules cannot be used in a chained CNI setup, and cni-chaining-mode is set',
    consequence: 'the primary CNI relies on conntrack for its NAT, which these rules skip: its traffic breaks',
    fix: 'set install-no-conntrack-iptables-rules to false',
    severity: 'error',
    sources: ['cilium/cilium daemon/cmd/daemon_main.go@b095517e62 (flag help: "this option cannot be enabled when Cilium is running in a managed Kubernetes environment or in a chained CNI setup")'],
  },
];
