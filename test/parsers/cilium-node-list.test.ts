import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ciliumNodeListText } from '../../src/parsers/cilium-node-list.js';
import { parserGoldens, parseText } from './harness.js';

parserGoldens(ciliumNodeListText);
const input = (dir: string) => readFileSync(new URL(`./fixtures/cilium-node-list/${dir}/input.md`, import.meta.url), 'utf8');

describe('cilium-node-list: focused', () => {
  it('reads rows with cluster prefixes, empty IPv6 columns and the 1.15 Source column', () => {
    const r = parseText(ciliumNodeListText, input('node-list-006'));
    assert.deepEqual(r.data?.entries.map((e) => [e.cluster, e.name, e.ipv4, e.cidrs, e.source]), [
      ['kind-kind', 'kind-control-plane', '172.18.0.3', ['10.244.0.0/24'], 'custom-resource'],
      ['kind-kind', 'kind-worker', '172.18.0.4', ['10.244.2.0/24'], 'local'],
      ['kind-kind', 'kind-worker2', '172.18.0.2', ['10.244.1.0/24'], 'custom-resource'],
    ]);
  });

  it('reads rows without a header (grep-filtered)', () => {
    assert.equal(parseText(ciliumNodeListText, input('node-list-002')).data?.entries.length, 4);
  });

  it('reads the seed note’s 13 rows pasted onto one line', () => {
    const r = parseText(ciliumNodeListText, input('_error_/seed-collapsed'));
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.data?.entries.length, 13);
    assert.deepEqual(r.data?.entries.at(-1), { line: 1, excerpt: r.data?.entries.at(-1)?.excerpt, name: 'mk8s-master-catp5rsht6a7plqrpocr-c', cluster: null, ipv4: '10.130.0.19', ipv6: null, cidrs: ['198.18.2.0/24'], healthIp: null, source: null });
    assert.match(r.data?.entries.at(-1)?.excerpt ?? '', /mk8s-master-catp5rsht6a7plqrpocr-c 10\.130\.0\.19 198\.18\.2\.0\/24$/);
  });
});
