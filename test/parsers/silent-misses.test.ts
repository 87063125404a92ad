import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ciliumHealthStatusText } from '../../src/parsers/cilium-health-status.js';
import { ciliumLrpList } from '../../src/parsers/cilium-lrp-list.js';
import { ciliumMonitor } from '../../src/parsers/cilium-monitor.js';
import { ciliumNodeListText } from '../../src/parsers/cilium-node-list.js';
import { ciliumServiceListText } from '../../src/parsers/cilium-service-list.js';
import { ciliumStatus, statusFromJson } from '../../src/parsers/cilium-status.js';
import { ciliumNodes } from '../../src/parsers/ciliumnodes.js';
import { parseJsonWithLines } from '../../src/parsers/util/json.js';
import { parseText } from './harness.js';

/**
 * The classes of silent miss found by running real outputs from public issues and docs through the parsers (issue
 * 14): each read right now, from its real fixture, where before it gave a wrong or missing value with no word.
 */
const input = (path: string) => readFileSync(new URL(`./fixtures/${path}`, import.meta.url), 'utf8');

describe('silent misses, each read right from real output', () => {
  it('a Secondary block never overwrites the Host result of its node (cilium/cilium#19266)', () => {
    const k8s2 = parseText(ciliumHealthStatusText, input('cilium-health-status/secondary-19266/input.md')).data?.nodes.find((n) => n.name === 'k8s2');
    assert.deepEqual([k8s2?.host?.ip, k8s2?.host?.icmp?.ok, k8s2?.host?.icmp?.latencyMs, k8s2?.host?.http?.ok], ['192.168.60.12', true, 1.289107, true]);
    assert.deepEqual(k8s2?.host?.secondary.map((p) => [p.ip, p.icmp?.ok, p.http?.ok]), [['fd00::c', false, false]]);
  });

  it('a Secondary block under the Endpoint block belongs to the endpoint (cilium/cilium#27828)', () => {
    const local = parseText(ciliumHealthStatusText, input('cilium-health-status/_error_/secondary-27828/input.md')).data?.nodes[0];
    assert.deepEqual([local?.host?.secondary.length, local?.endpoint?.secondary.length, local?.endpoint?.icmp?.error, local?.endpoint?.secondary[0]?.http?.ok], [1, 1, null, true]);
  });

  it('a cluster prefix with dots is split from the node name', () => {
    const r = parseText(ciliumHealthStatusText, input('cilium-health-status/cluster-name-dots/input.md')).data;
    assert.deepEqual([r?.localName, r?.nodes.map((n) => [n.name, n.cluster])], ['node3', [['node3', 'cluster.local'], ['node1', 'cluster.local']]]);
  });

  it('`<nil>` fills its node-list column: no phantom node, the IPv6 CIDR stays with its node', () => {
    const r = parseText(ciliumNodeListText, input('cilium-node-list/nil-ipv6/input.md'));
    assert.deepEqual(r.data?.entries.map((e) => [e.name, e.ipv4, e.ipv6, e.cidrs]), [
      ['k8s1', '192.168.36.11', null, ['10.10.0.0/16', 'f00d::a0a:0:0:0/112']],
      ['k8s2', '192.168.36.12', null, ['10.10.1.0/24', 'f00d::a0a:100:0:0/112']],
    ]);
    assert.deepEqual(r.diagnostics, []);
  });

  it('a node-list row with an empty Name is named, not read as nodes called after its CIDRs (cilium/cilium#27718)', () => {
    const r = parseText(ciliumNodeListText, input('cilium-node-list/_error_/empty-name-27718/input.md'));
    assert.deepEqual(r.data?.entries.map((e) => e.name), ['a-if-0001', 'a-if-0002', 'a-l4-0001']);
    assert.deepEqual(r.diagnostics.map((d) => d.line), [2]);
  });

  it('the 3-column service list of agents up to 1.6, with `=>` continuation rows', () => {
    const r = parseText(ciliumServiceListText, input('cilium-service-list/three-columns/input.md'));
    assert.deepEqual(r.data?.services.map((s) => [s.id, s.frontend, s.type, s.backends.map((b) => b.address)]), [
      [1, '10.107.224.229:3000', '', []],
      [2, '10.108.181.175:9090', '', ['10.0.1.135:9090']],
      [3, '10.96.0.1:443', '', ['192.168.36.11:6443']],
      [4, '10.96.0.10:53', '', ['10.0.1.21:53', '10.0.1.36:53']],
    ]);
    assert.deepEqual(r.diagnostics, []);
  });

  it('a backend row with no service row above it is named, never a service with frontend `=>`', () => {
    const r = parseText(ciliumServiceListText, '                                          2 => 10.244.2.12:8080/TCP (active)\n7    10.96.143.21:80/TCP   ClusterIP      1 => 10.244.1.47:8080/TCP (active)\n');
    assert.deepEqual(r.data?.services.map((s) => s.frontend), ['10.96.143.21:80/TCP']);
    assert.deepEqual(r.diagnostics.map((d) => d.line), [1]);
  });

  it('a status with `# ` before every line, and one whose first line has a stray space before the CI prefix', () => {
    const hashed = parseText(ciliumStatus, input('cilium-status/_error_/hash-prefix-16.3/input.md')).data;
    assert.deepEqual([hashed?.kubeProxyReplacement?.mode, hashed?.cilium?.version, hashed?.unparsed.length], ['True', '1.16.3', 0]);
    const ci = parseText(ciliumStatus, input('cilium-status/_error_/ci-leading-space-8733/input.md')).data;
    assert.deepEqual(ci?.lines.map((l) => [l.key, l.state]), [['KVStore', 'failure'], ['ContainerRuntime', 'disabled'], ['Kubernetes', 'ok']]);
  });

  it('a leading space on the first line keeps the cluster-health count', () => {
    const r = parseText(ciliumStatus, ' Cluster health:   2/3 reachable   (2024-06-11T12:42:32Z)\nController Status:   40/40 healthy\n').data;
    assert.deepEqual([r?.clusterHealth?.reachable, r?.clusterHealth?.total, r?.controllers?.healthy], [2, 3, 40]);
  });

  it('monitor drop lines without `flow 0x…`, as in Cilium’s docs', () => {
    const r = parseText(ciliumMonitor, input('cilium-monitor/docs-no-flow/input.md'));
    assert.deepEqual(r.data?.map((d) => [d.reason, d.dstEndpoint, d.srcIdentity, d.protocol]).slice(2), [
      ['Policy denied', '25729', '261', 'EchoRequest'],
      ['Policy denied', '25729', '261', 'EchoRequest'],
      ['Invalid destination mac', null, '0', 'RouterSolicitation'],
    ]);
    assert.deepEqual(r.diagnostics, []);
  });

  it('an LRP frontend with no local backend is kept as such (cilium/cilium#16906)', () => {
    const r = parseText(ciliumLrpList, input('cilium-lrp-list/no-local-backend-16906/input.md'));
    assert.deepEqual(r.data?.[0]?.mappings.map((m) => [m.frontend, m.backend, m.pod]), [
      ['10.233.0.3:9153/TCP', null, null],
      ['10.233.0.3:53/UDP', '10.233.70.84:53', 'kube-system/node-local-dns-vmq7x'],
      ['10.233.0.3:53/TCP', '10.233.70.84:53', 'kube-system/node-local-dns-vmq7x'],
    ]);
    assert.deepEqual(r.diagnostics, []);
  });

  it('a CiliumNode fragment without a name is named in a diagnostic', () => {
    const r = parseText(ciliumNodes, input('ciliumnodes/_error_/ciliumnodes-006/input.yaml'), 'cilium-sysdump-20240513-141502/ciliumnodes-20240513-141502.yaml');
    assert.deepEqual(r.data, []);
    assert.ok(r.diagnostics.length > 0 && r.diagnostics.every((d) => /metadata\.name/.test(d.message)));
  });

  it('the ClusterMesh block, with a remote failing its quorum check (cilium/cilium#30797)', () => {
    const mesh = parseText(ciliumStatus, input('cilium-status/clustermesh-30797/input.md')).data?.clusterMesh;
    assert.deepEqual([mesh?.ready, mesh?.total, mesh?.globalServices], [4, 5, 13286]);
    assert.deepEqual(mesh?.remotes.map((r) => [r.name, r.ready, r.failures, r.lastFailure]), [['REDACT-01-use1', false, 4, '28m28s ago']]);
    assert.match(mesh?.remotes[0]?.status ?? '', /^quorum check failed 60 times in a row/);
  });

  it('the ClusterMesh block of the StatusResponse JSON (`cluster-mesh`)', () => {
    // The docs' example (troubleshooting_clustermesh.rst) as the api/v1/models RemoteCluster JSON would carry it.
    const text = JSON.stringify(
      {
        'cluster-mesh': {
          clusters: [
            { name: 'k8s-c2', ready: true, connected: true, 'num-nodes': 3, 'num-endpoints': 25, 'num-identities': 8, 'num-shared-services': 10, status: 'etcd: 1/1 connected, leases=0, has-quorum=true: https://k8s-c2.mesh.cilium.io:2379 - 3.5.4 (Leader)', config: { required: true, retrieved: true, 'cluster-id': 3 } },
            { name: 'k8s-c3', status: 'quorum check failed 3 times in a row: timeout', 'num-failures': 2, 'last-failure': '2024-02-15T10:00:00Z' },
          ],
          'num-global-services': 10,
        },
      },
      null,
      2,
    );
    const json = parseJsonWithLines(text, 'f');
    const mesh = statusFromJson(json.value, json, 'f').data?.clusterMesh;
    assert.deepEqual([mesh?.ready, mesh?.total, mesh?.globalServices], [1, 2, 10]);
    assert.deepEqual(mesh?.remotes.map((r) => [r.name, r.ready, r.nodes, r.failures, r.config]), [
      ['k8s-c2', true, 3, 0, 'required=true, retrieved=true, cluster-id=3'],
      ['k8s-c3', false, 0, 2, null],
    ]);
    assert.equal(mesh?.remotes[1]?.src.line, text.split('\n').findIndex((l) => l.includes('"k8s-c3"')) + 1);
  });

  it('dual-stack health table rows: the first address is the primary, a mixed verdict says nothing of it', () => {
    // Rows of a 1.15+ verbose status (shared fixture cilium-status/_error_/health-table-dual-stack) under their header,
    // and a 1.17+ row with counts (cilium/cilium#33972 format).
    const r = parseText(
      ciliumStatus,
      [
        'Cluster health:             2/4 reachable   (2023-08-29T15:34:44Z)',
        '  Name                             IP                                      Node          Endpoints',
        '  cluster02/master03 (localhost)   10.10.20.132,2001:xxx:xxxx:xxxx::1539   reachable     reachable',
        '  cluster01/master02               10.10.20.113,2001:xxx:xxxx:xxxx::123a   unreachable   reachable',
        '  cluster02/worker03               10.10.20.141,fd00::3                    1/2 (1 unknown)   2/2',
        '  cluster02/worker04               10.10.20.142                            0/1           1/1',
      ].join('\n'),
    ).data;
    assert.deepEqual(r?.clusterHealth?.nodes?.map((n) => [n.name, n.ip, n.nodeReachable, n.endpointReachable]), [
      ['master03', '10.10.20.132', true, true],
      ['master02', '10.10.20.113', null, true],
      ['worker03', '10.10.20.141', null, true],
      ['worker04', '10.10.20.142', false, true],
    ]);
  });
});
