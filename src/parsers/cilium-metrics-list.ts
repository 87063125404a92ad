// `cilium metrics list` (cilium/cmd/metrics_list.go; all versions in bugtool): a table `Metric  Labels  Value` of
// the agent's Prometheus metrics. Kept: drop counters, `cilium_drop_count_total` with `direction="INGRESS"
// reason="Policy denied"` labels, counted since the agent started; and the fill of each BPF map,
// `cilium_bpf_map_pressure` with a `map_name="cilium_ct4_global"` label, a ratio between 0 and 1 (1.12+,
// pkg/metrics `BPFMapPressure`; exported for the maps whose pressure the agent tracks).
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { MapPressure } from '../model/host.js';
import type { Drop } from '../model/misc.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

/** What `cilium metrics list` gives: drop counters and BPF map pressure. */
export interface MetricsList {
  drops: Drop[];
  mapPressure: MapPressure[];
}

export const ciliumMetricsList = defineParser<MetricsList>({
  id: 'cilium-metrics-list',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-metrics-list\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const drops: Drop[] = [];
    const mapPressure: MapPressure[] = [];
    const out = outputLines(text);
    const account = new LineAccount(out.raw);
    out.text.forEach((line, i) => {
      if (isNoise(line)) return;
      if (line.startsWith('cilium_bpf_map_pressure')) {
        const words = line.trim().split(/\s+/);
        const value = Number(words[words.length - 1]);
        const map = /map_name="([^"]*)"/.exec(line)?.[1];
        if (map === undefined || words.length < 3 || !Number.isFinite(value) || value < 0) diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown map pressure row "${excerptOf(line, 0, 80)}"` });
        else {
          account.take(i + 1);
          mapPressure.push({ src: { file, line: i + 1 }, excerpt: excerptOf(out.raw[i] as string), map, value });
        }
        return;
      }
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
    return account.result({ drops, mapPressure }, diagnostics);
  },
});

/** `cilium_endpoint_state  endpoint_state="ready"  5.000000`: a metric name first and a number last. */
function isMetricRow(line: string): boolean {
  const t = line.trim();
  const last = t.slice(t.lastIndexOf(' ') + 1);
  return /^[a-zA-Z_:][\w:]*\s/.test(t) && /^(?:[-+]?[\d.]+(?:e[-+]?\d+)?|NaN|[-+]Inf)$/i.test(last);
}
