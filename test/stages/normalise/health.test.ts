import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CHECKS } from '../../../src/checks/index.js';
import { CELL_FAILED, CELL_NONE, CELL_OK, cellIndex } from '../../../src/model/health.js';
import { ciliumHealthStatusJson, ciliumHealthStatusText } from '../../../src/parsers/cilium-health-status.js';
import { splitClusterName } from '../../../src/parsers/util/text.js';
import { runChecks } from '../../../src/stages/correlate/runner.js';
import { buildHealthMatrix, rowsOfReport } from '../../../src/stages/normalise/health-matrix.js';
import { scenario, TS } from '../../checks/scenario.js';
import { bundleOf } from '../../checks/tester.js';

/**
 * Health semantics at the model level, for any implementation of the health reading to be checked against: a
 * node's secondary addresses (`Secondary connectivity to …`, `secondary-addresses`) are probes of their own and
 * never stand in for the primary result the health checks judge; node names split from their cluster prefix join
 * the Kubernetes nodes.
 */
const TMP = new URL('../../.tmp/normalise/', import.meta.url).pathname;
const fixture = (path: string) => readFileSync(new URL(`../../parsers/fixtures/${path}`, import.meta.url), 'utf8');

describe('health rows: secondary addresses are kept apart from the primary', () => {
  it('text (cilium/cilium#19266): k8s2 answers on its primary address, its IPv6 secondary does not', () => {
    const report = ciliumHealthStatusText.parse(fixture('cilium-health-status/secondary-19266/input.md'), 'f').data;
    assert.ok(report);
    const rows = rowsOfReport(report, 1000);
    const matrix = buildHealthMatrix([{ node: 'k8s1', pod: 'cilium-a', source: 'health-text', file: 'f', probeTime: null, rows }], []);
    const d = matrix.nodes.indexOf('k8s2');
    assert.deepEqual([0, 1].map((p) => matrix.state[cellIndex(matrix, 0, d, 0, p as 0 | 1)]), [CELL_OK, CELL_OK]);
    assert.equal(matrix.latencyMs[cellIndex(matrix, 0, d, 0, 0)]?.toFixed(6), '1.289107');
    assert.ok(matrix.secondary);
    assert.deepEqual([0, 1].map((p) => matrix.secondary?.state[cellIndex(matrix, 0, d, 0, p as 0 | 1)]), [CELL_FAILED, CELL_FAILED]);
    assert.deepEqual(matrix.secondary.addresses[d], ['fd00::c', null]);
    assert.match(matrix.secondary.notes.get(cellIndex(matrix, 0, d, 0, 1))?.error ?? '', /no route to host/);
  });

  it('JSON (cilium/cilium#26120): the health endpoint primary answers, `secondary-addresses` fails', () => {
    const report = ciliumHealthStatusJson.parse(fixture('cilium-health-status-json/secondary-26120/input.json'), 'f').data;
    assert.ok(report);
    const matrix = buildHealthMatrix([{ node: 'k8s2', pod: 'cilium-b', source: 'health-json', file: 'f', probeTime: null, rows: rowsOfReport(report, 1000) }], []);
    const d = matrix.nodes.indexOf('k8s1');
    assert.deepEqual([0, 1].map((p) => matrix.state[cellIndex(matrix, 0, d, 1, p as 0 | 1)]), [CELL_OK, CELL_OK]);
    assert.deepEqual([0, 1].map((p) => matrix.secondary?.state[cellIndex(matrix, 0, d, 1, p as 0 | 1)]), [CELL_FAILED, CELL_FAILED]);
    assert.equal(matrix.secondary?.state[cellIndex(matrix, 0, d, 0, 0)], CELL_NONE);
  });

  it('a bundle whose agent sees one node fail only on its secondary address has no reachability finding for it', async () => {
    const c = scenario({}, (files) => {
      const path = `cilium-bugtool-cilium-aaaaa-${TS}/cmd/cilium-health-status--o-json.md`;
      const json = JSON.parse(files[path] as string) as { nodes: { name: string; host: Record<string, unknown> }[] };
      const nodeB = json.nodes.find((n) => n.name === 'node-b');
      assert.ok(nodeB);
      nodeB.host['secondary-addresses'] = [{ ip: 'fd00::12', icmp: { status: 'Connection timed out' }, http: { status: 'Get "http://[fd00::12]:4240/hello": dial tcp [fd00::12]:4240: connect: no route to host' } }];
      files[path] = `${JSON.stringify(json, null, 2)}\n`;
    });
    const bundle = await bundleOf(c.files, `${TMP}secondary`);
    const m = bundle.health;
    assert.ok(m?.secondary);
    const o = m.observers.findIndex((x) => x.node === 'node-a');
    const d = m.nodes.indexOf('node-b');
    assert.equal(m.state[cellIndex(m, o, d, 0, 0)], CELL_OK);
    assert.equal(m.secondary.state[cellIndex(m, o, d, 0, 0)], CELL_FAILED);
    const result = runChecks(bundle, CHECKS);
    const health = result.findings.filter((f) => f.id.startsWith('CR-3'));
    assert.deepEqual(health.map((f) => f.slug), []);
  });
});

describe('cluster-name prefixes', () => {
  it('are split when the cluster name has dots, and a prefix the bundle tells is taken first', () => {
    assert.deepEqual(splitClusterName('cluster.local/node3'), { name: 'node3', cluster: 'cluster.local' });
    assert.deepEqual(splitClusterName('cluster7/ip-172-0-58-194.us-west-2.compute.internal'), { name: 'ip-172-0-58-194.us-west-2.compute.internal', cluster: 'cluster7' });
    assert.deepEqual(splitClusterName('prod/Node_1'), { name: 'prod/Node_1', cluster: null });
    assert.deepEqual(splitClusterName('prod/Node_1', ['prod']), { name: 'Node_1', cluster: 'prod' });
    assert.deepEqual(splitClusterName('team/prod/node-1', ['team/prod']), { name: 'node-1', cluster: 'team/prod' });
    assert.deepEqual(splitClusterName('node-1', ['prod']), { name: 'node-1', cluster: null });
  });

  it('a cluster named `cluster.local`: every probe and node-list row joins its Kubernetes node', async () => {
    const bundle = await bundleOf(scenario({ clusterName: 'cluster.local' }).files, `${TMP}dots`);
    assert.deepEqual(bundle.health?.nodes, ['node-a', 'node-b', 'node-c']);
    for (const a of bundle.agents) {
      assert.deepEqual(a.nodeList?.entries.map((e) => [e.name, e.cluster]), [
        ['node-a', 'cluster.local'],
        ['node-b', 'cluster.local'],
        ['node-c', 'cluster.local'],
      ]);
    }
  });

  it('a prefix no guess can split is split with the cluster name cilium-config tells', async () => {
    // `Node_B` is no DNS name, so the characters alone do not say where the node name starts.
    const c = scenario({ clusterName: 'mesh' }, (files) => {
      for (const path of Object.keys(files)) if (/cilium-health-status---verbose\.md$/.test(path)) delete files[path];
      const path = `cilium-bugtool-cilium-aaaaa-${TS}/cmd/cilium-health-status--o-json.md`;
      files[path] = (files[path] as string).replace(/"mesh\/node-b"/g, '"mesh/Node_B"');
    });
    const bundle = await bundleOf(c.files, `${TMP}known`);
    assert.ok(bundle.health?.nodes.includes('Node_B'));
    assert.ok(!bundle.health?.nodes.some((n) => n.includes('/')));
  });
});
