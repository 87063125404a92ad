// `k8s-pods-<ts>.txt` at the sysdump root (cilium-cli sysdump.go, every version): `kubectl get pods -A -o wide` as a
// table, `NAMESPACE NAME READY STATUS RESTARTS AGE IP NODE NOMINATED NODE READINESS GATES`, aligned by kubectl's
// tabwriter. RESTARTS holds spaces (`4 (16m ago)`) since kubectl 1.22, so cells are cut at the header's column
// positions. Kept as light rows of every pod (name, IP, node), which the pods YAML parser does not keep.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { PodRow } from '../model/k8s.js';
import { defineParser } from './define.js';
import { TS } from './util/k8s.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

export const k8sPodsTable = defineParser<PodRow[]>({
  id: 'k8s-pods-table',
  scope: 'root',
  format: 'text',
  preference: 5,
  files: [new RegExp(`^k8s-pods-${TS}\\.txt$`)],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const output = outputLines(text);
    const lines = output.text;
    const account = new LineAccount(output.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    const h = lines.findIndex((l) => /^NAMESPACE\s+NAME\s+READY\s+STATUS\b/.test(l));
    if (h < 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No `NAMESPACE NAME READY STATUS …` header in the pods table' });
      return account.none(diagnostics);
    }
    account.take(h + 1);
    const header = lines[h] as string;
    const cols = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index ?? 0 }));
    const at = (name: string) => cols.findIndex((c) => c.name === name);
    const need = ['NAMESPACE', 'NAME', 'STATUS', 'IP', 'NODE'].map(at);
    if (need.some((i) => i < 0)) {
      // Without these columns no row can be read: the error names the whole table.
      diagnostics.push({ file, line: null, level: 'error', message: `The pods table's header lacks one of NAMESPACE, NAME, STATUS, IP, NODE: "${excerptOf(header, 0, 120)}"` });
      return account.none(diagnostics);
    }
    const cell = (row: string, i: number) => {
      const c = cols[i] as { at: number };
      const next = cols[i + 1];
      return row.slice(c.at, next ? next.at : undefined).trim();
    };
    const rows: PodRow[] = [];
    lines.forEach((line, i) => {
      if (i === h || isNoise(line)) return;
      if (i < h) {
        unread.add(i + 1, `Before the pods table's header: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      const [ns, name, status, ip, node] = need.map((k) => cell(line, k));
      if (!ns || !name || /\s/.test(name) || /\s/.test(ns)) {
        unread.add(i + 1, `Not a pods table row: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      account.take(i + 1);
      rows.push({
        src: { file, line: i + 1 },
        excerpt: excerptOf(output.raw[i] as string),
        namespace: ns,
        name,
        status: status || null,
        ip: ip && ip !== '<none>' ? ip : null,
        node: node && node !== '<none>' ? node : null,
      });
    });
    unread.close('pods table rows');
    return account.result(rows, diagnostics);
  },
});
