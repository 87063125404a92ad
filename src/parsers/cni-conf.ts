// `cniconf-<file>-<pod>-<ts>.txt` at the sysdump root (cilium-cli v0.11.5+/v0.10.5, sysdump.go "Collecting CNI
// configuration files"): each file of `/etc/cni/net.d/` as the agent pod `<pod>` sees it, verbatim. A CNI network
// configuration is JSON (CNI SPEC.md): a single plugin (`.conf`: `{"cniVersion", "name", "type", …}`) or a list
// (`.conflist`: `{"cniVersion", "name", "plugins": [{"type": …}, …]}`). Cilium writes `05-cilium.conflist` with a
// `cilium-cni` plugin (in chaining mode it is one plugin of another CNI's list) and renames other CNIs' files to
// `*.cilium_bak` when it owns the directory. The file and pod names are split off the file name at assembly,
// where the pod names are known.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { CniConf } from '../model/host.js';
import { defineParser } from './define.js';
import { asArray, asObject, asString, parseJsonWithLines } from './util/json.js';
import { TS } from './util/k8s.js';

export const cniConf = defineParser<CniConf>({
  id: 'cni-conf',
  scope: 'root',
  format: 'json',
  preference: 10,
  files: [new RegExp(`^cniconf-.+-${TS}\\.txt$`)],
  parse(text, file) {
    const json = parseJsonWithLines(text, file);
    const diagnostics: Diagnostic[] = [];
    const root = asObject(json.value);
    const first = text.split('\n').findIndex((l) => l.trim() !== '');
    const base = { src: { file, line: first >= 0 ? first + 1 : null }, excerpt: excerptOf(text.split('\n')[first] ?? '') };
    if (!root) {
      // Not JSON: a backup or a file of another format; kept by name so the directory listing stays complete.
      diagnostics.push({ file, line: null, level: 'warning', message: 'Not a JSON CNI configuration; kept by its name only' });
      return { data: { ...base, fileName: null, pod: null, name: null, cniVersion: null, plugins: [], json: false }, diagnostics };
    }
    const list = asArray(root.plugins);
    const plugins = (list ?? [root]).flatMap((p) => {
      const o = asObject(p);
      const type = asString(o?.type);
      if (!o || !type) return [];
      const line = json.lineOfKey(o, 'type') ?? json.lineOf(o);
      return [{ type, line, excerpt: line ? excerptOf(json.lineText(line)) : '' }];
    });
    if (plugins.length === 0) diagnostics.push({ file, line: json.lineOf(root), level: 'warning', message: 'CNI configuration without a plugin type' });
    const nameLine = json.lineOfKey(root, 'name');
    return {
      data: {
        src: { file, line: nameLine ?? base.src.line },
        excerpt: nameLine ? excerptOf(json.lineText(nameLine)) : base.excerpt,
        fileName: null,
        pod: null,
        name: asString(root.name),
        cniVersion: asString(root.cniVersion),
        plugins,
        json: true,
      },
      diagnostics: [...json.diagnostics, ...diagnostics],
    };
  },
});
