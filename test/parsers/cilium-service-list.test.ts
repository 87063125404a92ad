import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ciliumServiceListText } from '../../src/parsers/cilium-service-list.js';
import { parserGoldens, parseText } from './harness.js';

parserGoldens(ciliumServiceListText);
const input = (dir: string) => readFileSync(new URL(`./fixtures/cilium-service-list/${dir}/input.md`, import.meta.url), 'utf8');

describe('cilium-service-list: focused', () => {
  it('reads continuation rows, backend states and IPv6 backends', () => {
    const r = parseText(ciliumServiceListText, input('service-list-002'));
    assert.deepEqual(r.data?.services.map((s) => [s.frontend, s.type, s.backends.map((b) => `${b.address} ${b.state}`)]), [['1.2.3.4:80', 'ExternalIPs', ['[f00d::1]:60 active', '[f00d::2]:70 active', '[f00d::3]:80 active']]]);
  });
  it('reads the 1.18 protocol suffix and the ≤1.10 rows without a state', () => {
    assert.deepEqual(parseText(ciliumServiceListText, input('service-list-010')).data?.services[1]?.backends.map((b) => b.address), ['10.0.0.220:53/UDP', '10.0.1.184:53/UDP']);
    assert.deepEqual(parseText(ciliumServiceListText, input('service-list-004')).data?.services[3]?.backends, [
      { address: '10.244.1.2:80', state: null, line: 5 },
      { address: '10.244.0.3:80', state: null, line: 6 },
    ]);
  });
  it('keeps a frontend that has no backend', () => {
    const r = parseText(ciliumServiceListText, 'ID   Frontend          Service Type   Backend\n1    10.96.0.1:443     ClusterIP      1 => 10.0.0.1:6443 (active)\n2    10.96.5.5:80      ClusterIP\n');
    assert.deepEqual(r.data?.services.map((s) => [s.id, s.backends.length]), [[1, 1], [2, 0]]);
  });
});
