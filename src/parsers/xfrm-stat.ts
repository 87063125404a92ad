// `cat /proc/net/xfrm_stat` as bugtool runs it (bugtool/cmd/configuration.go `defaultCommands`): once at the start
// of the run (`cmd/cat--proc-net-xfrm_stat.md`) and, from late 1.14.x and 1.15, once more at the end as
// `cat -u /proc/net/xfrm_stat` (`cmd/cat--u--proc-net-xfrm_stat.md`, "to see if the counters are increasing").
// The kernel prints one `<Name><spaces><count>` line per XFRM MIB counter (net/xfrm/xfrm_proc.c); the file exists
// only with CONFIG_XFRM_STATISTICS.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { XfrmStat } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

export const xfrmStat = defineParser<XfrmStat>({
  id: 'xfrm-stat',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cat--proc-net-xfrm_stat\.md$/, /^cmd\/cat--u--proc-net-xfrm_stat\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const out: XfrmStat = { file, sample: file.endsWith('cat--u--proc-net-xfrm_stat.md') ? 'last' : 'first', counters: {} };
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    lines.text.forEach((line, i) => {
      if (isNoise(line)) return;
      const m = /^(Xfrm[A-Za-z0-9]+)\s+(\d+)\s*$/.exec(line);
      if (!m) {
        unread.add(i + 1, `Not an XFRM counter line: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      account.take(i + 1);
      out.counters[m[1] as string] = { value: Number(m[2]), line: i + 1, excerpt: excerptOf(lines.raw[i] as string) };
    });
    unread.close('XFRM counter lines');
    if (Object.keys(out.counters).length === 0) {
      diagnostics.push({ file, line: null, level: diagnostics.length > 0 ? 'error' : 'warning', message: 'No XFRM counter in the output' });
      return account.none(diagnostics);
    }
    return account.result(out, diagnostics);
  },
});
