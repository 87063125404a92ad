import check from '../../src/checks/clustermesh-remote-unready.js';
import type { FaultSpec } from '../../scripts/lib/scenario.js';
import { checkTester } from './tester.js';
import { agentFile, type Case, scenario } from './scenario.js';

// The not-ready remote of cilium/cilium#30797 (test/parsers/fixtures/cilium-status/clustermesh-30797): its etcd
// lost quorum, four reconnections, the last 28m28s before the collection.
const QUORUM = 'quorum check failed 60 times in a row: 28m9.506119043s since last heartbeat update has been received';
const down = (remote: string, nodes?: string[]): FaultSpec => ({ kind: 'clustermesh', remote, nodes: 41, notReady: { ...(nodes ? { nodes } : {}), status: QUORUM, failures: 4, last: '28m28s' } });
const east: FaultSpec = { kind: 'clustermesh', remote: 'east' };
const PODS = ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc'];

const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const verbose = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-status---verbose.md');
/** A remote's row in an agent's debuginfo JSON (the status the tool prefers when both are there). */
const jsonRow = (c: Case, pod: string, remote: string) => c.at(debuginfo(pod), '"cluster-mesh"', `"name": "${remote}"`);
/** The same in `cilium-dbg status --verbose`, for bundles without debuginfo. */
const textRow = (c: Case, pod: string, remote: string) => c.at(verbose(pod), 'ClusterMesh:', `   ${remote}: `);
const withoutDebuginfo = (f: Record<string, string>) => {
  for (const p of PODS) delete f[debuginfo(p)];
};

// 1.16: the JSON of debuginfo is read. The remote is down for every agent.
const everywhere = scenario({ clusterName: 'west', faults: [east, down('south')] });
// 1.17, verbose text only: node-b alone cannot reach the remote.
const oneNode = scenario({ cilium: '1.17.2', clusterName: 'west', faults: [east, down('south', ['node-b'])] }, withoutDebuginfo);
const both = scenario({ clusterName: 'west', faults: [down('east'), down('south', ['node-c'])] });
// Statuses cut after the ClusterMesh line on two agents: the ready count is short and no remote is named.
const cut = scenario({ cilium: '1.17.2', clusterName: 'west', faults: [east, down('south', ['node-b', 'node-c'])] }, (f) => {
  withoutDebuginfo(f);
  for (const p of ['cilium-bbbbb', 'cilium-ccccc']) f[verbose(p)] = (f[verbose(p)] as string).replace(/\n {3}south: not-ready.*\n(?: {3}└ .*\n)+/, '\n');
});
// A mesh as one agent sees it: the others' status has no ClusterMesh block (their debuginfo and text lack it).
const alone = scenario({ clusterName: 'west', faults: [down('south', ['node-a'])] }, (f) => {
  for (const p of ['cilium-bbbbb', 'cilium-ccccc']) {
    f[debuginfo(p)] = (f[debuginfo(p)] as string).replace(/\n {4}"cluster-mesh": \{[\s\S]*?\n {4}\},/, '');
    f[verbose(p)] = (f[verbose(p)] as string).replace(/\nClusterMesh:[^\n]*\n(?: {3}.*\n)+/, '\n');
  }
});

checkTester(check, {
  valid: [
    { name: 'no ClusterMesh', files: scenario().files },
    { name: 'a mesh of two remotes, ready on every agent (1.16 debuginfo)', files: scenario({ clusterName: 'west', faults: [east, { kind: 'clustermesh', remote: 'south' }] }).files },
    { name: 'a mesh ready on every agent, read from the 1.17 verbose status', files: scenario({ cilium: '1.17.2', clusterName: 'west', faults: [east] }, withoutDebuginfo).files },
  ],
  invalid: [
    {
      name: 'a remote no agent has ready',
      files: everywhere.files,
      findings: [{ messageId: 'everywhere', data: { remote: 'south', agents: 3, error: QUORUM, reconnections: ' (4 reconnections, the last at 2024-12-23 22:58:59 UTC)' }, nodes: ['node-a', 'node-b', 'node-c'], evidence: PODS.map((p) => jsonRow(everywhere, p, 'south')) }],
    },
    {
      name: 'one node that cannot reach a remote the others have ready',
      files: oneNode.files,
      findings: [{ messageId: 'someNodes', data: { remote: 'south', count: 1, agents: 3, nodes: 'node-b', error: QUORUM, reconnections: ' (4 reconnections, the last 28m28s ago)' }, nodes: ['node-b'], evidence: [textRow(oneNode, 'cilium-bbbbb', 'south'), textRow(oneNode, 'cilium-aaaaa', 'south')] }],
    },
    {
      name: 'one remote down everywhere, another from one node',
      files: both.files,
      findings: [
        { messageId: 'everywhere', data: { remote: 'east', agents: 3 }, nodes: ['node-a', 'node-b', 'node-c'], evidence: PODS.map((p) => jsonRow(both, p, 'east')) },
        { messageId: 'someNodes', data: { remote: 'south', count: 1, nodes: 'node-c' }, nodes: ['node-c'], evidence: [jsonRow(both, 'cilium-ccccc', 'south'), jsonRow(both, 'cilium-aaaaa', 'south')] },
      ],
    },
    {
      name: 'a ready count short of the total, the remote not named',
      files: cut.files,
      findings: [{ messageId: 'shortfall', data: { nodes: 'node-b and node-c', count: 2, ready: 1, total: 2, unnamed: 1 }, nodes: ['node-b', 'node-c'], evidence: [cut.at(verbose('cilium-bbbbb'), 'ClusterMesh:'), cut.at(verbose('cilium-ccccc'), 'ClusterMesh:')] }],
    },
    {
      name: 'a remote not ready on the only agent with a ClusterMesh status',
      files: alone.files,
      findings: [{ messageId: 'oneView', data: { remote: 'south', node: 'node-a', error: QUORUM }, nodes: ['node-a'], evidence: [jsonRow(alone, 'cilium-aaaaa', 'south')] }],
    },
  ],
});
