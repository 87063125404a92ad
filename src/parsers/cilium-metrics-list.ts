// `cilium metrics list` (cilium/cmd/metrics_list.go; all versions in bugtool): a table `Metric  Labels  Value` of
// the agent's Prometheus metrics. Only drop counters are kept: `cilium_drop_count_total` with
// `direction="INGRESS" reason="Policy denied"` labels, counted since the agent started.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Drop } from '../model/misc.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

export const ciliumMetricsList = defineParser<Drop[]>({
  id: 'cilium-metrics-list',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-metrics-list\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const drops: Drop[] = [];
    const out = outputLines(text);
    const account = new LineAccount(out.raw);
    out.text.forEach((line, i) => {
      if (isNoise(line)) return;
      if (!line.startsWith('cilium_drop_count_total')) {
        // The header and every other metric's row (`name  labels  value`) are read and not kept.
        if (/^Metric\s+Labels\s+Value\s*$/.test(line) || isMetricRow(line)) account.take(i + 1);
        else diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown metrics row "${excerptOf(line, 0, 80)}"` });
        return;
      }
      const m = /^cilium_drop_count_total\s+(.*?)\s+([\d.e+]+)\s*$/.exec(line);
      if (!m) {
        diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown drop counter row "${excerptOf(line, 0, 80)}"` });
        return;
      }
      account.take(i + 1);
      const labels = Object.fromEntries([...(m[1] as string).matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
      const count = Number(m[2]);
      if (!Number.isFinite(count) || count <= 0) return;
      const raw = out.raw[i] as string;
      drops.push({
        src: { file, line: i + 1 },
        excerpt: excerptOf(raw),
        reason: labels.reason ?? 'unknown',
        count,
        direction: labels.direction ?? null,
        srcEndpoint: null,
        dstEndpoint: null,
        srcIdentity: null,
        dstIdentity: null,
        srcAddress: null,
        dstAddress: null,
        protocol: null,
        time: null,
        kind: 'metric',
      });
    });
    return account.result(drops, diagnostics);
  },
});

/** `cilium_endpoint_state  endpoint_state="ready"  5.000000`: a metric name first and a number last. */
function isMetricRow(line: string): boolean {
  const t = line.trim();
  const last = t.slice(t.lastIndexOf(' ') + 1);
  return /^[a-zA-Z_:][\w:]*\s/.test(t) && /^(?:[-+]?[\d.]+(?:e[-+]?\d+)?|NaN|[-+]Inf)$/i.test(last);
}
