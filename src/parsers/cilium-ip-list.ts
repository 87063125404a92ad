// `cilium ip list -n -o json` (cilium/cmd/ip_list.go; bugtool all versions): `[] {cidr, identity, hostIP,
// encryptKey, metadata {source, namespace, name}}`; and the text table `IP  IDENTITY  SOURCE` (identity numbers
// with -n, else label lines, one per continuation row) that users add. Both give counts, not rows: see IpListSummary.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { IpListSummary } from '../model/misc.js';
import { defineParser } from './define.js';
import { asArray, asNumber, parseJsonWithLines } from './util/json.js';
import { str } from './util/k8s.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

export const ciliumIpListJson = defineParser<IpListSummary>({
  id: 'cilium-ip-list',
  scope: 'agent',
  format: 'json',
  preference: 20,
  files: [/^cmd\/cilium(-dbg)?-ip-list--n--o-json\.md$/, /^cmd\/cilium(-dbg)?-ip-list--o-json\.md$/],
  parse(text, file) {
    const json = parseJsonWithLines(text, file);
    // Line locations are found on the first question, and may add a diagnostic then: json's come last.
    const diagnostics: Diagnostic[] = [];
    const list = asArray(json.value);
    if (!list) {
      if (json.value !== undefined) diagnostics.push({ file, line: null, level: 'error', message: 'Invalid ip list JSON: expected an array' });
      return { data: null, diagnostics: [...diagnostics, ...json.diagnostics] };
    }
    const counts = new Counts();
    for (const e of list) {
      const cidr = str(e, 'cidr');
      if (!cidr) {
        diagnostics.push({ file, line: json.lineOf(e), level: 'warning', message: 'Invalid ip list entry: missing `cidr`' });
        continue;
      }
      counts.add(asNumber((e as Record<string, unknown>).identity), str(e, 'metadata', 'source'));
    }
    return { data: counts.summary(), diagnostics: [...diagnostics, ...json.diagnostics] };
  },
});

export const ciliumIpListText = defineParser<IpListSummary>({
  id: 'cilium-ip-list',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-ip-list(--n)?\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const counts = new Counts();
    let inRow = false;
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    lines.text.forEach((line, i) => {
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
        counts.add(/^\d+$/.test(id) ? Number(id) : null, m[3] ?? null);
        inRow = true;
        return;
      }
      // A label of the row above, printed on its own indented line when the list is not numeric.
      if (inRow && /^\s/.test(line) && /^\S+$/.test(t)) {
        account.take(i + 1);
        return;
      }
      diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown ip list row "${excerptOf(t, 0, 80)}"` });
    });
    return counts.entries > 0 ? account.result(counts.summary(), diagnostics) : account.none(diagnostics);
  },
});

const MAX_SOURCES = 50;

class Counts {
  entries = 0;
  private readonly identities = new Set<number>();
  private readonly bySource = new Map<string, number>();

  add(identity: number | null, source: string | null): void {
    this.entries++;
    if (identity !== null && Number.isInteger(identity) && identity >= 0) this.identities.add(identity);
    if (!source) return;
    // A hostile list could name a new source on every row: the map stays small.
    const key = this.bySource.has(source) || this.bySource.size < MAX_SOURCES ? source : '(other)';
    this.bySource.set(key, (this.bySource.get(key) ?? 0) + 1);
  }

  summary(): IpListSummary {
    return { entries: this.entries, identities: this.identities.size, bySource: Object.fromEntries(this.bySource) };
  }
}
