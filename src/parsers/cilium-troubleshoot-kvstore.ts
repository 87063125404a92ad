// `cilium-dbg troubleshoot kvstore` (bugtool 1.16+, `cmd/cilium-dbg-troubleshoot-kvstore.md`), printed by
// cilium-dbg/cmd/troubleshoot_kvstore.go and pkg/kvstore/etcd_debug.go `EtcdDbg`: in CRD mode two lines ("Unable to
// read etcd configuration: <path>", "This is expected when Cilium is running in CRD mode"); with etcd an indented
// report whose lines start with markers: 📄 configuration path, 🔌 endpoints (`- https://…` items), 🔑 certificates,
// ⚙️ client, ✅ for each step that worked and ❌ for each that failed, with certificate details in between.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { KvstoreTroubleshoot } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

export const ciliumTroubleshootKvstore = defineParser<KvstoreTroubleshoot>({
  id: 'cilium-troubleshoot-kvstore',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-troubleshoot-kvstore\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const out: KvstoreTroubleshoot = { file, crdMode: false, endpoints: [], ok: 0, failures: [] };
    let section = '';
    let any = false;
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    lines.text.forEach((line, i) => {
      if (isNoise(line)) return;
      const body = line.trim();
      if (/^Unable to read etcd configuration: /.test(body) || /^This is expected when Cilium is running in CRD mode/.test(body)) {
        account.take(i + 1);
        out.crdMode = true;
        any = true;
        return;
      }
      if (body.startsWith('❌')) out.failures.push({ src: { file, line: i + 1 }, excerpt: excerptOf((lines.raw[i] as string).trim()) });
      else if (body.startsWith('✅')) out.ok++;
      else if (section === 'endpoints' && /^- [a-z][a-z0-9+.-]*:\/\//i.test(body)) out.endpoints.push(body.slice(2).trim());
      else if (!/^(📄|🔌|🔑|⚙)/u.test(body)) {
        // Indented lines are the report's details (certificates, ℹ️ notes); an unindented one is not part of it.
        if (!/^\s/.test(line)) {
          unread.add(i + 1, `Not a troubleshoot kvstore line: "${excerptOf(line, 0, 80)}"`);
          return;
        }
      }
      account.take(i + 1);
      any = true;
      if (/^(📄|🔌|🔑|⚙)/u.test(body)) section = body.startsWith('🔌') ? 'endpoints' : 'other';
    });
    unread.close('troubleshoot kvstore lines');
    if (!any) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No troubleshoot kvstore report in the output' });
      return account.none(diagnostics);
    }
    return account.result(out, diagnostics);
  },
});
