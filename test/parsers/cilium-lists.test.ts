import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ciliumIpListJson, ciliumIpListText } from '../../src/parsers/cilium-ip-list.js';
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
  it('ip list: rows counted, numeric identities and sources; label continuation rows are part of their row', () => {
    const numeric = parseText(ciliumIpListText, input('cilium-ip-list/ip-list-002'));
    assert.deepEqual(numeric.diagnostics, []);
    assert.deepEqual(numeric.data, { entries: 14, identities: 13, bySource: { k8s: 10 } });
    const labels = parseText(ciliumIpListText, input('cilium-ip-list/_error_/ip-list-004'));
    assert.deepEqual(labels.data, { entries: 1, identities: 0, bySource: {} });
  });
  it('ip list JSON: a row without cidr is named, the others counted; a source named __proto__ is only a key', () => {
    const rows = [
      { cidr: '10.0.0.1/32', identity: 6, hostIP: '', encryptKey: 0, metadata: { source: 'custom-resource' } },
      { cidr: '10.0.1.0/24', identity: 2, metadata: { source: '__proto__' } },
      { identity: 7 },
      { cidr: 'f00d::a0f:0:0:1/128', identity: 6, metadata: { source: 'custom-resource' } },
    ];
    const r = ciliumIpListJson.parse(JSON.stringify(rows, null, 2), 'cmd/cilium-dbg-ip-list--n--o-json.md');
    assert.equal(r.data?.entries, 3);
    assert.equal(r.data?.identities, 2);
    assert.equal(r.data?.bySource['custom-resource'], 2);
    assert.equal(Object.getOwnPropertyDescriptor(r.data?.bySource, '__proto__')?.value, 1);
    assert.deepEqual(r.diagnostics.map((d) => [d.line, d.message]), [[18, 'Invalid ip list entry: missing `cidr`']]);
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
