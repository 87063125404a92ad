// `sysctl -a` as bugtool runs it on the node (bugtool/cmd/configuration.go `defaultCommands`, 1.10–1.18; file
// `cmd/sysctl--a.md`): procps prints `key = value` per line and, merged from stderr, `sysctl: …` notes for keys it
// may not read. Kept: the keys the agent sets (pkg/datapath/loader/base.go, loader/netlink.go `enableForwarding`,
// iptables/sysctl_linux.go) and the rp_filter/forwarding keys of every device; the per-pod `lxc*` devices only
// where they differ from what the agent sets, since a node has one per pod.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Sysctls } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

/** Keys the agent writes once per node (pkg/datapath/loader/base.go @ b095517e62, iptables/sysctl_linux.go). */
export const NODE_SYSCTLS: ReadonlySet<string> = new Set([
  'net.ipv4.ip_forward',
  'net.ipv6.conf.all.forwarding',
  'net.core.bpf_jit_enable',
  'net.ipv4.conf.all.rp_filter',
  'net.ipv4.conf.default.rp_filter',
  'net.ipv4.fib_multipath_use_neigh',
  'kernel.unprivileged_bpf_disabled',
  'kernel.timer_migration',
  'net.ipv6.conf.all.disable_ipv6',
  'net.core.fb_tunnels_only_for_init_net',
]);

/** Per-device keys and the value the agent sets on its own devices (loader/netlink.go `enableForwarding`). */
export const DEVICE_SYSCTLS: Readonly<Record<string, string>> = { rp_filter: '0', forwarding: '1', accept_local: '1', send_redirects: '0' };

const MAX_DEVIATIONS = 50;

export const sysctl = defineParser<Sysctls>({
  id: 'sysctl',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/sysctl--a\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const out: Sysctls = { file, values: {}, lxc: { devices: 0, deviations: [], deviationCount: 0 }, total: 0 };
    const lxcDevices = new Set<string>();
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    lines.text.forEach((line, i) => {
      if (isNoise(line)) return;
      // procps's notes on keys it may not read (`sysctl: permission denied on key …`), merged from stderr.
      if (line.startsWith('sysctl: ')) {
        account.take(i + 1);
        return;
      }
      const eq = line.indexOf(' = ');
      const key = eq > 0 ? line.slice(0, eq) : /^[\w.*/:@-]+ =$/.test(line) ? line.slice(0, -2) : null;
      if (key === null || !/^[\w.*/:@-]+$/.test(key)) {
        unread.add(i + 1, `Not a sysctl line: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      // Every key is read; only the ones the checks need are kept.
      account.take(i + 1);
      out.total++;
      const value = eq > 0 ? line.slice(eq + 3).trim() : '';
      const entry = { value, line: i + 1, excerpt: excerptOf(lines.raw[i] as string) };
      if (NODE_SYSCTLS.has(key)) {
        out.values[key] = entry;
        return;
      }
      const dev = /^net\.ipv[46]\.conf\.([^.]+)\.(rp_filter|forwarding|accept_local|send_redirects)$/.exec(key);
      if (!dev) return;
      const [device, setting] = [dev[1] as string, dev[2] as string];
      if (!device.startsWith('lxc')) {
        out.values[key] = entry;
        return;
      }
      lxcDevices.add(device);
      // Only IPv4 keys: the agent sets forwarding for IPv6 too, but rp_filter is IPv4 only.
      if (key.startsWith('net.ipv4.') && value !== DEVICE_SYSCTLS[setting]) {
        out.lxc.deviationCount++;
        if (out.lxc.deviations.length < MAX_DEVIATIONS) out.lxc.deviations.push({ key, ...entry });
      }
    });
    unread.close('sysctl lines');
    out.lxc.devices = lxcDevices.size;
    if (out.total === 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No `key = value` line in the sysctl output' });
      return account.none(diagnostics);
    }
    return account.result(out, diagnostics);
  },
});
