import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ciliumEndpointListJson, ciliumEndpointListText } from '../../src/parsers/cilium-endpoint-list.js';
import { parserGoldens, parseText } from './harness.js';

parserGoldens(ciliumEndpointListText);
parserGoldens(ciliumEndpointListJson, 'cilium-endpoint-list-json');
const input = (dir: string) => readFileSync(new URL(`./fixtures/${dir}/input.md`, import.meta.url), 'utf8');

describe('cilium-endpoint-list: focused', () => {
  it('reads multi-line labels, audit mode and an endpoint without address or state', () => {
    const r = parseText(ciliumEndpointListText, input('cilium-endpoint-list/endpoint-list-002'));
    assert.deepEqual(r.data?.items.map((e) => [e.id, e.policyIngress, e.identity, e.labels.length, e.ipv4, e.state]), [
      [671, 'Disabled (Audit)', 1, 9, null, 'ready'],
      [810, 'Disabled', 129160, 5, '10.1.0.249', 'ready'],
      [4081, 'Disabled', 4, 1, null, null],
    ]);
  });

  it('reads endpoints waiting for an identity in a CI log fragment', () => {
    const r = parseText(ciliumEndpointListText, input('cilium-endpoint-list/_error_/endpoint-list-014'));
    assert.deepEqual(r.data?.items.map((e) => [e.id, e.identity, e.state]), [
      [29381, 326, 'ready'],
      [48896, null, 'waiting-for-identity'],
      [60670, null, 'waiting-for-identity'],
    ]);
  });

  it('reads the JSON form with the pod name', () => {
    const r = parseText(ciliumEndpointListJson, readFileSync(new URL('./fixtures/cilium-endpoint-list-json/json-004/input.json', import.meta.url), 'utf8'));
    assert.deepEqual(r.data?.items.map((e) => [e.id, e.pod, e.state]), [[33, 'kube-system/coredns-54558b56c7-zth5g', 'ready']]);
  });
});
