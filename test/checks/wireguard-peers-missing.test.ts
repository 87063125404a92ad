import check from '../../src/checks/wireguard-peers-missing.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const encrypt = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-encrypt-status.md');
const one = scenario({ encryption: 'wireguard', faults: [{ kind: 'wireguard-peers', node: 'node-c', peers: 1 }] });
// A ClusterMesh with a 4-node remote: every agent has 2 local and 4 remote peers; node-b lost two.
const mesh = scenario({ encryption: 'wireguard', clusterName: 'west', faults: [{ kind: 'clustermesh', remote: 'east', nodes: 4 }, { kind: 'wireguard-peers', node: 'node-b', peers: 4 }] });
const two = scenario({ encryption: 'wireguard', faults: [{ kind: 'wireguard-peers', node: 'node-a', peers: 0 }, { kind: 'wireguard-peers', node: 'node-b', peers: 1 }] }, (f) => {
  // node-b has neither encrypt status nor debuginfo: the verbose status's Encryption line carries the peer count.
  delete f[encrypt('cilium-bbbbb')];
  delete f[agentFile('cilium-bbbbb', 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json')];
});

checkTester(check, {
  valid: [
    { name: 'a peer for every other node', files: scenario({ encryption: 'wireguard' }).files },
    { name: 'WireGuard off', files: scenario().files },
    { name: 'a peer for every local and remote node of a ClusterMesh', files: scenario({ encryption: 'wireguard', clusterName: 'west', faults: [{ kind: 'clustermesh', remote: 'east', nodes: 4 }] }).files },
  ],
  invalid: [
    {
      name: 'remote peers missing on one node of a ClusterMesh, more than local nodes',
      files: mesh.files,
      findings: [{ messageId: 'fewerMesh', data: { node: 'node-b', peers: 4, local: 2, remotes: 1, remote: 4, expected: 6, missing: 2 }, nodes: ['node-b'], evidence: [mesh.at(encrypt('cilium-bbbbb'), 'Number of peers'), mesh.at(agentFile('cilium-bbbbb', 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json'), '"cluster-mesh"', '"clusters"')] }],
    },
    { name: 'one peer missing on one node', files: one.files, findings: [{ messageId: 'fewer', data: { node: 'node-c', peers: 1, expected: 2, missing: 1 }, nodes: ['node-c'], evidence: [one.at(encrypt('cilium-ccccc'), 'Number of peers')] }] },
    {
      name: 'no peers on one node, one missing on another read from the status',
      files: two.files,
      findings: [
        { messageId: 'fewer', data: { node: 'node-a', peers: 0, missing: 2 }, nodes: ['node-a'], evidence: [two.at(encrypt('cilium-aaaaa'), 'Number of peers')] },
        { messageId: 'fewer', data: { node: 'node-b', peers: 1 }, nodes: ['node-b'], evidence: [two.at(agentFile('cilium-bbbbb', 'cmd/cilium-dbg-status---verbose.md'), 'Encryption:')] },
      ],
    },
  ],
});
