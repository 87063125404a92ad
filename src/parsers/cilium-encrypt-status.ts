// `cilium encrypt status` (bugtool 1.11+, `cmd/cilium-encrypt-status.md`; `cmd/cilium-dbg-encrypt-status.md` from
// 1.15), printed by cilium/cmd/encrypt_status.go (cilium-dbg/cmd/encrypt_status.go from 1.15)
// `printEncryptionStatus`: `Encryption: <mode>` (padded with `%-26s`), then for IPsec `Decryption interface(s): …`
// (1.15+, 651705074e), `Keys in use: <n>`, `Max Seq. Number: <hex>/0xffffffff` or `N/A`, `Errors: <n>` and one
// `\t<XfrmCounter>: <n>` line per non-zero XFRM error counter; for WireGuard (1.11+, 02012cbad5) per interface
// `Interface: cilium_wg0`, `\tPublic key: …`, `\tNumber of peers: <n>`.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { EncryptStatus } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

export const ciliumEncryptStatus = defineParser<EncryptStatus>({
  id: 'cilium-encrypt-status',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-encrypt-status\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    let out: EncryptStatus | null = null;
    type Ipsec = NonNullable<EncryptStatus['ipsec']>;
    const ipsec = (): Ipsec => {
      if (!out) throw new TypeError('unreachable');
      out.ipsec ??= { decryptInterfaces: null, keysInUse: null, maxSeqNumber: null, errors: null, xfrmErrors: {} };
      return out.ipsec;
    };
    const lines = outputLines(text);
    const account = new LineAccount(lines.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    lines.text.forEach((line, i) => {
      if (isNoise(line)) return;
      const n = i + 1;
      const raw = lines.raw[i] as string;
      const m = /^(\s*)([A-Za-z][A-Za-z0-9 .()]*?):(.*)$/.exec(line);
      if (!m) {
        unread.add(n, `Not an encrypt status line: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      const [key, value, indented] = [m[2] as string, (m[3] as string).trim(), (m[1] as string).length > 0];
      if (key === 'Encryption' && !out) {
        account.take(n);
        out = { src: { file, line: n }, excerpt: excerptOf(raw), mode: value, ipsec: null, wireguard: null };
        return;
      }
      if (!out) {
        unread.add(n, `Before the Encryption line: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      // Taken here; the branches below that cannot read the line name it instead.
      account.take(n);
      const num = /^\d+$/.test(value) ? Number(value) : null;
      if (indented && /^Xfrm/.test(key)) ipsec().xfrmErrors[key] = { value: num ?? 0, line: { line: n, excerpt: excerptOf(raw) } };
      else if (key === 'Decryption interface(s)') ipsec().decryptInterfaces = value.split(/,\s*/).filter(Boolean);
      else if (key === 'Keys in use') ipsec().keysInUse = num;
      else if (key === 'Max Seq. Number') ipsec().maxSeqNumber = value;
      else if (key === 'Errors') ipsec().errors = num;
      else if (key === 'Interface') (out.wireguard ??= []).push({ src: { file, line: n }, excerpt: excerptOf(raw), name: value, publicKey: null, peers: null });
      else if (indented && out.wireguard && out.wireguard.length > 0) {
        const wg = out.wireguard[out.wireguard.length - 1] as NonNullable<EncryptStatus['wireguard']>[number];
        if (key === 'Public key') wg.publicKey = value;
        else if (key === 'Number of peers') {
          wg.peers = num;
          // The peer count is what checks cite.
          wg.src = { file, line: n };
          wg.excerpt = excerptOf(raw);
        } else unread.add(n, `Unknown WireGuard line: "${excerptOf(line, 0, 80)}"`);
      } else unread.add(n, `Unknown encrypt status line: "${excerptOf(line, 0, 80)}"`);
    });
    unread.close('encrypt status lines');
    if (!out) {
      diagnostics.push({ file, line: null, level: 'error', message: 'No `Encryption:` line in the output' });
      return account.none(diagnostics);
    }
    return account.result(out, diagnostics);
  },
});
