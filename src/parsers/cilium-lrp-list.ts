// `cilium lrp list` (cilium/cmd/lrp_list.go; bugtool 1.10.8+, 1.11.2+, 1.12+): `LRP namespace  LRP name
// FrontendType  Matching Service`, then `|` continuation rows of `<frontend> -> <backend>(<ns>/<pod>),` mappings.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { LrpEntry } from '../model/misc.js';
import { defineParser } from './define.js';
import { COMMAND_ERROR, splitLines } from './util/text.js';

export const ciliumLrpList = defineParser<LrpEntry[]>({
  id: 'cilium-lrp-list',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-lrp-list\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const items: LrpEntry[] = [];
    let last: LrpEntry | null = null;
    splitLines(text).forEach((raw, i) => {
      const t = raw.trim();
      if (t === '' || COMMAND_ERROR.test(t) || /^LRP namespace/.test(t)) return;
      const mapping = /^\|\s+(\S+)\s+->\s+([^(\s]+)(?:\(([^)]*)\))?,?$/.exec(t);
      if (mapping && last) {
        (last as LrpEntry).mappings.push({ frontend: mapping[1] as string, backend: mapping[2] as string, pod: mapping[3] ?? null });
        return;
      }
      const row = /^(\S+)\s{2,}(\S+)\s{2,}(.+?)(?:\s{2,}(\S+))?$/.exec(t);
      if (row) {
        last = { src: { file, line: i + 1 }, excerpt: excerptOf(raw), namespace: row[1] as string, name: row[2] as string, frontendType: (row[3] as string).trim(), matchingService: row[4] ?? null, mappings: [] };
        items.push(last);
        return;
      }
      diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown lrp row "${excerptOf(t, 0, 80)}"` });
    });
    return { data: items, diagnostics };
  },
});
