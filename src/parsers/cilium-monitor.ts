// `cilium monitor --type drop` lines (pkg/monitor/datapath_drop.go DumpInfo), which bugtool does not collect
// (streaming; sysdump-format.md §2.4) but users add: `xx drop (Policy denied) flow 0x48357586 to endpoint 211,
// [ifindex 21, file bpf_lxc.c:1651, ,] identity world->15435: 172.26.50.201:60556 -> 10.0.1.185:8082 tcp SYN`.
// Other monitor lines (policy verdicts, traces) are skipped.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Drop } from '../model/misc.js';
import { defineParser } from './define.js';
import { splitLines } from './util/text.js';

const DROP = /xx drop \((.+?)\) flow (0x[0-9a-f]+) to endpoint (\d+),(.*?)identity (\S+?)->(\S+?):\s+(\S+)\s+->\s+(\S+)\s+(\w+)/i;

export const ciliumMonitor = defineParser<Drop[]>({
  id: 'cilium-monitor',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-monitor.*\.(md|txt)$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const drops: Drop[] = [];
    const lines = splitLines(text);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (!/xx drop/.test(line)) continue;
      // A drop hard-wrapped over several lines (pasted from a terminal) is joined back.
      let joined = line;
      let j = i;
      while (!DROP.test(joined) && j + 1 < lines.length && j - i < 4 && !/xx drop/.test(lines[j + 1] as string)) joined += ` ${(lines[++j] as string).trim()}`;
      const m = DROP.exec(joined);
      if (!m) {
        diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown drop line "${excerptOf(line.trim(), 0, 80)}"` });
        continue;
      }
      drops.push({
        src: { file, line: i + 1 },
        excerpt: excerptOf(line, line.indexOf('xx drop')),
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
    return { data: drops, diagnostics };
  },
});
