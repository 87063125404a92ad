// `hostname` as bugtool runs it on the node (bugtool/cmd/configuration.go): one line, the node's host name.
import { type Diagnostic, excerptOf, type Sourced } from '../model/common.js';
import { defineParser } from './define.js';
import { COMMAND_ERROR, splitLines } from './util/text.js';

export const hostname = defineParser<{ name: string } & Sourced>({
  id: 'hostname',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/hostname\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const lines = splitLines(text);
    const i = lines.findIndex((l) => l.trim() !== '' && !COMMAND_ERROR.test(l));
    const name = lines[i]?.trim() ?? '';
    if (i < 0 || !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(name)) {
      diagnostics.push({ file, line: i < 0 ? null : i + 1, level: 'error', message: `Invalid hostname "${excerptOf(name, 0, 60)}"` });
      return { data: null, diagnostics };
    }
    return { data: { name, src: { file, line: i + 1 }, excerpt: excerptOf(lines[i] ?? '') }, diagnostics };
  },
});
