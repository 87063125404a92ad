import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ciliumBpfCtList, ciliumBpfIpcacheList, ciliumBpfLbList, ciliumBpfNatList, ciliumBpfTunnelList } from '../../src/parsers/cilium-bpf-list.js';
import { ciliumConfig } from '../../src/parsers/cilium-config.js';
import { ciliumEncryptStatus } from '../../src/parsers/cilium-encrypt-status.js';
import { ciliumTroubleshootKvstore } from '../../src/parsers/cilium-troubleshoot-kvstore.js';
import { ciliumMetricsList } from '../../src/parsers/cilium-metrics-list.js';
import { cniConf } from '../../src/parsers/cni-conf.js';
import { parseWhole } from '../../src/parsers/define.js';
import { ipAddr, ipLink } from '../../src/parsers/ip-link.js';
import { ipRoute } from '../../src/parsers/ip-route.js';
import { ipRule } from '../../src/parsers/ip-rule.js';
import { iptablesSave } from '../../src/parsers/iptables-save.js';
import { k8sNodeUsage } from '../../src/parsers/k8s-node-usage.js';
import { k8sPodsTable } from '../../src/parsers/k8s-pods-table.js';
import { MAX_KERNEL_CONFIG_BYTES, kernelConfig } from '../../src/parsers/kernel-config.js';
import { lsmod } from '../../src/parsers/lsmod.js';
import { sysctl } from '../../src/parsers/sysctl.js';
import { uname } from '../../src/parsers/uname.js';
import { xfrmStat } from '../../src/parsers/xfrm-stat.js';
import { parserGoldens, parseText } from './harness.js';

for (const p of [uname, kernelConfig, lsmod, sysctl, ipRule, ipRoute, ipLink, ipAddr, iptablesSave, ciliumConfig, ciliumBpfCtList, ciliumBpfNatList, ciliumBpfLbList, ciliumBpfIpcacheList, ciliumBpfTunnelList, xfrmStat, ciliumEncryptStatus, cniConf, k8sPodsTable, k8sNodeUsage, ciliumTroubleshootKvstore]) {
  parserGoldens(p);
}

const fixture = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');

describe('host parsers: focused', () => {
  it('reads the release and machine of uname -a, with spaces inside the version', () => {
    const u = parseText(uname, fixture('uname/debian-6.1-generated/input.md')).data;
    assert.equal(u?.release, '6.1.0-18-cloud-amd64');
    assert.equal(u?.build, '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)');
    assert.equal(u?.machine, 'x86_64');
  });

  it('reads a gzip-compressed kernel config like the plain one, and refuses one that inflates past the bound', () => {
    const text = fixture('kernel-config/lkp-5.18-randconfig/input.txt');
    const plain = parseWhole(kernelConfig, text, 'x/conf/kernel-config');
    const gz = parseWhole(kernelConfig, gzipSync(Buffer.from(text)), 'x/conf/kernel-config.gz');
    assert.equal(gz.data?.compressed, true);
    assert.equal(gz.data?.release, null);
    assert.deepEqual(gz.data?.options, plain.data?.options);
    assert.equal(gz.data?.options.CONFIG_IP_MULTIPLE_TABLES?.value, 'n');
    const bomb = gzipSync(Buffer.alloc(MAX_KERNEL_CONFIG_BYTES + 1024, 0x41));
    const r = parseWhole(kernelConfig, bomb, 'x/conf/kernel-config.gz');
    assert.equal(r.data, null);
    assert.match(r.diagnostics[0]?.message ?? '', /once decompressed/);
    const cut = parseWhole(kernelConfig, gzipSync(Buffer.from(text)).subarray(0, 40), 'x/conf/kernel-config.gz');
    assert.equal(cut.data, null);
    assert.match(cut.diagnostics[0]?.message ?? '', /Unreadable gzip-compressed kernel config/);
  });

  it('keeps only the lxc sysctls that differ from what the agent sets', () => {
    const s = parseText(sysctl, fixture('sysctl/lxc-1.16-generated/input.md')).data;
    assert.equal(s?.lxc.devices, 2);
    assert.deepEqual(s?.lxc.deviations.map((d) => [d.key, d.value]), [['net.ipv4.conf.lxc_health.rp_filter', '1']]);
    assert.equal(s?.values['net.ipv4.conf.eth0.rp_filter']?.value, '1');
    assert.equal(s?.values['net.ipv4.tcp_rmem'], undefined);
  });

  it('summarises pod veths and reads counters by column name in both iproute2 layouts', () => {
    const l = parseText(ipLink, fixture('ip-link/native-1.16/input.md')).data;
    assert.deepEqual(l?.devices.map((d) => [d.name, d.mtu, d.kind]), [['lo', 65536, null], ['eth0', 9001, null], ['cilium_net', 9001, 'veth'], ['cilium_host', 9001, 'veth'], ['lxc_health', 9001, 'veth']]);
    assert.equal(l?.devices[1]?.rxDropped, 418);
    assert.deepEqual(l?.lxc, { count: 1, down: ['lxc0ec3b046d86e'], mtus: { '9001': 1 } });
    const v = parseText(ipLink, fixture('ip-link/vxlan-1.18-ss/input.md')).data;
    assert.deepEqual(v?.devices.map((d) => [d.name, d.kind, d.state, d.txDropped]), [['ens192', null, 'UP', 0], ['cilium_vxlan', 'vxlan', 'DOWN', 12]]);
  });

  it('counts iptables chains without keeping rules, and sees kube-proxy and Cilium chains', () => {
    const t = parseText(iptablesSave, fixture('iptables-save/kube-proxy-leftover-1.15/input.md'), 'x/cmd/iptables-save--c.md').data;
    assert.equal(t?.kubeServiceChains, 5);
    assert.equal(t?.rules, 3);
    assert.deepEqual(t?.ciliumChains, ['CILIUM_OUTPUT_nat', 'CILIUM_POST_nat', 'CILIUM_PRE_nat']);
    assert.equal(t?.variant, 'default');
    const l = parseText(iptablesSave, fixture('iptables-save/legacy-warning-1.10/input.md'), 'x/cmd/iptables-nft-save--c.md').data;
    assert.equal(l?.variant, 'nft');
    assert.equal(l?.warnings.length, 1);
  });

  it('counts map entries by family and protocol, and collects the node addresses entries point at', () => {
    const ct = parseText(ciliumBpfCtList, fixture('cilium-bpf-ct-list/ct-2018-3558/input.md')).data;
    assert.deepEqual(ct?.byKind, { 'ipv6-tcp': 1, 'ipv6-any': 1, 'ipv4-tcp': 1, 'ipv4-any': 1 });
    const ipc = parseText(ciliumBpfIpcacheList, fixture('cilium-bpf-ipcache-list/flags-1.16/input.md')).data;
    assert.equal(ipc?.entries, 6);
    assert.deepEqual(ipc?.nodeAddresses.map((a) => [a.ip, a.entries]), [['10.10.0.12', 1], ['10.10.0.13', 2]]);
    const old = parseText(ciliumBpfIpcacheList, fixture('cilium-bpf-ipcache-list/old-1.10/input.md')).data;
    assert.deepEqual(old?.nodeAddresses.map((a) => a.ip), ['192.168.10.12']);
    const tun = parseText(ciliumBpfTunnelList, fixture('cilium-bpf-tunnel-list/ipv6-1.16-34482/input.md')).data;
    assert.deepEqual(tun?.nodeAddresses.map((a) => [a.ip, a.entries]), [['172.21.0.2', 2], ['172.21.0.5', 2]]);
    assert.equal(parseText(ciliumBpfLbList, fixture('cilium-bpf-lb-list/lb-1.12/input.md')).data?.entries, 5);
    assert.deepEqual(parseText(ciliumBpfNatList, fixture('cilium-bpf-nat-list/nat-1.16/input.md')).data?.byKind, { ipv4: 2 });
  });

  it('reads map pressure beside the drop counters of cilium metrics list', () => {
    const m = parseText(ciliumMetricsList, fixture('cilium-metrics-list/map-pressure-1.16/input.md')).data;
    assert.deepEqual(m?.mapPressure.map((p) => [p.map, p.value, p.src.line]), [['cilium_ct4_global', 1, 2], ['cilium_lb4_services_v2', 0.000412, 3]]);
    assert.deepEqual(m?.drops.map((d) => [d.reason, d.count]), [['CT: Map insertion failed', 1843]]);
  });

  it('reads IPsec error counters and WireGuard peers of cilium encrypt status', () => {
    const ipsec = parseText(ciliumEncryptStatus, fixture('cilium-encrypt-status/ipsec-1.16/input.md')).data;
    assert.equal(ipsec?.mode, 'IPsec');
    assert.deepEqual(ipsec?.ipsec?.decryptInterfaces, ['eth0', 'cilium_vxlan']);
    assert.equal(ipsec?.ipsec?.xfrmErrors.XfrmInNoStates?.value, 1834);
    const wg = parseText(ciliumEncryptStatus, fixture('cilium-encrypt-status/wireguard-1.13/input.md')).data;
    assert.deepEqual(wg?.wireguard?.map((w) => [w.name, w.peers, w.src.line]), [['cilium_wg0', 1, 4]]);
  });

  it('reads the agent config keys the checks use, in both printings', () => {
    const a = parseText(ciliumConfig, fixture('cilium-config/config-a-1.16/input.md')).data;
    assert.equal(a?.values.CTMapEntriesGlobalTCP?.value, '131072');
    assert.equal(a?.values['k8s-endpoint']?.value, 'https://10.96.0.1:443');
    assert.equal(a?.values.AllowLocalhost, undefined);
    const old = parseText(ciliumConfig, fixture('cilium-config/config-1.10/input.md')).data;
    assert.equal(old?.values.KubeProxyReplacement?.value, 'strict');
  });

  it('reads the plugin chain of a CNI configuration and every pod row with spaces inside cells', () => {
    const c = parseText(cniConf, fixture('cni-conf/flannel-chaining/input.txt')).data;
    assert.deepEqual(c?.plugins.map((p) => p.type), ['flannel', 'portmap', 'cilium-cni']);
    const rows = parseText(k8sPodsTable, fixture('k8s-pods-table/wireguard-33863/input.txt')).data;
    assert.deepEqual(rows?.find((r) => r.name === 'cilium-d26dd'), { ...rows?.find((r) => r.name === 'cilium-d26dd'), ip: '192.168.10.105', node: 'k8s-109', status: 'Running' });
    assert.equal(rows?.length, 7);
  });

  it('reads the rules and names what is not a rule', () => {
    const r = parseText(ipRule, fixture('ip-rule/ipsec-1.10/input.md')).data;
    assert.deepEqual(r?.rules.map((x) => [x.priority, x.table, x.fwmark]), [[1, '201', '0xe00/0xf00'], [9, '2004', '0x200/0xf00'], [10, '2005', '0xa00/0xf00'], [100, 'local', null], [32766, 'main', null], [32767, 'default', null]]);
    const d = parseText(ipRule, fixture('ip-rule/flushed-d-1.16/input.md')).data;
    assert.equal(d?.rules[0]?.table, 'local');
    const bad = parseText(ipRule, fixture('ip-rule/_error_/no-rtnetlink/input.md'));
    assert.equal(bad.data, null);
    assert.equal(bad.diagnostics.length, 3);
  });

  it('reads the failed steps and endpoints of troubleshoot kvstore, and CRD mode', () => {
    const t = parseText(ciliumTroubleshootKvstore, fixture('cilium-troubleshoot-kvstore/tls-failure-1.17/input.md')).data;
    assert.deepEqual(t?.endpoints, ['https://192.168.10.11:2379', 'https://192.168.10.12:2379']);
    assert.deepEqual(t?.failures.map((f) => f.src.line), [10, 19]);
    assert.equal(t?.ok, 4);
    assert.equal(parseText(ciliumTroubleshootKvstore, fixture('cilium-troubleshoot-kvstore/crd-1.16/input.md')).data?.crdMode, true);
  });

  it('reads both xfrm_stat samples and lsmod rows', () => {
    assert.equal(parseText(xfrmStat, fixture('xfrm-stat/second-sample-1.15/input.md'), 'x/cmd/cat--u--proc-net-xfrm_stat.md').data?.sample, 'last');
    assert.equal(parseText(xfrmStat, fixture('xfrm-stat/ipsec-errors-1.15/input.md'), 'x/cmd/cat--proc-net-xfrm_stat.md').data?.counters.XfrmInNoStates?.value, 1834);
    assert.deepEqual(parseText(lsmod, fixture('lsmod/xt-socket-25021/input.md')).data?.names.slice(0, 2), ['xt_socket', 'nf_socket_ipv4']);
  });

  it('names the first five lines it cannot read and counts the others with where they are, whole or streamed', () => {
    const good = fixture('sysctl/systemd245-10645/input.md').trimEnd().split('\n');
    // Eight shell lines among the keys: a foreign file under the sysctl name, in part.
    const junk = Array.from({ length: 8 }, (_, k) => `sh: line ${k}: syntax error`);
    const text = [good[0], ...junk.slice(0, 4), good[1], ...junk.slice(4), ...good.slice(2)].join('\n');
    const r = parseText(sysctl, text);
    assert.deepEqual(r.unaccounted, []);
    assert.deepEqual(r.diagnostics.map((d) => d.line), [2, 3, 4, 5, 7, 8]);
    assert.equal(r.diagnostics[5]?.message, '8 lines are not sysctl lines; 5 are named one by one, the other 3 are between lines 8 and 10');
    assert.equal(r.data?.values['net.ipv4.conf.cilium_host.rp_filter']?.value, '2');
    const ct = parseText(ciliumBpfCtList, [...junk, fixture('cilium-bpf-ct-list/ct-2018-3558/input.md').split('\n')[0]].join('\n'));
    assert.equal(ct.data?.entries, 1);
    assert.deepEqual(ct.diagnostics.map((d) => d.line), [1, 2, 3, 4, 5, 6]);
    assert.equal(ct.diagnostics[5]?.message, '8 lines are not ct map entries; 5 are named one by one, the other 3 are between lines 6 and 8');
  });

  it('reads a host output pasted with a prefix on every line, and cites the file line as it is', () => {
    const r = parseText(ipRule, '# 0:\tfrom all lookup local\n# 9:\tfrom all fwmark 0x200/0xf00 lookup 2004\n# 32766:\tfrom all lookup main\n');
    assert.deepEqual(r.data?.rules.map((x) => [x.priority, x.table, x.excerpt]), [[0, 'local', '# 0:\tfrom all lookup local'], [9, '2004', '# 9:\tfrom all fwmark 0x200/0xf00 lookup 2004'], [32766, 'main', '# 32766:\tfrom all lookup main']]);
    assert.deepEqual(r.unaccounted, []);
  });
});
