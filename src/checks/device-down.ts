import type { Link } from '../model/host.js';
import { defineCheck, evidence, evidenceOf } from './define.js';
import { CILIUM_DEVICES, isUp, joinNames, nativeDevices, nodeAgents, nodeIPOf } from './util-host.js';

export default defineCheck({
  id: 'CR-8007',
  slug: 'device-down',
  title: 'Network device of the datapath down',
  impact: 'datapath',
  defaultSeverity: 'error',
  messageSeverity: { vethsDown: 'warning' },
  needs: ['agents.links'],
  messages: {
    down: (d: { node: string; devices: string; count: number; states: string }) =>
      `${d.count > 1 ? 'Devices' : 'Device'} ${d.devices} of node ${d.node} ${d.count > 1 ? 'are' : 'is'} down (${d.states}): traffic Cilium sends through ${d.count > 1 ? 'them' : 'it'} is dropped. Bring ${d.count > 1 ? 'them' : 'it'} up (ip link set <dev> up) and find what took ${d.count > 1 ? 'them' : 'it'} down; restarting the agent recreates Cilium's own devices`,
    vethsDown: (d: { node: string; count: number; total: number; names: string }) =>
      `${d.count} of ${d.total} pod veths on node ${d.node} are down (${d.names}): the pods behind them have no network. Find the pods (cilium-dbg endpoint list) and restart them; if the veths belong to deleted pods, the CNI DEL did not run`,
  },
  docs: {
    summary: 'A node whose native device, one of Cilium\'s own devices (cilium_host, cilium_net, cilium_vxlan/geneve, cilium_wg0, lxc_health) or pod veths are down.',
    explanation: 'Each agent\'s `ip -d -s l` (`ip -d -s -s l` in 1.18, else `ip a`) gives every device\'s flags and operational state. A device counts as down when it lacks the UP flag or its state is DOWN or LOWERLAYERDOWN. The native devices are those of the kube-proxy replacement device list in `cilium status`, else the device holding the node\'s InternalIP.',
    consequences: 'A down cilium_host or tunnel device cuts the node\'s pods off from other nodes; a down native device cuts the node off; a down pod veth cuts that pod off while Kubernetes still shows it Running.',
    commonCauses: ['A network manager (NetworkManager, systemd-networkd) managing devices it should leave alone: mark cilium_* and lxc* unmanaged', 'An interface renamed or replaced (bonding, SR-IOV) after the agent started', 'Pods whose netns was torn down without a CNI DEL'],
    verify: ['kubectl -n kube-system exec <agent> -- ip -d link show', 'kubectl -n kube-system exec <agent> -- cilium-dbg status --verbose', 'kubectl -n kube-system exec <agent> -- cilium-dbg endpoint list'],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const links = agent.host.links;
      if (!links) continue;
      const native = new Set(nativeDevices(agent, nodeIPOf(bundle, agent.node)).map((l) => l.name));
      const down: Link[] = links.devices.filter((l) => (CILIUM_DEVICES.has(l.name) || native.has(l.name)) && !isUp(l));
      if (down.length > 0) {
        ctx.report({
          messageId: 'down',
          data: { node: agent.node, devices: joinNames(down.map((l) => l.name), 5), count: down.length, states: down.map((l) => `${l.name} state ${l.state ?? 'unknown'}${l.flags.includes('UP') ? '' : ', no UP flag'}`).join('; ') },
          nodes: [agent.node],
          evidence: down.slice(0, 4).map((l) => evidenceOf(l)),
        });
      }
      if (links.lxc.down.length > 0) {
        ctx.report({ messageId: 'vethsDown', data: { node: agent.node, count: links.lxc.down.length, total: links.lxc.count, names: joinNames(links.lxc.down, 3) }, nodes: [agent.node], evidence: [evidence(links.file, null, `${links.lxc.down.length} lxc devices down`)] });
      }
    }
  },
});
