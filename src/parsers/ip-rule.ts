// `ip rule` (bugtool ≤1.13, `cmd/ip-rule.md`) and `ip -d rule` (1.14+, `cmd/ip--d-rule.md`): one rule per line,
// `<priority>:\t<selector> <action>` (iproute2 ip/iprule.c `print_rule`). With `-d` iproute2 also prints the rule's
// protocol (`proto kernel`; Cilium installs its rules with RTPROT_KERNEL, pkg/datapath/linux/linux_defaults). Old
// iproute2 leaves a trailing space after each rule.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { IpRule, IpRules } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, splitLines } from './util/text.js';

export const ipRule = defineParser<IpRules>({
  id: 'ip-rule',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/ip-rule\.md$/, /^cmd\/ip--d-rule\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const rules: IpRule[] = [];
    splitLines(text).forEach((line, i) => {
      if (isNoise(line)) return;
      const m = /^(\d+):\s+(\S.*?)\s*$/.exec(line);
      if (!m) {
        diagnostics.push({ file, line: i + 1, level: 'warning', message: `Not an ip rule line: "${excerptOf(line, 0, 80)}"` });
        return;
      }
      const rule = m[2] as string;
      rules.push({
        src: { file, line: i + 1 },
        excerpt: excerptOf(line),
        priority: Number(m[1]),
        rule,
        table: / lookup (\S+)/.exec(` ${rule}`)?.[1] ?? null,
        fwmark: / fwmark (\S+)/.exec(` ${rule}`)?.[1] ?? null,
      });
    });
    if (rules.length === 0) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No routing rule in the output' });
      return { data: null, diagnostics };
    }
    return { data: { file, rules }, diagnostics };
  },
});
