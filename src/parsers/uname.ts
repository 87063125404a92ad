// `uname -a` as bugtool runs it on the node (bugtool/cmd/configuration.go `defaultCommands`, every version from
// 1.10 to 1.18; file `cmd/uname--a.md`). GNU coreutils prints `<kernel-name> <nodename> <release> <version>
// <machine> [<processor> <hardware-platform>] <operating-system>`, and the version itself holds spaces
// (`#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)`), so the machine is found from the end of the line.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Uname } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

const MACHINES = new Set(['x86_64', 'aarch64', 'arm64', 'armv7l', 'ppc64le', 's390x', 'riscv64', 'i686', 'unknown']);

export const uname = defineParser<Uname>({
  id: 'uname',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/uname--a\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const out = outputLines(text);
    const account = new LineAccount(out.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    let found: Uname | null = null;
    out.text.forEach((line, i) => {
      if (isNoise(line)) return;
      const parsed = found ? null : readUname(line);
      if (parsed) {
        account.take(i + 1);
        found = { ...parsed, src: { file, line: i + 1 }, excerpt: excerptOf(out.raw[i] as string) };
        return;
      }
      unread.add(i + 1, `Not a uname line: "${excerptOf(line, 0, 80)}"`);
    });
    unread.close('uname lines');
    if (!found && diagnostics.length === 0) diagnostics.push({ file, line: null, level: 'warning', message: 'No uname line in the output' });
    return account.result<Uname>(found, diagnostics);
  },
});

function readUname(line: string): Omit<Uname, 'src' | 'excerpt'> | null {
  const words = line.trim().split(/\s+/);
  if (words[0] !== 'Linux' || words.length < 4) return null;
  const release = words[2] as string;
  if (!/^\d+\.\d+/.test(release)) return null;
  // From the end: the OS (`GNU/Linux`), then up to three machine words (machine, processor, platform).
  let end = words.length;
  if (/linux/i.test(words[end - 1] as string) && end > 4) end--;
  let machine: string | null = null;
  while (end > 3 && MACHINES.has(words[end - 1] as string)) {
    machine = words[end - 1] as string;
    end--;
  }
  const build = words.slice(3, end).join(' ');
  return { release, build: build || null, machine, hostname: words[1] ?? null };
}
