import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { COMBINATIONS } from '../../src/knowledge/config-combinations.js';
import { BASE_KERNEL, FEATURES, baseRequirement, kernelMeets, meetsBase, upstreamVersion } from '../../src/knowledge/kernel-requirements.js';
import { MTU_OVERHEADS, ROUTE_OVERHEAD_EXCEPTIONS, routeOverhead, smallestRouteOverhead } from '../../src/knowledge/mtu-overhead.js';
import { XFRM_ERRORS } from '../../src/knowledge/xfrm-errors.js';

const fixture = (path: string) => readFileSync(new URL(`../parsers/fixtures/${path}`, import.meta.url), 'utf8');

describe('kernel requirements', () => {
  it('names a source for every entry, and options as Kconfig symbols', () => {
    for (const r of BASE_KERNEL) assert.ok(r.sources.length > 0, `base ${r.from}`);
    for (const f of FEATURES) {
      assert.ok(f.sources.length > 0 && f.sources.every((s) => /cilium\/cilium |Documentation|pkg\//.test(s)), f.id);
      for (const o of f.options) assert.match(o.name, /^CONFIG_[A-Z0-9_]+$/, f.id);
      assert.ok(f.options.length > 0 || (f.minKernel?.length ?? 0) > 0, `${f.id} requires nothing`);
    }
    assert.equal(new Set(FEATURES.map((f) => f.id)).size, FEATURES.length);
  });

  it('gives each Cilium release its base minimum, with RHEL 8 equivalents', () => {
    assert.equal(baseRequirement('1.10.6')?.minKernel, '4.9.17');
    assert.equal(baseRequirement('1.14.8')?.minKernel, '4.19.57');
    assert.equal(baseRequirement('1.18.0')?.minKernel, '5.4.0');
    const r16 = baseRequirement('1.16.5');
    assert.ok(r16);
    // The real kernels of the parser fixtures: CentOS 7 (rancher/rke2#3571) and Debian's cloud kernel.
    const centos = fixture('uname/centos7-3.10-1.12/input.md').split(' ')[2] as string;
    assert.equal(meetsBase(centos, baseRequirement('1.12.3') as NonNullable<ReturnType<typeof baseRequirement>>), false);
    assert.equal(meetsBase('6.1.0-18-cloud-amd64', r16), 'direct');
    assert.equal(meetsBase('4.18.0-372.9.1.el8.x86_64', r16), 'equivalent');
    assert.equal(meetsBase('4.18.0-305.el8.x86_64', r16), false);
  });

  it('reads patch levels where distributions hide them, and says when it cannot', () => {
    assert.deepEqual(upstreamVersion('4.19.0-26-amd64', '#1 SMP Debian 4.19.304-1 (2024-01-09)'), [4, 19, 304]);
    assert.equal(upstreamVersion('5.4.0-150-generic', '#167-Ubuntu SMP Mon May 15 17:35:05 UTC 2023'), null);
    // kube-proxy replacement: 4.19.57, 5.1.16, or 5.2 and later; 5.0.y never had the fix.
    const kpr = FEATURES.find((f) => f.id === 'kube-proxy-replacement')?.minKernel ?? [];
    assert.equal(kernelMeets('4.19.0-26-amd64', kpr, '#1 SMP Debian 4.19.304-1 (2024-01-09)'), true);
    assert.equal(kernelMeets('4.19.0-26-amd64', kpr, null), null);
    assert.equal(kernelMeets('5.0.21', kpr), false);
    assert.equal(kernelMeets('5.1.15', kpr), false);
    assert.equal(kernelMeets('5.1.16', kpr), true);
    assert.equal(kernelMeets('6.8.0-1012-aws', kpr), true);
    assert.equal(kernelMeets('4.14.355-275.570.amzn2.x86_64', kpr), false);
  });
});

describe('XFRM error meanings', () => {
  it('names only counters the kernel prints, each with its source', () => {
    const counters = new Set(fixture('xfrm-stat/ipsec-errors-1.15/input.md').split('\n').map((l) => l.split(/\s+/)[0]));
    for (const e of XFRM_ERRORS) {
      assert.ok(counters.has(e.counter), e.counter);
      assert.ok(e.sources.length > 0 && e.fix.length > 0, e.counter);
    }
  });
});

describe('config combinations', () => {
  it('gives every combination a source, a consequence and a fix', () => {
    assert.equal(new Set(COMBINATIONS.map((c) => c.id)).size, COMBINATIONS.length);
    for (const c of COMBINATIONS) {
      assert.ok(c.sources.length > 0 && c.sources.every((s) => s.startsWith('cilium/cilium ')), c.id);
      assert.ok(c.when.length > 0 && c.consequence && c.fix && c.problem, c.id);
      for (const cond of c.when) for (const s of [...(cond.all ?? []), ...(cond.anyOf ?? []).flat()]) assert.ok(s.is || s.isNot || s.absent, `${c.id}: ${s.key} has no condition`);
    }
  });
});

describe('MTU overheads', () => {
  it('names a source for every figure', () => {
    for (const o of [...MTU_OVERHEADS, ...ROUTE_OVERHEAD_EXCEPTIONS]) assert.ok(o.sources.length > 0 && o.bytes > 0, String(o.bytes));
  });

  it('gives the route MTU a real tunnel + IPsec node carried', () => {
    // cilium/cilium#10092: Cilium 1.7, VXLAN and IPsec on AWS (9001), routes to the other nodes at mtu 8874.
    const mtus = new Set(fixture('ip-route/tunnel-ipsec-1.7/input.md').split('\n').flatMap((l) => / dev cilium_host .*mtu (\d+)$/.exec(l)?.[1] ?? []));
    assert.deepEqual([...mtus], [String(9001 - routeOverhead({ tunnel: true, encryption: 'ipsec' }).bytes)]);
  });

  it('takes the smallest figure any release uses: WireGuard without the tunnel before cilium/cilium#30329', () => {
    assert.equal(routeOverhead({ tunnel: true, encryption: 'wireguard' }).bytes, 130);
    assert.equal(smallestRouteOverhead({ tunnel: true, encryption: 'wireguard' }).bytes, 80);
    assert.equal(smallestRouteOverhead({ tunnel: true, encryption: 'ipsec' }).bytes, 127);
    assert.equal(smallestRouteOverhead({ tunnel: true, encryption: null }).bytes, 50);
  });
});
