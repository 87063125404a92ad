// The kernel build configuration bugtool copies into `conf/` (bugtool/cmd/configuration.go `copyConfigCommands`,
// 1.10–1.18): `/proc/config` → `conf/kernel-config`, `/proc/config.gz` → `conf/kernel-config.gz` (gzip, kept
// compressed: sysdump-format.md §2.2, §5) and `/boot/config-<release>` → `conf/kernel-config-<release>`. The format
// is Kconfig's `.config`: `CONFIG_X=y|m|<value>` and `# CONFIG_X is not set` lines, other `#` lines are comments.
// Only the options the kernel requirements knowledge asks about are kept.
import { gunzipSync } from 'node:zlib';
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { KernelConfig } from '../model/host.js';
import { KERNEL_OPTIONS } from '../knowledge/kernel-requirements.js';
import { defineParser } from './define.js';
import { splitLines } from './util/text.js';

/** Largest decompressed config read: real ones are 100–300 KB. */
export const MAX_KERNEL_CONFIG_BYTES = 8 * 2 ** 20;

export const kernelConfig = defineParser<KernelConfig>({
  kind: 'bytes',
  id: 'kernel-config',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^conf\/kernel-config(\.gz|-[^/]+)?$/],
  parse(bytes, file) {
    const diagnostics: Diagnostic[] = [];
    const compressed = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
    let text: string;
    if (compressed) {
      try {
        text = gunzipSync(bytes, { maxOutputLength: MAX_KERNEL_CONFIG_BYTES }).toString('utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === 'ERR_BUFFER_TOO_LARGE' ? `more than ${MAX_KERNEL_CONFIG_BYTES} bytes once decompressed` : (error as Error).message;
        diagnostics.push({ file, line: null, level: 'error', message: `Unreadable gzip-compressed kernel config: ${why}` });
        return { data: null, diagnostics };
      }
    } else {
      text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, MAX_KERNEL_CONFIG_BYTES)).toString('utf8');
      if (bytes.length > MAX_KERNEL_CONFIG_BYTES) diagnostics.push({ file, line: null, level: 'warning', message: `Kernel config cut at ${MAX_KERNEL_CONFIG_BYTES} bytes` });
    }
    const release = /kernel-config-([^/]+)$/.exec(file)?.[1] ?? null;
    const out: KernelConfig = { file, compressed, release: release === 'gz' ? null : release, options: {}, total: 0 };
    let unknown = 0;
    splitLines(text).forEach((line, i) => {
      if (line.trim() === '') return;
      let name: string | undefined;
      let value: string | undefined;
      const set = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line);
      if (set) [name, value] = [set[1], set[2]];
      else {
        const unset = /^# (CONFIG_[A-Za-z0-9_]+) is not set\s*$/.exec(line);
        if (unset) [name, value] = [unset[1], 'n'];
        else if (line.startsWith('#')) return;
      }
      if (name === undefined || value === undefined) {
        // Once, not per line: a binary or foreign file would name every line.
        if (unknown++ === 0) diagnostics.push({ file, line: i + 1, level: 'warning', message: `Not a kernel config line: "${excerptOf(line, 0, 80)}"` });
        return;
      }
      out.total++;
      if (KERNEL_OPTIONS.has(name)) out.options[name] = { value, line: i + 1 };
    });
    if (unknown > 1) diagnostics.push({ file, line: null, level: 'warning', message: `${unknown} lines are not kernel config lines` });
    if (out.total === 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No CONFIG_ option in the kernel config' });
      return { data: null, diagnostics };
    }
    return { data: out, diagnostics };
  },
});
