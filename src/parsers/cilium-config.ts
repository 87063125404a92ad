// `cilium config -a` (bugtool 1.11–1.14, `cmd/cilium-config--a.md`; `cmd/cilium-dbg-config--a.md` from 1.15) and
// `cilium config` (1.10, `cmd/cilium-config.md`), printed by cilium/cmd/config.go (cilium-dbg/cmd/config.go from
// 1.15): a `#### Read-only configurations ####` block with one `%-34s: %v` line per field of the agent's
// DaemonConfig (Go field names, sorted: `CTMapEntriesGlobalTCP : 524288`), map fields as a bare key followed by
// `\t%-26s: %s` lines, `k8s-configuration`/`k8s-endpoint`, then `##### Read-write configurations #####` with the
// mutable options (`Enabled`/`Disabled`), `MonitorNumPages` and `PolicyEnforcement`. Before 1.11 (b17e0fb27c) the
// headers read `### Read-Only Configurations ###` and `##### Read Write Configurations #####`, same lines.
// Only the fields the checks read are kept; a DaemonConfig has about 400.
import { type Diagnostic, excerptOf } from '../model/common.js';
import type { AgentConfig } from '../model/host.js';
import { defineParser } from './define.js';
import { isNoise, LineAccount, outputLines, UnreadLines } from './util/text.js';

/** DaemonConfig fields (and CLI lines) kept: map sizes, datapath modes, features (pkg/option/config.go). */
const KEPT = /^(CTMapEntries|NATMapEntries|LBMapEntries|LBServiceMapEntries|LBBackendMapEntries|PolicyMapEntries|NeighMapEntries|SockRevNatEntries|BPFMapsDynamicSizeRatio|KubeProxyReplacement|RoutingMode|Tunnel|EnableBPFMasquerade|EnableIPv4Masquerade|EnableIPv6Masquerade|Masquerade|EnableIPSec|EnableWireguard|EncryptNode|InstallNoConntrackIptRules|InstallIptRules|EnableL7Proxy|EnableBandwidthManager|EnableHostFirewall|IPAM$|EnableIPv4$|EnableIPv6$|Devices$|DirectRoutingDevice|EnableHostLegacyRouting|EnableNodePort|EnableSocketLB|EnableEgressGateway|EnableIPv4EgressGateway|EnableAutoDirectRouting|CNIChainingMode|DatapathMode|EnableXTSocketFallback|KVStore$|ClusterName$|ClusterID$|EnableHighScaleIPcache|MaxConnectedClusters|k8s-endpoint$|k8s-configuration$|EnableIPv4BIGTCP|EnableIPv6BIGTCP)/;

export const ciliumConfig = defineParser<AgentConfig>({
  id: 'cilium-config',
  scope: 'agent',
  format: 'text',
  preference: 10,
  files: [/^cmd\/cilium(-dbg)?-config--a\.md$/, /^cmd\/cilium-config\.md$/],
  parse(text, file) {
    const diagnostics: Diagnostic[] = [];
    const out: AgentConfig = { file, values: {} };
    let lines = 0;
    let map: string | null = null;
    let header = false;
    const output = outputLines(text);
    const account = new LineAccount(output.raw);
    const unread = new UnreadLines(file, diagnostics, account);
    output.text.forEach((line, i) => {
      if (isNoise(line)) return;
      if (/^#{3,} .* #{3,}$/.test(line)) {
        header = true;
        account.take(i + 1);
        return;
      }
      const colon = line.indexOf(':');
      if (colon < 0) {
        // A map field's name, its entries follow indented.
        if (/^[A-Za-z][\w-]*\s*$/.test(line)) {
          map = line.trim();
          account.take(i + 1);
          return;
        }
        unread.add(i + 1, `Not a configuration line: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      const indented = /^\s/.test(line);
      const key = line.slice(0, colon).trim();
      if (!/^[A-Za-z][\w.-]*$/.test(key)) {
        unread.add(i + 1, `Not a configuration line: "${excerptOf(line, 0, 80)}"`);
        return;
      }
      // Every field is read; only the ones the checks need are kept.
      account.take(i + 1);
      lines++;
      const name = indented && map ? `${map}.${key}` : key;
      if (!indented) map = null;
      if (KEPT.test(name)) out.values[name] = { value: line.slice(colon + 1).trim(), line: i + 1, excerpt: excerptOf(output.raw[i] as string) };
    });
    unread.close('configuration lines');
    if (lines === 0 || !header) {
      diagnostics.push({ file, line: null, level: 'error', message: header ? 'No `Key : value` line in the output' : 'No `#### Read-only configurations ####` header: not a cilium config listing' });
      return account.none(diagnostics);
    }
    return account.result(out, diagnostics);
  },
});
