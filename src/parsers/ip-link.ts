// The node's devices: `ip -d -s l` (bugtool 1.10–1.17, `cmd/ip--d--s-l.md`; 1.18 runs `ip -d -s -s l`,
// `cmd/ip--d--s--s-l.md`) and `ip a` (`cmd/ip-a.md`), both from bugtool/cmd/configuration.go. iproute2 prints one
// block per device (ip/ipaddress.c `print_linkinfo`): `<index>: <name>[@<peer>]: <FLAGS> mtu <n> … state <S> …`,
// then indented lines: `link/<type> …`, with `-d` the link kind on its own line (`vxlan id …`, `veth …`), with `-s`
// a `RX:` / `TX:` header and a line of numbers under it (the columns changed in iproute2 5.10: `overrun` became
// `missed`, so they are read by name), and for `ip a` the `inet`/`inet6` addresses.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Link, Links } from '../model/host.js';
import { defineParser, type ParseResult } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

/** Link kinds iproute2 prints with `-d` (`ip link help type`), the ones a node running Cilium has. */
const KINDS = new Set(['veth', 'vxlan', 'geneve', 'wireguard', 'dummy', 'bridge', 'bond', 'bond_slave', 'bridge_slave', 'vlan', 'macvlan', 'ipvlan', 'ipip', 'sit', 'gre', 'gretap', 'ip6tnl', 'tun', 'netkit', 'vrf', 'team', 'team_slave', 'nlmon', 'vti', 'ip6gre', 'xfrm', 'ipoib']);

const MAX_LXC_DOWN = 20;

function readLinks(text: string, file: string, source: Links['source']): ParseResult<Links> {
  const diagnostics: Diagnostic[] = [];
  const lines = outputLines(text);
  const account = new LineAccount(lines.raw);
  const unread = new UnreadLines(file, diagnostics, account);
  const out: Links = { file, source, devices: [], lxc: { count: 0, down: [], mtus: {} } };
  let current: Link | null = null;
  let pending: { dir: 'rx' | 'tx'; columns: string[] } | null = null;
  let sawKindLine = false;
  const finish = () => {
    if (!current) return;
    // Pod veths are summarised; the health endpoint's veth is one of Cilium's own devices.
    if (current.name.startsWith('lxc') && current.name !== 'lxc_health') {
      out.lxc.count++;
      if (!current.flags.includes('UP') && out.lxc.down.length < MAX_LXC_DOWN) out.lxc.down.push(current.name);
      const mtu = String(current.mtu ?? 'unknown');
      out.lxc.mtus[mtu] = (out.lxc.mtus[mtu] ?? 0) + 1;
    } else out.devices.push(current);
    current = null;
  };
  lines.text.forEach((line, i) => {
    if (isNoise(line)) return;
    const head = /^(\d+):\s+([^\s:@]+)(?:@([^\s:]+))?:\s+<([^>]*)>(.*)$/.exec(line);
    if (head) {
      finish();
      account.take(i + 1);
      const rest = head[5] as string;
      current = {
        src: { file, line: i + 1 },
        excerpt: excerptOf(lines.raw[i] as string),
        index: Number(head[1]),
        name: head[2] as string,
        peer: head[3] ?? null,
        flags: (head[4] as string).split(',').filter(Boolean),
        mtu: numberAfter(rest, 'mtu'),
        state: / state (\S+)/.exec(rest)?.[1] ?? null,
        master: / master (\S+)/.exec(rest)?.[1] ?? null,
        kind: null,
        addresses: [],
        rxErrors: null,
        rxDropped: null,
        txErrors: null,
        txDropped: null,
      };
      pending = null;
      sawKindLine = false;
      return;
    }
    const dev = current as Link | null;
    if (!dev || !/^\s/.test(line)) {
      unread.add(i + 1, `Not part of a device block: "${excerptOf(line, 0, 80)}"`);
      return;
    }
    // Every indented line of a block is read, the detail this tool does not need included.
    account.take(i + 1);
    const body = line.trim();
    if (pending) {
      const values = body.split(/\s+/).map(Number);
      const at = (name: string) => {
        const k = pending?.columns.indexOf(name) ?? -1;
        const v = k >= 0 ? values[k] : undefined;
        return v !== undefined && Number.isFinite(v) ? v : null;
      };
      if (pending.dir === 'rx') [dev.rxErrors, dev.rxDropped] = [at('errors'), at('dropped')];
      else [dev.txErrors, dev.txDropped] = [at('errors'), at('dropped')];
      pending = null;
      return;
    }
    const stats = /^(RX|TX):\s+(.*)$/.exec(body);
    if (stats && /\bbytes\b/.test(stats[2] as string)) {
      pending = { dir: stats[1] === 'RX' ? 'rx' : 'tx', columns: (stats[2] as string).split(/\s+/) };
      return;
    }
    const addr = /^inet6? (\S+)/.exec(body);
    if (addr) {
      dev.addresses.push(addr[1] as string);
      return;
    }
    if (body.startsWith('link/')) return;
    const word = /^([a-z_0-9]+)\b/.exec(body)?.[1];
    if (!sawKindLine && word && KINDS.has(word)) {
      dev.kind = word;
      sawKindLine = true;
    }
    // Everything else in a block is detail this tool does not need (valid_lft, altname, vf, bridge_slave options).
  });
  finish();
  unread.close('part of a device block');
  if (out.devices.length === 0 && out.lxc.count === 0) {
    diagnostics.push({ file, line: null, level: 'error', message: 'No device in the output' });
    return account.none(diagnostics);
  }
  return account.result(out, diagnostics);
}

function numberAfter(text: string, key: string): number | null {
  const m = new RegExp(` ${key} (\\d+)`).exec(text);
  return m ? Number(m[1]) : null;
}

export const ipLink = defineParser<Links>({
  id: 'ip-link',
  scope: 'agent',
  format: 'text',
  preference: 20,
  files: [/^cmd\/ip--d--s-l\.md$/, /^cmd\/ip--d--s--s-l\.md$/],
  parse: (text, file) => readLinks(text, file, 'ip-link'),
});

export const ipAddr = defineParser<Links>({
  id: 'ip-addr',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/ip-a\.md$/],
  parse: (text, file) => readLinks(text, file, 'ip-addr'),
});
