// `iptables-save -c` and its variants as bugtool runs them on the node (bugtool/cmd/configuration.go
// `defaultCommands`, 1.10–1.18): `iptables-save -c`, `ip6tables-save -c` (1.11+), `iptables-{nft,legacy}-save -c` and
// the IPv6 ones, files `cmd/<binary>--c.md` (a missing binary leaves no file). The format is iptables-save's
// (iptables/iptables-save.c): `*<table>`, `:<CHAIN> <policy> [pkts:bytes]`, `[pkts:bytes] -A <CHAIN> …` rules
// (the counters only with `-c`), `COMMIT`, and `#` comments, among them iptables' own warnings
// (`# Warning: iptables-legacy tables present, use iptables-legacy-save to see them`). Read as a stream and
// summarised: a node running kube-proxy holds tens of thousands of rules.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { Iptables } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, UnreadLines } from './util/text.js';

function variantOf(file: string): Pick<Iptables, 'family' | 'variant'> {
  const name = /([^/]+)$/.exec(file)?.[1] ?? '';
  return { family: name.startsWith('ip6') ? 'ipv6' : 'ipv4', variant: name.includes('-nft-') ? 'nft' : name.includes('-legacy-') ? 'legacy' : 'default' };
}

export const iptablesSave = defineParser<Iptables>({
  kind: 'lines',
  id: 'iptables-save',
  scope: 'agent',
  format: 'text',
  preference: 10,
  mayBeEmpty: true,
  files: [/^cmd\/ip6?tables(-nft|-legacy)?-save(--c)?\.md$/],
  start(file) {
    const diagnostics: Diagnostic[] = [];
    const out: Iptables = {
      file,
      ...variantOf(file),
      tables: [],
      chains: 0,
      rules: 0,
      ciliumChains: [],
      kubeServiceChains: 0,
      kubeServices: false,
      kubeNodeports: false,
      kubeFirst: null,
      ciliumFirst: null,
      warnings: [],
    };
    const unread = new UnreadLines(file, diagnostics, null);
    let any = false;
    return {
      line(text, n) {
        if (isNoise(text)) return;
        const c = text.charCodeAt(0);
        if (c === 35 /* # */) {
          if (/^# Warning:/.test(text) && out.warnings.length < 10) out.warnings.push({ src: { file, line: n }, excerpt: excerptOf(text) });
          return;
        }
        if (c === 42 /* * */) {
          any = true;
          out.tables.push(text.slice(1).trim());
          return;
        }
        if (c === 58 /* : */) {
          any = true;
          out.chains++;
          const name = text.slice(1, text.indexOf(' ') > 0 ? text.indexOf(' ') : undefined);
          if (name.startsWith('CILIUM_')) {
            out.ciliumChains.push(name);
            out.ciliumFirst ??= { src: { file, line: n }, excerpt: excerptOf(text) };
          } else if (name.startsWith('KUBE-SVC-')) {
            out.kubeServiceChains++;
            out.kubeFirst ??= { src: { file, line: n }, excerpt: excerptOf(text) };
          } else if (name === 'KUBE-SERVICES') {
            out.kubeServices = true;
            out.kubeFirst ??= { src: { file, line: n }, excerpt: excerptOf(text) };
          } else if (name === 'KUBE-NODEPORTS') out.kubeNodeports = true;
          return;
        }
        if (text === 'COMMIT') return;
        if (text.startsWith('-A ') || (c === 91 /* [ */ && text.includes('] -A '))) {
          any = true;
          out.rules++;
          return;
        }
        unread.add(n, `Not an iptables-save line: "${excerptOf(text, 0, 80)}"`);
      },
      end() {
        unread.close('iptables-save lines');
        if (!any && out.warnings.length === 0) {
          diagnostics.push({ file, line: null, level: 'error', message: 'No iptables table in the output' });
          return { data: null, diagnostics };
        }
        out.ciliumChains = [...new Set(out.ciliumChains)].sort();
        return { data: out, diagnostics };
      },
    };
  },
});
