// `k8s-node-memory-cpu-usage-<ts>.txt` at the sysdump root (cilium-cli v0.18.8+): `kubectl top nodes` as cilium-cli
// formats it from the metrics API (cilium-cli sysdump/sysdump.go `formatNodeMetricsAsTable`): a tabwriter table
// `NAME CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%)`, rows `%s\t%dm\t%s\t%dMi\t%s` with `<unknown>` percentages when the
// node's capacity is not known. kubectl's own spelling of the header (`CPU%`, `MEMORY%`) is read too.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { NodeUsage } from '../model/k8s.js';
import { defineParser } from './define.js';
import { TS } from './util/k8s.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

export const k8sNodeUsage = defineParser<NodeUsage[]>({
  id: 'k8s-node-usage',
  scope: 'root',
  format: 'text',
  preference: 10,
  files: [new RegExp(`^k8s-node-memory-cpu-usage-${TS}\\.txt$`)],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const rows: NodeUsage[] = [];
    let header = false;
    const pct = (v: string) => (/^\d+(\.\d+)?%$/.test(v) ? Number(v.slice(0, -1)) : null);
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    lines.text.forEach((line, i) => {
      if (isNoise(line)) return;
      if (/^NAME\s+CPU\(cores\)\s+CPU\(?%\)?\s+MEMORY\(bytes\)\s+MEMORY\(?%\)?\s*$/.test(line)) {
        header = true;
        account.take(i + 1);
        return;
      }
      const w = line.trim().split(/\s+/);
      const [name, cpu, cpuPct, mem, memPct] = w;
      if (!header || w.length !== 5 || !name || !/^\d+m$/.test(cpu ?? '') || !/^\d+Mi$/.test(mem ?? '')) {
        unread.add(i + 1, `Not a node usage row: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      account.take(i + 1);
      rows.push({ src: { file, line: i + 1 }, excerpt: excerptOf(lines.raw[i] as string), name, cpuMillis: Number(cpu?.slice(0, -1)), cpuPercent: pct(cpuPct ?? ''), memoryMi: Number(mem?.slice(0, -2)), memoryPercent: pct(memPct ?? '') });
    });
    unread.close('node usage rows');
    if (!header) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No `NAME CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%)` header' });
      return account.none(diagnostics);
    }
    return account.result(rows, diagnostics);
  },
});
