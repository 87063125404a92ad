// `cilium version` (cilium/cmd/version.go): `Client: 1.14.2 a6748946 2023-09-09T20:59:33+00:00 go version go1.20.8
// linux/amd64` and `Daemon: …`; debuginfo's `cilium-version` holds the bare daemon line. bugtool does not run it
// (sysdump-format.md §2.4), so this reads a file a user added, or the debuginfo value.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { CiliumVersion } from '../model/misc.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

const VERSION = /\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\b/;

export const ciliumVersion = defineParser<CiliumVersion>({
  id: 'cilium-version',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-version\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const result = readVersion(lines.text, file);
    lines.text.forEach((line, i) => {
      // `Client:`, `Daemon:`, cilium-cli's `cilium image (stable):` lines, or a bare version line (debuginfo).
      if (/^\s*[\w-]+(?: [\w-]+)*(?: \([\w ]+\))?:\s/.test(line) || /^\s*v?\d+\.\d+\.\d+/.test(line)) account.take(i + 1);
      else if (!isNoise(line)) diagnostics.push({ file, line: i + 1, level: 'warning', message: `Unknown version line "${excerptOf(line.trim(), 0, 80)}"` });
    });
    if (!result) {
      diagnostics.push({ file, line: null, level: 'error', message: 'Missing version: expected `Client:`/`Daemon:` lines or a version number' });
      return account.none(diagnostics);
    }
    return account.result({ ...result, excerpt: excerptOf(lines.raw[(result.src.line ?? 1) - 1] ?? '') }, diagnostics);
  },
});

/** Reads Client/Daemon lines, the bare debuginfo form, or cilium-cli's `cilium image (running): …` line. */
export function readVersion(lines: readonly string[], file: string): CiliumVersion | null {
  let client: string | null = null;
  let daemon: string | null = null;
  let at = 0;
  lines.forEach((line, i) => {
    const m = /^\s*(Client|Daemon|cilium image \(running\)):\s*(.*)$/.exec(line);
    const v = VERSION.exec(m ? (m[2] as string) : line)?.[1] ?? null;
    if (!v) return;
    if (m?.[1] === 'Client') client = client ?? v;
    else if (m?.[1] === 'Daemon' || m?.[1] === 'cilium image (running)' || (!m && !daemon && /^\s*v?\d+\.\d+\.\d+/.test(line))) {
      if (!daemon) {
        daemon = v;
        at = i;
      }
    }
  });
  if (!client && !daemon) return null;
  return { src: { file, line: at + 1 }, excerpt: excerptOf(lines[at] ?? ''), client, daemon };
}
