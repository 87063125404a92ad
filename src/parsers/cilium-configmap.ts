// `cilium-configmap-<ts>.yaml` (cilium-cli v0.9.1+; `cilium-config-configmap-<ts>.yaml` before): the single
// ConfigMap `cilium-config`, whose `data` holds the agent's settings (`ipam`, `routing-mode`, `tunnel`, `cluster-name`,
// `kube-proxy-replacement`, …). Kept as its data map with the line of each key.
import { parse as parseYaml } from 'yaml';
import type { Diagnostic } from '../model/common.js';
import { excerptOf } from '../model/common.js';
import type { CiliumConfig } from '../model/k8s.js';
import { defineParser } from './define.js';
import { asObject } from './util/json.js';
import { TS } from './util/k8s.js';
import { splitLines } from './util/text.js';

export const ciliumConfigmap = defineParser<CiliumConfig>({
  id: 'cilium-configmap',
  scope: 'root',
  format: 'yaml',
  preference: 10,
  files: [new RegExp(`^cilium-configmap-${TS}\\.yaml$`), new RegExp(`^cilium-config-configmap-${TS}\\.yaml$`)],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    let value: unknown;
    try {
      value = parseYaml(text, { maxAliasCount: 50, uniqueKeys: false, strict: false });
    } catch (error) {
      diagnostics.push({ file, line: (error as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? null, level: 'error', message: `Invalid YAML: ${(error as Error).message.split('\n')[0]}` });
      return { data: null, diagnostics };
    }
    const data = asObject(asObject(value)?.data);
    if (!data) {
      diagnostics.push({ file, line: null, level: 'error', message: 'Missing `data` in the cilium-config ConfigMap' });
      return { data: null, diagnostics };
    }
    const lines = splitLines(text);
    const dataLine = lines.findIndex((l) => /^data:\s*$/.test(l));
    const out: CiliumConfig = { src: { file, line: dataLine + 1 || null }, excerpt: excerptOf(lines[dataLine] ?? ''), data: {}, lines: {}, excerpts: {} };
    for (const [key, v] of Object.entries(data)) {
      out.data[key] = v === null || v === undefined ? '' : String(v);
      const at = lines.findIndex((l, i) => i > dataLine && new RegExp(`^\\s+"?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?:`).test(l));
      if (at >= 0) {
        out.lines[key] = at + 1;
        out.excerpts[key] = excerptOf((lines[at] as string).trim());
      }
    }
    return { data: out, diagnostics };
  },
});
