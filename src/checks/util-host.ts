import type { Agent, Bundle } from '../model/bundle.js';
import type { Evidence } from '../model/common.js';
import type { CniConf, Link } from '../model/host.js';
import type { EnabledBy, FeatureRequirement } from '../knowledge/kernel-requirements.js';
import { evidence, evidenceOf } from './define.js';

/** An agent that runs on a known node. */
export type NodeAgent = Agent & { node: string };

export function nodeAgents(bundle: Bundle): NodeAgent[] {
  return bundle.agents.filter((a): a is NodeAgent => a.node !== null);
}

/** The node's kernel release with its evidence: `uname -a`, else debuginfo's `kernel-version`. */
export function kernelOf(agent: Agent): { release: string; build: string | null; evidence: Evidence } | null {
  const u = agent.host.uname;
  if (u) return { release: u.release, build: u.build, evidence: evidenceOf(u) };
  const k = agent.host.kernelVersion;
  return k ? { release: k.release, build: null, evidence: evidenceOf(k) } : null;
}

/** A setting as the cluster's ConfigMap says it, else as this agent's `cilium config -a` says it. */
export interface Setting {
  key: string;
  value: string;
  evidence: Evidence | null;
  from: 'configmap' | 'agent' | 'default';
}

export function configValue(bundle: Bundle, agent: Agent | null, key: string, agentKey?: string, fallback?: string): Setting | null {
  const cm = bundle.k8s.ciliumConfig;
  const v = cm?.data[key];
  if (cm && v !== undefined) {
    const line = cm.lines[key] ?? null;
    return { key, value: v.trim(), evidence: evidence(cm.src.file, line, line ? (cm.excerpts[key] ?? `${key}:`) : cm.excerpt, 'cilium-config'), from: 'configmap' };
  }
  const a = agentKey ? agent?.host.config?.values[agentKey] : undefined;
  if (agent?.host.config && a && agentKey) return { key: agentKey, value: a.value, evidence: evidence(agent.host.config.file, a.line, a.excerpt), from: 'agent' };
  return fallback === undefined ? null : { key, value: fallback, evidence: null, from: 'default' };
}

/** How a sentence names where a setting comes from: `cilium-config enable-ipsec: true`, `the agent's EnableL7Proxy: true`. */
export function settingText(s: Setting): string {
  if (s.from === 'default') return `${s.key} left at its default ${s.value}`;
  return `${s.from === 'configmap' ? 'cilium-config' : 'the agent\'s'} ${s.key}: ${s.value}`;
}

/** Whether a knowledge entry's feature is on for this agent, and the line that says so. */
export function featureSetting(bundle: Bundle, agent: Agent, f: FeatureRequirement): { on: boolean; setting: Setting | null } {
  if (f.enabledBy === 'always') return { on: true, setting: null };
  for (const e of f.enabledBy as readonly EnabledBy[]) {
    const s = configValue(bundle, agent, e.key, e.agentKey, e.default);
    if (s && e.values.includes(s.value.toLowerCase())) return { on: true, setting: s };
  }
  return { on: false, setting: null };
}

/** Devices Cilium creates and needs up: the host veth pair, tunnel and WireGuard devices, the health endpoint. */
export const CILIUM_DEVICES = new Set(['cilium_host', 'cilium_net', 'cilium_vxlan', 'cilium_geneve', 'cilium_wg0', 'cilium_ipip4', 'lxc_health']);

export function isUp(link: Link): boolean {
  return link.flags.includes('UP') && link.state !== 'DOWN' && link.state !== 'LOWERLAYERDOWN';
}

/** The node's native devices: the agent's kube-proxy-replacement device list, else the device holding the node's IP. */
export function nativeDevices(agent: Agent, nodeIP: string | null): Link[] {
  const links = agent.host.links?.devices ?? [];
  const kpr = agent.status?.kubeProxyReplacement?.devices.map((d) => d.name) ?? [];
  const listed = links.filter((l) => kpr.includes(l.name));
  if (listed.length > 0) return listed;
  if (nodeIP) {
    const holder = links.filter((l) => l.addresses.some((a) => a.split('/')[0] === nodeIP));
    if (holder.length > 0) return holder;
  }
  return links.filter((l) => /^(eth|ens|eno|enp|bond)\d/.test(l.name) && l.kind === null).slice(0, 1);
}

/** The node's InternalIP, from Kubernetes, else its CiliumNode. */
export function nodeIPOf(bundle: Bundle, node: string): string | null {
  return bundle.k8s.nodes?.find((n) => n.name === node)?.internalIP ?? bundle.k8s.ciliumNodes?.find((n) => n.name === node)?.internalIPs[0] ?? null;
}

/** Names joined for a sentence: `a`, `a and b`, `a, b and 3 more`. */
export function joinNames(names: readonly string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** Files the container runtime's libcni reads from the CNI config directory (libcni `ConfFiles`: `.conf`, `.conflist`, `.json`). */
export const ACTIVE_CNI = /\.(conf|conflist|json)$/;

export function isCiliumCni(conf: CniConf): boolean {
  return conf.plugins.some((p) => p.type === 'cilium-cni');
}

/** How an agent routes between nodes, and the line that says so: its own status first, then the configuration. */
export interface RoutingMode {
  mode: 'native' | 'tunnel';
  /** How a sentence names it: `routing-mode: native`, `Routing: Network: Native`. */
  text: string;
  evidence: Evidence | null;
}

export function routingModeOf(bundle: Bundle, agent: Agent): RoutingMode | null {
  const st = agent.status?.routing;
  if (st) return { mode: /native/i.test(st.network) ? 'native' : 'tunnel', text: `its status says ${st.line.key}: ${st.line.value.trim()}`, evidence: evidenceOf(st.line) };
  const mode = configValue(bundle, agent, 'routing-mode', 'RoutingMode');
  if (mode && /^(native|tunnel)$/i.test(mode.value)) return { mode: mode.value.toLowerCase() === 'native' ? 'native' : 'tunnel', text: settingText(mode), evidence: mode.evidence };
  // Before 1.14: `tunnel: disabled` is native routing (pkg/option/config.go TunnelName).
  const tunnel = configValue(bundle, agent, 'tunnel', 'Tunnel');
  if (tunnel && tunnel.value !== '') return { mode: tunnel.value.toLowerCase() === 'disabled' ? 'native' : 'tunnel', text: settingText(tunnel), evidence: tunnel.evidence };
  return null;
}

/** True when a boolean setting is on in cilium-config, else in the agent's `cilium config -a`. */
export function settingOn(bundle: Bundle, agent: Agent, key: string, agentKey: string): Setting | null {
  const s = configValue(bundle, agent, key, agentKey);
  return s && /^(true|enabled)$/i.test(s.value) ? s : null;
}

/** The transparent encryption an agent runs, from its configuration or its status. */
export function encryptionOf(bundle: Bundle, agent: Agent): 'ipsec' | 'wireguard' | null {
  if (settingOn(bundle, agent, 'enable-wireguard', 'EnableWireguard') || /^wireguard$/i.test(agent.status?.encryption?.mode ?? '')) return 'wireguard';
  if (settingOn(bundle, agent, 'enable-ipsec', 'EnableIPSec') || /^ipsec$/i.test(agent.status?.encryption?.mode ?? '')) return 'ipsec';
  return null;
}
