import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ciliumHealthStatusJson, ciliumHealthStatusText } from '../../src/parsers/cilium-health-status.js';
import { goDurationMs } from '../../src/parsers/util/health-text.js';
import { parserGoldens, parseText } from './harness.js';

parserGoldens(ciliumHealthStatusText);
parserGoldens(ciliumHealthStatusJson, 'cilium-health-status-json');

const input = (dir: string) => readFileSync(new URL(`./fixtures/${dir}/input.md`, import.meta.url), 'utf8');

describe('cilium-health-status: focused', () => {
  it('reads per-node host and endpoint probes with RTTs and error texts', () => {
    const r = parseText(ciliumHealthStatusText, input('cilium-health-status/health-status-004'));
    const remote = r.data?.nodes.find((n) => n.name === 'ip-172-31-38-56');
    assert.equal(r.data?.localName, 'ip-172-31-45-174');
    assert.equal(remote?.cluster, 'kubernetes');
    assert.deepEqual([remote?.host?.icmp?.ok, remote?.host?.icmp?.latencyMs], [true, 0.788957]);
    assert.equal(remote?.host?.http?.ok, false);
    assert.match(remote?.host?.http?.error ?? '', /^Get "http:\/\/172\.31\.38\.56:4240\/hello": context deadline exceeded/);
    assert.deepEqual([remote?.endpoint?.ip, remote?.endpoint?.icmp?.error], ['10.0.0.13', 'Connection timed out']);
  });

  it('reads the seed note’s output pasted onto one line', () => {
    const r = parseText(ciliumHealthStatusText, input('cilium-health-status/_error_/seed-collapsed'));
    assert.deepEqual(r.data?.nodes.map((n) => [n.name, n.host?.ip, n.host?.icmp?.latencyMs, n.host?.http?.latencyMs]), [
      ['mk8s-master-catp5rsht6a7plqrpocr-a', '10.128.0.14', 7.57672, 9.132278],
      ['mk8s-master-catp5rsht6a7plqrpocr-b', '10.129.0.28', 7.557598, 12.496041],
      ['mk8s-master-catp5rsht6a7plqrpocr-c', '10.130.0.19', 12.071252, 6.995271],
    ]);
  });

  it('reads the JSON form: status text means failed, latency is in nanoseconds', () => {
    const r = parseText(ciliumHealthStatusJson, readFileSync(new URL('./fixtures/cilium-health-status-json/json-002/input.json', import.meta.url), 'utf8').replace(/\n$/, ''));
    assert.equal(r.data?.localName, 'k8s1');
    assert.deepEqual(r.data?.nodes.map((n) => [n.name, n.localhost, n.host?.icmp?.ok, n.host?.http?.latencyMs]), [
      ['k8s1', true, false, 0.394367],
      ['k8s2', false, false, 0.880056],
    ]);
  });

  it('with a cite floor, reads every probe the same and locates only the failed and slow ones', () => {
    for (const dir of ['json-002', 'secondary-26120']) {
      const text = readFileSync(new URL(`./fixtures/cilium-health-status-json/${dir}/input.json`, import.meta.url), 'utf8');
      const whole = ciliumHealthStatusJson.parse(text, 'f').data;
      const floor = 0.5;
      const cited = ciliumHealthStatusJson.parse(text, 'f', { citeFloorMs: floor }).data;
      assert.ok(whole && cited);
      const probes = (r: NonNullable<typeof whole>) =>
        r.nodes.flatMap((n) => [n.host, n.endpoint].flatMap((t) => (t ? [t, ...t.secondary] : [])).flatMap((p) => [p.icmp, p.http].filter((x) => x !== null)));
      const a = probes(whole);
      const b = probes(cited);
      assert.ok(a.length >= 4);
      assert.equal(b.length, a.length);
      let located = 0;
      a.forEach((p, i) => {
        const q = b[i];
        assert.deepEqual([q?.ok, q?.latencyMs, q?.error], [p.ok, p.latencyMs, p.error]);
        if (!p.ok || (p.latencyMs !== null && p.latencyMs >= floor)) {
          located++;
          assert.deepEqual([q?.src, q?.excerpt], [p.src, p.excerpt]);
          assert.ok(p.src.line !== null && p.excerpt !== '');
        } else assert.deepEqual([q?.src.line, q?.excerpt], [null, '']);
      });
      // Both kinds are in each fixture, so both branches above ran.
      assert.ok(located > 0 && located < a.length, dir);
      assert.deepEqual(cited.nodes.map((n) => [n.name, n.localhost]), whole.nodes.map((n) => [n.name, n.localhost]));
      assert.deepEqual(cited.src, whole.src);
    }
  });

  it('turns Go durations into milliseconds', () => {
    assert.deepEqual(['405.072µs', '7.57672ms', '1.5s', '2m3s', '900ns', 'nonsense'].map(goDurationMs), [0.405072, 7.57672, 1500, 123000, 0.0009, null]);
  });

  it('says why it read nothing from an API error', () => {
    const r = parseText(ciliumHealthStatusText, input('cilium-health-status/_error_/api-unreachable'));
    assert.equal(r.data, null);
  });
});
