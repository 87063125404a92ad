// `lsmod` as bugtool runs it on the node (bugtool/cmd/configuration.go `defaultCommands`, 1.10–1.18; file
// `cmd/lsmod.md`). kmod prints a header `Module  Size  Used by` and one `name size refcount [users]` row per loaded
// module (kmod tools/lsmod.c): the format has not changed in years.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Modules } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, splitLines } from './util/text.js';

export const lsmod = defineParser<Modules>({
  id: 'lsmod',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/lsmod\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const out: Modules = { file, names: [], lines: [] };
    let header = false;
    splitLines(text).forEach((line, i) => {
      if (isNoise(line)) return;
      if (/^Module\s+Size\s+Used by\s*$/.test(line)) {
        header = true;
        return;
      }
      const m = /^([A-Za-z0-9_-]+)\s+(\d+)\s+(-|\d+)\b/.exec(line);
      if (!m) {
        diagnostics.push({ file, line: i + 1, level: 'warning', message: `Not an lsmod row: "${excerptOf(line, 0, 80)}"` });
        return;
      }
      out.names.push(m[1] as string);
      out.lines.push(i + 1);
    });
    if (!header && out.names.length === 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No lsmod header or module rows' });
      return { data: null, diagnostics };
    }
    return { data: out, diagnostics };
  },
});
