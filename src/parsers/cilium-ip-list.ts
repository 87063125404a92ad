// `cilium ip list -n -o json` (cilium/cmd/ip_list.go; bugtool all versions): `[] {cidr, identity, hostIP,
// encryptKey, metadata {source, namespace, name}}`; and the text table `IP  IDENTITY  SOURCE` (identity numbers
// with -n, else label lines, one per continuation row) that users add.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { IpListEntry } from '../model/misc.js';
import { defineParser } from './define.js';
import { asArray, asNumber, parseJsonWithLines } from './util/json.js';
import { str } from './util/k8s.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

export const ciliumIpListJson = defineParser<IpListEntry[]>({
  id: 'cilium-ip-list',
  scope: 'agent',
  format: 'json',
  preference: 20,
  files: [/^cmd\/cilium(-dbg)?-ip-list--n--o-json\.md$/, /^cmd\/cilium(-dbg)?-ip-list--o-json\.md$/],
  parse(text, file) {
    const json = parseJsonWithLines(text, file);
    const diagnostics = [...json.diagnostics];
    const list = asArray(json.value);
    if (!list) {
      if (json.value !== undefined) diagnostics.push({ file, line: null, level: 'error', message: 'Invalid ip list JSON: expected an array' });
      return { data: null, diagnostics };
    }
    const items: IpListEntry[] = [];
    for (const e of list) {
      const cidr = str(e, 'cidr');
      const n = json.lineOf(e);
      if (!cidr) {
        diagnostics.push({ file, line: n, level: 'warning', message: 'Invalid ip list entry: missing `cidr`' });
        continue;
      }
      const identity = asNumber((e as Record<string, unknown>).identity);
      items.push({ src: { file, line: n }, excerpt: excerptOf(n ? json.lines.line(n) : ''), cidr, identity, labels: [], hostIP: str(e, 'hostIP'), source: str(e, 'metadata', 'source') });
    }
    return { data: items, diagnostics };
  },
});

export const ciliumIpListText = defineParser<IpListEntry[]>({
  id: 'cilium-ip-list',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-ip-list(--n)?\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const items: IpListEntry[] = [];
    let last: IpListEntry | null = null;
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    lines.text.forEach((line, i) => {
      const raw = lines.raw[i] as string;
      const t = line.trim();
      if (isNoise(t)) return;
      if (/^IP\s+IDENTITY/.test(t) || t === '...') {
        account.take(i + 1);
        return;
      }
      const m = /^([0-9a-fA-F.:]+\/\d+)\s+(\S+)?\s*(\S+)?$/.exec(t);
      if (m) {
        account.take(i + 1);
        const id = m[2] ?? '';
        last = { src: { file, line: i + 1 }, excerpt: excerptOf(raw), cidr: m[1] as string, identity: /^\d+$/.test(id) ? Number(id) : null, labels: /^\d+$/.test(id) || !id ? [] : [id], hostIP: null, source: m[3] ?? null };
        items.push(last);
        return;
      }
      if (last && /^\s/.test(line) && /^\S+$/.test(t)) {
        account.take(i + 1);
        (last as IpListEntry).labels.push(t);
        return;
      }
      diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown ip list row "${excerptOf(t, 0, 80)}"` });
    });
    return items.length > 0 ? account.result(items, diagnostics) : account.none(diagnostics);
  },
});
