// `hostname` as bugtool runs it on the node (bugtool/cmd/configuration.go): one line, the node's host name.
import { type Diagnostic, excerptOf, type Sourced } from '../model/common.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines } from './util/text.js';

export const hostname = defineParser<{ name: string } & Sourced>({
  id: 'hostname',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/hostname\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const i = lines.text.findIndex((l) => !isNoise(l));
    const name = lines.text[i]?.trim() ?? '';
    if (i < 0 || !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(name)) {
      diagnostics.push({ file, line: i < 0 ? null : i + 1, level: 'error', message: `Invalid hostname "${excerptOf(name, 0, 60)}"` });
      return account.none(diagnostics);
    }
    account.take(i + 1);
    lines.text.forEach((l, j) => {
      if (j > i && !isNoise(l)) diagnostics.push({ file, line: j + 1, level: 'warning', message: `Unexpected line after the host name: "${excerptOf(l.trim(), 0, 60)}"` });
    });
    return account.result({ name, src: { file, line: i + 1 }, excerpt: excerptOf(lines.raw[i] ?? '') }, diagnostics);
  },
});
