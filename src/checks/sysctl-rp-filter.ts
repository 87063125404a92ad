import type { Evidence } from '../model/common.js';
import { defineCheck, evidence } from './define.js';
import { joinNames, nodeAgents } from './util-host.js';

export default defineCheck({
  id: 'CR-8004',
  slug: 'sysctl-rp-filter',
  title: 'Reverse path filtering on Cilium\'s devices',
  impact: 'datapath',
  defaultSeverity: 'error',
  needs: ['agents.sysctls'],
  messages: {
    rpFilter: (d: { node: string; devices: string; values: string }) =>
      `Reverse path filtering is on for ${d.devices} on node ${d.node} (${d.values}); Cilium sets rp_filter to 0 on its devices and the kernel applies max(conf.all, conf.<device>), so the kernel drops pod traffic it cannot route back the same way. Set net.ipv4.conf.all.rp_filter and net.ipv4.conf.lxc*.rp_filter to 0 in a sysctl.d file that sorts last (the agent's apply-sysctl-overwrites init container does this: sysctlfix.enabled=true), and stop whatever sets it (systemd 245+'s 50-default.conf sets net.ipv4.conf.*.rp_filter = 2)`,
  },
  docs: {
    summary: 'A node where reverse path filtering is active on the pod veths or Cilium\'s own devices, which the datapath needs off.',
    explanation:
      'The agent writes `rp_filter = 0` for `cilium_host`, `cilium_net`, the tunnel and every `lxc*` pod veth (pkg/datapath/loader/netlink.go), and its `apply-sysctl-overwrites` init container writes `net.ipv4.conf.all.rp_filter = 0`, `-net.ipv4.conf.lxc*.rp_filter = 0` and `-net.ipv4.conf.cilium_*.rp_filter = 0` into /etc/sysctl.d/99-zzz-override_cilium.conf (tools/sysctlfix). The kernel uses the larger of `conf.all.rp_filter` and the device\'s value. This check reads `sysctl -a` of every node and reports the devices whose effective value is not 0: `all`, `cilium_*`, `lxc*` (pod veths are counted, the first few named).',
    consequences: 'Packets that Cilium redirects or masquerades arrive on a device the kernel would not route the reply through, and the kernel drops them as martians: pods lose connectivity to other nodes or the outside, typically right after a node reboot or an OS update that re-applied sysctl defaults.',
    commonCauses: [
      'systemd 245 and later: /usr/lib/sysctl.d/50-default.conf sets `net.ipv4.conf.*.rp_filter = 2` for every new interface (cilium/cilium#10645)',
      'CIS hardening baselines that set `net.ipv4.conf.all.rp_filter = 1`',
      'The agent\'s apply-sysctl-overwrites init container disabled (sysctlfix.enabled=false) on a systemd-based distribution',
    ],
    verify: ['kubectl -n kube-system exec <agent> -- sysctl -a 2>/dev/null | grep -E "\\.(all|lxc[^.]*|cilium_[^.]*)\\.rp_filter"', 'kubectl debug node/<node> -it --image=busybox -- cat /host/etc/sysctl.d/99-zzz-override_cilium.conf', 'systemctl --version'],
  },
  run(bundle, ctx) {
    for (const agent of nodeAgents(bundle)) {
      const s = agent.host.sysctls;
      if (!s) continue;
      const all = s.values['net.ipv4.conf.all.rp_filter'];
      const bad: { device: string; value: string; evidence: Evidence }[] = [];
      if (all && all.value !== '0') bad.push({ device: 'all', value: all.value, evidence: evidence(s.file, all.line, all.excerpt) });
      for (const [key, v] of Object.entries(s.values)) {
        const m = /^net\.ipv4\.conf\.(cilium_[^.]+)\.rp_filter$/.exec(key);
        if (m && v.value !== '0') bad.push({ device: m[1] as string, value: v.value, evidence: evidence(s.file, v.line, v.excerpt) });
      }
      const lxc = s.lxc.deviations.filter((d) => d.key.endsWith('.rp_filter'));
      for (const d of lxc) bad.push({ device: /^net\.ipv4\.conf\.([^.]+)\./.exec(d.key)?.[1] ?? d.key, value: d.value, evidence: evidence(s.file, d.line, d.excerpt) });
      if (bad.length === 0) continue;
      const pods = bad.filter((b) => b.device.startsWith('lxc')).length;
      const named = bad.filter((b) => !b.device.startsWith('lxc')).map((b) => (b.device === 'all' ? 'conf.all' : b.device));
      const devices = [...named, ...(pods > 0 ? [`${pods === s.lxc.devices ? 'all' : pods} of ${s.lxc.devices} pod veths`] : [])];
      const values = [...new Set(bad.map((b) => b.value))].map((v) => `rp_filter = ${v}`).join(', ');
      ctx.report({ messageId: 'rpFilter', data: { node: agent.node, devices: joinNames(devices, 4), values }, nodes: [agent.node], evidence: bad.slice(0, 4).map((b) => b.evidence) });
    }
  },
});
