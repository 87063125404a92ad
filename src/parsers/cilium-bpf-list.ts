// The BPF map dumps bugtool takes with the agent's CLI (bugtool/cmd/configuration.go `ciliumInfoCommands`,
// 1.10–1.18; `cilium-dbg-…` from 1.15): `bpf ct list global` (1.18: `… --time-diff`), `bpf nat list`, `bpf lb list`,
// `bpf ipcache list`, `bpf tunnel list`. Each map entry is one line (ct and nat: pkg/maps/ctmap, nat `String()`);
// lb, ipcache and tunnel are two-column tables with a header (cilium-dbg/cmd/helpers.go `TablePrinter`, tabwriter):
// an lb service's backends continue on rows with an empty first column. The ipcache value changed twice
// (pkg/maps/ipcache/ipcache.go `RemoteEndpointInfo.String`): `<identity> <key> <tunnel endpoint>` up to 1.10,
// `identity=… encryptkey=… tunnelendpoint=…` from 1.11 (6053493f10) and `…, flags=…` from 1.16 (d9be0a0146). The
// tunnel map's value is `<ip>:<key>` (pkg/maps/tunnel), a bare `<ip>` in old versions. These dumps can be
// gigabytes on a busy node, so they are streamed and only counted.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { BpfMapDump } from '../model/host.js';
import { defineParser, type LineParser } from './define.js';
import { isNoise, UnreadLines } from './util/text.js';

const IPV4_PORT = /^\d{1,3}(?:\.\d{1,3}){3}:\d+$/;
/** Tunnel endpoints that mean "no tunnel" (the entry is local or routed natively). */
const NO_TUNNEL = new Set(['0.0.0.0', '<nil>', 'nil', '::']);

/** Reads one line: false when it is not an entry, true for an entry, or the node address the entry points at. */
type EntryReader = (line: string, out: BpfMapDump) => boolean | string;

function dump(map: BpfMapDump['map'], files: RegExp[], header: RegExp | null, read: EntryReader): LineParser<BpfMapDump> {
  return defineParser<BpfMapDump>({
    kind: 'lines',
    id: `cilium-bpf-${map}-list`,
    scope: 'agent',
    format: 'text',
    preference: 10,
    // An empty map prints nothing (ct, nat) or only the header.
    mayBeEmpty: true,
    files,
    start(file) {
      const diagnostics: Diagnostic[] = [];
      const out: BpfMapDump = { file, map, entries: 0, byKind: {}, nodeAddresses: [], lastLine: 0 };
      const addresses = new Map<string, BpfMapDump['nodeAddresses'][number]>();
      const unread = new UnreadLines(file, diagnostics, null);
      let seen = false;
      return {
        line(text, n) {
          // `No entries found.` goes to stderr, which bugtool merges (cilium-dbg/cmd/bpf_ipcache_list.go).
          if (isNoise(text) || text === 'No entries found.') return;
          if (header && header.test(text)) {
            seen = true;
            return;
          }
          const entry = read(text, out);
          if (entry !== false) {
            out.entries++;
            out.lastLine = n;
            seen = true;
            if (typeof entry === 'string' && !NO_TUNNEL.has(entry)) {
              const known = addresses.get(entry);
              if (known) known.entries++;
              else addresses.set(entry, { ip: entry, entries: 1, line: n, excerpt: excerptOf(text) });
            }
            return;
          }
          unread.add(n, `Not a ${map} map entry: "${excerptOf(text, 0, 80)}"`);
        },
        end() {
          unread.close(`${map} map entries`);
          if (!seen && unread.count > 0) {
            diagnostics.push({ file, line: null, level: 'error', message: `No ${map} map entry or header in the output` });
            return { data: null, diagnostics };
          }
          out.nodeAddresses = [...addresses.values()].sort((a, b) => a.ip.localeCompare(b.ip));
          return { data: out, diagnostics };
        },
      };
    },
  }) as LineParser<BpfMapDump>;
}

/** `TCP OUT 10.0.1.5:41532 -> 10.0.2.7:8080 expires=…` (1.17+ prints IPv6 without brackets). */
function readTuple(line: string, out: BpfMapDump, withProto: boolean): boolean {
  const m = /^(TCP|UDP|ICMP|ICMPv6|SCTP|GRE|ESP|\S+) (IN|OUT|SVC|ANY) (\S+) -> (\S+) /.exec(line);
  if (!m) return false;
  const family = IPV4_PORT.test(m[3] as string) ? 'ipv4' : 'ipv6';
  const key = withProto ? `${family}-${m[1] === 'TCP' ? 'tcp' : 'any'}` : family;
  out.byKind[key] = (out.byKind[key] ?? 0) + 1;
  return true;
}

export const ciliumBpfCtList = dump('ct', [/^cmd\/cilium(-dbg)?-bpf-ct-list-global(---time-diff)?\.md$/], null, (line, out) => readTuple(line, out, true));

export const ciliumBpfNatList = dump('nat', [/^cmd\/cilium(-dbg)?-bpf-nat-list\.md$/], null, (line, out) => readTuple(line, out, false));

export const ciliumBpfLbList = dump('lb', [/^cmd\/cilium(-dbg)?-bpf-lb-list\.md$/], /^SERVICE ADDRESS\s+BACKEND ADDRESS/, (line) => /^\s*\S+\s+\S/.test(line));

export const ciliumBpfIpcacheList = dump('ipcache', [/^cmd\/cilium(-dbg)?-bpf-ipcache-list\.md$/], /^IP PREFIX\/ADDRESS\s+IDENTITY/, (line) => {
  const m = /^(\S+\/\d+)\s+(.*)$/.exec(line);
  if (!m) return false;
  const value = m[2] as string;
  const named = /tunnelendpoint=([^\s,]+)/.exec(value);
  if (named) return named[1] as string;
  // ≤1.10: `<identity> <encrypt key> <tunnel endpoint>`.
  return /^\d+\s+\d+\s+(\S+)/.exec(value)?.[1] ?? false;
});

export const ciliumBpfTunnelList = dump('tunnel', [/^cmd\/cilium(-dbg)?-bpf-tunnel-list\.md$/], /^TUNNEL\s+VALUE/, (line) => {
  const m = /^(\S+)\s+(\S+)\s*$/.exec(line);
  if (!m) return false;
  const value = m[2] as string;
  // `192.168.10.12:0` (the key after the colon); a bare address in old versions. IPv6 values carry many colons.
  return /^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?$/.test(value) ? value.replace(/:\d+$/, '') : value;
});
