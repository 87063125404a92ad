import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ciliumStatus, overallState } from '../../src/parsers/cilium-status.js';
import { parserGoldens, parseText } from './harness.js';

parserGoldens(ciliumStatus);

const read = (name: string) => parseText(ciliumStatus, fixture(name));
import { readFileSync } from 'node:fs';
function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/cilium-status/${name}/input.md`, import.meta.url), 'utf8');
}

describe('cilium-status: focused', () => {
  it('reads a 1.10 status: versions, KPR devices, IPAM pool, BPF host routing and masquerading', () => {
    const s = read('status-020').data;
    assert.equal(s?.cilium?.version, '1.10.6');
    assert.equal(s?.cilium?.build, 'v1.10.6-17d3d15');
    assert.equal(s?.kubernetes?.version, 'v1.23.5');
    assert.deepEqual(s?.kubeProxyReplacement?.devices, [{ name: 'ens33', ips: ['192.168.3.202'], directRouting: true }]);
    assert.deepEqual(s?.ipam?.ipv4, { used: 4, total: 254, cidr: '10.0.2.0/24' });
    assert.equal(s?.hostRouting?.mode, 'BPF');
    assert.equal(s?.masquerading?.mode, 'BPF');
    assert.deepEqual([s?.clusterHealth?.reachable, s?.clusterHealth?.total], [3, 3]);
    assert.equal(overallState(s!), 'ok');
  });

  it('reads the 1.16+ Routing line into routing mode, tunnel and host routing', () => {
    const s = read('status-verbose-010').data;
    assert.deepEqual([s?.routing?.network, s?.routing?.tunnelProtocol, s?.hostRouting?.mode], ['Tunnel', 'vxlan', 'Legacy']);
    assert.equal(s?.ipam?.allocations?.length, 5);
    assert.deepEqual(s?.ipam?.allocations?.[2], { src: s?.ipam?.allocations?.[2]?.src, excerpt: '  10.0.0.220 (kube-system/coredns-54558b56c7-zth5g [restored])', ip: '10.0.0.220', owner: 'kube-system/coredns-54558b56c7-zth5g', restored: true });
  });

  it('reads failing controllers from the verbose table, with their count and message', () => {
    const s = read('_error_/status-verbose-016').data;
    assert.deepEqual([s?.controllers?.healthy, s?.controllers?.total], [26, 27]);
    assert.deepEqual(s?.controllers?.failing?.map((c) => [c.name, c.failureCount, c.message]), [['endpoint-160-regeneration-recovery', 7, 'regeneration recovery failed']]);
  });

  it('reads the per-probe health list a 1.18 verbose status prints under Cluster health', () => {
    const s = read('status-verbose-012').data;
    const d = s?.clusterHealth?.detailed;
    assert.equal(d?.localName, 'k8s-worker-n1');
    const master = d?.nodes.find((n) => n.name === 'k8s-master-n1');
    assert.equal(master?.endpoint?.ip, '10.0.0.203');
    assert.equal(master?.endpoint?.icmp?.ok, false);
    assert.equal(master?.endpoint?.icmp?.error, 'Connection timed out');
    assert.equal(master?.host?.icmp?.latencyMs, 0.598403);
  });

  it('reads the seed note’s status pasted onto one line, with excerpts of the relevant part', () => {
    const r = read('_error_/seed-collapsed');
    assert.deepEqual(r.diagnostics, []);
    const s = r.data;
    assert.equal(s?.lines.length, 16);
    assert.equal(s?.cilium?.version, '1.10.6');
    assert.deepEqual([s?.clusterHealth?.reachable, s?.clusterHealth?.total], [12, 13]);
    assert.deepEqual(s?.clusterHealth?.nodes?.map((n) => [n.name, n.ip, n.nodeReachable, n.endpointReachable]), [['cl1i51vam4figq159qsh-osaz', '10.129.0.6', true, false]]);
    assert.match(s?.clusterHealth?.nodes?.[0]?.excerpt ?? '', /cl1i51vam4figq159qsh-osaz 10\.129\.0\.6 reachable unreachable$/);
    assert.ok((s?.clusterHealth?.nodes?.[0]?.excerpt.length ?? 0) < 200);
  });

  it('reads the ≤1.7 table (Reachable, true/false) and the 1.17+ count form', () => {
    assert.deepEqual(read('status-002').data?.clusterHealth?.nodes?.map((n) => [n.name, n.localhost, n.nodeReachable, n.endpointReachable]), [['ceuse', true, false, false]]);
    assert.equal(read('status-043').data?.clusterHealth?.nodes?.length, 10);
  });

  it('gives no data and says why for an empty output and a command error', () => {
    const empty = parseText(ciliumStatus, '');
    assert.equal(empty.data, null);
    assert.match(empty.diagnostics[0]?.message ?? '', /^Missing status lines/);
    assert.equal(parseText(ciliumStatus, "> Error while running 'cilium-dbg status --verbose':  exit status 1\n").data, null);
  });
});
