// `lsmod` as bugtool runs it on the node (bugtool/cmd/configuration.go `defaultCommands`, 1.10–1.18; file
// `cmd/lsmod.md`). kmod prints a header `Module  Size  Used by` and one `name size refcount [users]` row per loaded
// module (kmod tools/lsmod.c): the format has not changed in years.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Modules } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

export const lsmod = defineParser<Modules>({
  id: 'lsmod',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/lsmod\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const out: Modules = { file, names: [], lines: [] };
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    let header = false;
    lines.text.forEach((line, i) => {
      if (isNoise(line)) return;
      if (/^Module\s+Size\s+Used by\s*$/.test(line)) {
        header = true;
        account.take(i + 1);
        return;
      }
      const m = /^([A-Za-z0-9_-]+)\s+(\d+)\s+(-|\d+)\b/.exec(line);
      if (!m) {
        unread.add(i + 1, `Not an lsmod row: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      account.take(i + 1);
      out.names.push(m[1] as string);
      out.lines.push(i + 1);
    });
    unread.close('lsmod rows');
    if (!header && out.names.length === 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No lsmod header or module rows' });
      return account.none(diagnostics);
    }
    return account.result(out, diagnostics);
  },
});
