// `cilium monitor --type drop` lines (pkg/monitor/datapath_drop.go DumpInfo), which bugtool does not collect
// (streaming; sysdump-format.md §2.4) but users add: `xx drop (Policy denied) flow 0x48357586 to endpoint 211,
// [ifindex 21, file bpf_lxc.c:1651, ,] identity world->15435: 172.26.50.201:60556 -> 10.0.1.185:8082 tcp SYN`.
// Other monitor lines (policy verdicts, traces) are skipped.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Drop } from '../model/misc.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

/**
 * The `flow 0x…` field exists since 1.2 and `identity A->B:` since 1.0; the drop lines in Cilium's troubleshooting
 * docs (Documentation/operations/troubleshooting.rst) have no flow: `xx drop (Policy denied) to endpoint 25729,
 * identity 261->264: 10.11.13.37 -> 10.11.101.61 EchoRequest`. The summary after the addresses is a protocol
 * (`tcp SYN`, `udp`) or an ICMP type (`EchoRequest`).
 */
const DROP = /xx drop \((.+?)\)(?: flow (0x[0-9a-f]+))? to endpoint (\d+),(.*?)identity (\S+?)->(\S+?):\s+(\S+)\s+->\s+(\S+)\s+(\w+)/i;

/** Other `cilium monitor` output: traces, verdicts, debug and capture lines, the start banner (pkg/monitor/format). */
const OTHER_EVENT = /^(?:->|<-|>>|Policy verdict log:|CPU \d+:|Listening for events|Press Ctrl-C|level=\w+|time=|-{10,}|(?:Ethernet|IPv4|IPv6|TCP|UDP|ICMPv4|ICMPv6|ARP|LinuxSLL|Payload)\s*\{|\*\* |Trace )/;

export const ciliumMonitor = defineParser<Drop[]>({
  id: 'cilium-monitor',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-monitor.*\.(md|txt)$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const drops: Drop[] = [];
    const out = outputLines(text);
    const lines = out.text;
    const account = new LineAccount(out.raw);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (!/xx drop/.test(line)) {
        if (OTHER_EVENT.test(line.trim())) account.take(i + 1);
        else if (line.trim() !== '' && !isNoise(line)) diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown monitor line "${excerptOf(line.trim(), 0, 80)}"` });
        continue;
      }
      // A drop hard-wrapped over several lines (pasted from a terminal) is joined back.
      let joined = line;
      let j = i;
      while (!DROP.test(joined) && j + 1 < lines.length && j - i < 4 && !/xx drop/.test(lines[j + 1] as string)) joined += ` ${(lines[++j] as string).trim()}`;
      const m = DROP.exec(joined);
      if (!m) {
        diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown drop line "${excerptOf(line.trim(), 0, 80)}"` });
        continue;
      }
      for (let k = i; k <= j; k++) account.take(k + 1);
      const raw = out.raw[i] as string;
      drops.push({
        src: { file, line: i + 1 },
        excerpt: excerptOf(raw, raw.indexOf('xx drop')),
        reason: m[1] as string,
        count: 1,
        direction: null,
        srcEndpoint: null,
        dstEndpoint: m[3] === '0' ? null : (m[3] as string),
        srcIdentity: m[5] as string,
        dstIdentity: m[6] as string,
        srcAddress: m[7] as string,
        dstAddress: m[8] as string,
        protocol: m[9] as string,
        time: null,
        kind: 'monitor',
      });
      i = j;
    }
    return account.result(drops, diagnostics);
  },
});
