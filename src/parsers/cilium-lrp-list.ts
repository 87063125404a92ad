// `cilium lrp list` (cilium/cmd/lrp_list.go; bugtool 1.10.8+, 1.11.2+, 1.12+): `LRP namespace  LRP name
// FrontendType  Matching Service`, then `|` continuation rows of `<frontend> -> <backend>(<ns>/<pod>),` mappings.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { LrpEntry } from '../model/misc.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

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
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    lines.text.forEach((line, i) => {
      const raw = lines.raw[i] as string;
      const t = line.trim();
      if (isNoise(t)) return;
      if (/^LRP namespace/.test(t)) {
        account.take(i + 1);
        return;
      }
      // `| 10.96.0.10:53/UDP -> 10.244.1.49:53(kube-system/node-local-dns-72r7m), ` with one `ip:port(pod), ` per
      // local backend (lrp_list.go getPrintableMapping): a frontend with no backend pod on this node prints `->` and
      // nothing after it, which is a fact ("no local backend"), kept with a null backend.
      const mapping = /^\|\s+(\S+)\s+->(.*)$/.exec(t);
      const backends = mapping ? lrpBackends(mapping[2] as string) : null;
      if (mapping && backends && last) {
        account.take(i + 1);
        const frontend = mapping[1] as string;
        if (backends.length === 0) (last as LrpEntry).mappings.push({ frontend, backend: null, pod: null });
        for (const b of backends) (last as LrpEntry).mappings.push({ frontend, ...b });
        return;
      }
      const row = /^(\S+)\s{2,}(\S+)\s{2,}(.+?)(?:\s{2,}(\S+))?$/.exec(t);
      if (row && !t.startsWith('|')) {
        account.take(i + 1);
        last = { src: { file, line: i + 1 }, excerpt: excerptOf(raw), namespace: row[1] as string, name: row[2] as string, frontendType: (row[3] as string).trim(), matchingService: row[4] ?? null, mappings: [] };
        items.push(last);
        return;
      }
      diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown lrp row "${excerptOf(t, 0, 80)}"` });
    });
    return account.result(items, diagnostics);
  },
});

/** `10.244.1.49:53(kube-system/node-local-dns-72r7m), 10.244.1.50:53(…), `; null when the text is not that. */
function lrpBackends(text: string): { backend: string; pod: string | null }[] | null {
  const out: { backend: string; pod: string | null }[] = [];
  for (const part of text.split(',')) {
    const p = part.trim();
    if (p === '') continue;
    const m = /^([^(\s]+)(?:\(([^)]*)\))?$/.exec(p);
    if (!m) return null;
    out.push({ backend: m[1] as string, pod: m[2] ?? null });
  }
  return out;
}
