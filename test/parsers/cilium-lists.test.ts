import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ciliumIpListText } from '../../src/parsers/cilium-ip-list.js';
import { ciliumLrpList } from '../../src/parsers/cilium-lrp-list.js';
import { ciliumMonitor } from '../../src/parsers/cilium-monitor.js';
import { ciliumVersion } from '../../src/parsers/cilium-version.js';
import { parserGoldens, parseText } from './harness.js';

parserGoldens(ciliumIpListText);
parserGoldens(ciliumLrpList);
parserGoldens(ciliumVersion);
parserGoldens(ciliumMonitor);
const input = (dir: string) => readFileSync(new URL(`./fixtures/${dir}/input.md`, import.meta.url), 'utf8');

describe('small list parsers: focused', () => {
  it('ip list: numeric identities, and label continuation rows', () => {
    assert.deepEqual(parseText(ciliumIpListText, input('cilium-ip-list/ip-list-002')).data?.slice(0, 2).map((e) => [e.cidr, e.identity, e.source]), [['0.0.0.0/0', 2, null], ['10.29.2.92/32', 51185, 'k8s']]);
    assert.deepEqual(parseText(ciliumIpListText, input('cilium-ip-list/_error_/ip-list-004')).data?.map((e) => [e.cidr, e.labels]), [['140.82.121.6/32', ['fqdn:api.github.com', 'reserved:world']]]);
  });
  it('lrp list: the policy row and its mappings', () => {
    const lrp = parseText(ciliumLrpList, input('cilium-lrp-list/lrp-list-002')).data?.[0];
    assert.deepEqual([lrp?.namespace, lrp?.name, lrp?.frontendType, lrp?.matchingService, lrp?.mappings.length], ['kube-system', 'nodelocaldns', 'clusterIP + all svc ports', 'kube-system/kube-dns', 2]);
  });
  it('version: Client/Daemon, the bare debuginfo line, and cilium-cli\'s running image', () => {
    assert.deepEqual(['version-002', 'version-004', 'version-006', 'version-008'].map((c) => parseText(ciliumVersion, input(`cilium-version/${c}`)).data?.daemon), ['1.14.2', undefined, '1.18.0', '1.17.0']);
  });
  it('monitor: drop lines with reason, identities and addresses; verdict lines skipped; a wrapped drop joined', () => {
    const drops = parseText(ciliumMonitor, input('cilium-monitor/monitor-drop-006')).data;
    assert.deepEqual(drops?.map((d) => [d.reason, d.srcIdentity, d.dstIdentity, d.srcAddress, d.dstAddress, d.protocol]), [['Policy denied by denylist', '4349', '16777217', '10.244.4.178:60220', '169.254.169.254:80', 'tcp']]);
    assert.equal(parseText(ciliumMonitor, input('cilium-monitor/monitor-drop-008')).data?.[0]?.reason, 'Invalid source ip');
  });
});
