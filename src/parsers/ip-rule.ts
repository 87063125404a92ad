// `ip rule` (bugtool ≤1.13, `cmd/ip-rule.md`) and `ip -d rule` (1.14+, `cmd/ip--d-rule.md`): one rule per line,
// `<priority>:\t<selector> <action>` (iproute2 ip/iprule.c `print_rule`). With `-d` iproute2 also prints the rule's
// protocol (`proto kernel`; Cilium installs its rules with RTPROT_KERNEL, pkg/datapath/linux/linux_defaults). Old
// iproute2 leaves a trailing space after each rule.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { IpRule, IpRules } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

export const ipRule = defineParser<IpRules>({
  id: 'ip-rule',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/ip-rule\.md$/, /^cmd\/ip--d-rule\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const rules: IpRule[] = [];
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    lines.text.forEach((line, i) => {
      if (isNoise(line)) return;
      const m = /^(\d+):\s+(\S.*?)\s*$/.exec(line);
      if (!m) {
        unread.add(i + 1, `Not an ip rule line: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      account.take(i + 1);
      const rule = m[2] as string;
      rules.push({
        src: { file, line: i + 1 },
        excerpt: excerptOf(lines.raw[i] as string),
        priority: Number(m[1]),
        rule,
        table: / lookup (\S+)/.exec(` ${rule}`)?.[1] ?? null,
        fwmark: / fwmark (\S+)/.exec(` ${rule}`)?.[1] ?? null,
      });
    });
    unread.close('ip rule lines');
    if (rules.length === 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No routing rule in the output' });
      return account.none(diagnostics);
    }
    return account.result({ file, rules }, diagnostics);
  },
});
