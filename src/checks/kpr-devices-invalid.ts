import type { Evidence } from '../model/common.js';
import { defineCheck, evidenceOf } from './define.js';
import { configValue, isUp, joinNames, nodeAgents, settingText } from './util-host.js';

/** Devices that must never carry the NodePort/host datapath: Cilium's own, pod veths, other CNIs' and kube-proxy's. */
const NOT_NATIVE = /^(cilium_|lxc|kube-ipvs|docker\d|cni\d|flannel\.|cali|vxlan\.calico|tunl\d|weave|veth)/;

export default defineCheck({
  id: 'CR-8009',
  slug: 'kpr-devices-invalid',
  title: 'Kube-proxy replacement attached to the wrong devices',
  impact: 'datapath',
  defaultSeverity: 'error',
  messageSeverity: { differs: 'info' },
  needs: ['agents.status'],
  messages: {
    notNative: (d: { node: string; bad: string; devices: string; setting: string }) =>
      `The kube-proxy replacement on node ${d.node} runs on ${d.bad}, which ${d.bad.includes(' and ') ? 'are not native devices' : 'is not a native device'} (devices: ${d.devices}${d.setting}): NodePort, host firewall and masquerading programs attach there and service traffic arriving on the real uplink is not handled. Set devices in cilium-config to the node's uplinks only (or remove it so the agent detects them)`,
    down: (d: { node: string; bad: string; devices: string }) =>
      `The kube-proxy replacement on node ${d.node} runs on ${d.bad}, which ${d.bad.includes(' and ') ? 'are' : 'is'} down (devices: ${d.devices}): NodePort and LoadBalancer traffic for this node goes nowhere. Bring the device up or correct devices in cilium-config, then restart the agent`,
    differs: (d: { devices: string; count: number; nodes: string; majority: string; majorityCount: number }) =>
      `The kube-proxy replacement runs on ${d.devices} on ${d.count === 1 ? `node ${d.nodes}` : `${d.count} nodes (${d.nodes})`} but on ${d.majority} on ${d.majorityCount} others; if the nodes are alike, one of the lists is wrong (a device missed at agent start, or an explicit devices setting that fits some nodes only)`,
  },
  docs: {
    summary: 'An agent whose kube-proxy replacement device list holds a device that is not a native uplink or that is down, or agents whose device lists differ.',
    explanation:
      'The `KubeProxyReplacement:` line of `cilium status` (`[eth0 <node IP> (Direct Routing)]`) and its JSON form (`kube-proxy-replacement.deviceList`) name the devices the agent attaches its NodePort, host firewall and BPF masquerading programs to: the `devices` setting, or the devices it detected at start. A Cilium device, a pod veth, `kube-ipvs0` (kube-proxy\'s IPVS dummy) or another CNI\'s bridge there is a configuration mistake; a listed device that `ip -d -s l` shows down is a dead uplink; lists that differ between agents are reported as information.',
    consequences: 'Service traffic arriving on an uplink the agent does not attach to bypasses the kube-proxy replacement (NodePort and LoadBalancer services time out on that node); programs on a wrong device can black-hole its traffic.',
    commonCauses: ['`devices` in cilium-config or the Helm values listing a wildcard that matches kube-ipvs0 or a bridge (`devices: e+`, `devices: "*"`)', 'kube-proxy in IPVS mode left running when kube-proxy replacement was enabled', 'Uplinks named differently on some node types (eth0 vs ens5) with an explicit device list'],
    verify: ['kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose | grep -A3 KubeProxyReplacement', 'kubectl -n kube-system get cm cilium-config -o yaml | grep -E "^\\s+devices"', 'kubectl -n kube-system exec <agent> -- ip -d link show'],
  },
  run(bundle, ctx) {
    const byList = new Map<string, { node: string; evidence: Evidence }[]>();
    for (const agent of nodeAgents(bundle)) {
      const kpr = agent.status?.kubeProxyReplacement;
      if (!kpr || kpr.devices.length === 0 || /^(false|disabled)$/i.test(kpr.mode.trim())) continue;
      const names = kpr.devices.map((d) => d.name);
      const list = names.join(' ');
      const bad = names.filter((n) => NOT_NATIVE.test(n));
      const setting = configValue(bundle, agent, 'devices', 'Devices');
      const at = evidenceOf(kpr.line);
      if (bad.length > 0) {
        ctx.report({ messageId: 'notNative', data: { node: agent.node, bad: joinNames(bad), devices: list, setting: setting && setting.from !== 'default' ? `, from ${settingText(setting)}` : '' }, nodes: [agent.node], evidence: [at, ...(setting?.evidence ? [setting.evidence] : [])] });
      }
      const links = agent.host.links?.devices ?? [];
      const down = links.filter((l) => names.includes(l.name) && !isUp(l));
      if (down.length > 0) ctx.report({ messageId: 'down', data: { node: agent.node, bad: joinNames(down.map((l) => l.name)), devices: list }, nodes: [agent.node], evidence: [at, ...down.slice(0, 2).map((l) => evidenceOf(l))] });
      const key = [...names].sort().join(' ');
      const group = byList.get(key) ?? [];
      group.push({ node: agent.node, evidence: at });
      byList.set(key, group);
    }
    if (byList.size < 2) return;
    const sorted = [...byList].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    const [majority, majorityList] = sorted[0] as [string, { node: string; evidence: Evidence }[]];
    for (const [devices, list] of sorted.slice(1)) {
      const names = list.map((x) => x.node).sort();
      ctx.report({
        messageId: 'differs',
        data: { devices, count: list.length, nodes: joinNames(names, 5), majority, majorityCount: majorityList.length },
        nodes: names,
        evidence: [...list.slice(0, 3).map((x) => ({ ...x.evidence, note: `node ${x.node}` })), { ...(majorityList[0] as { evidence: Evidence }).evidence, note: `node ${(majorityList[0] as { node: string }).node}` }],
      });
    }
  },
});
