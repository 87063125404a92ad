import check from '../../src/checks/mtu-mismatch.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const link = (pod: string) => agentFile(pod, 'cmd/ip--d--s-l.md');
const differs = scenario({ faults: [{ kind: 'mtu', node: 'node-c', mtu: 1500 }] });
// node-b's eth0 dropped to 1500 after the agent gave its devices 9001: both findings.
const changed = scenario({ faults: [{ kind: 'mtu', node: 'node-b', mtu: 1500, nativeOnly: true }] });

checkTester(check, {
  valid: [{ name: 'one MTU everywhere', files: scenario().files }],
  invalid: [
    { name: 'one node with a smaller network MTU', files: differs.files, findings: [{ messageId: 'differs', data: { mtu: 1500, count: 1, majority: 9001, majorityCount: 2 }, nodes: ['node-c'], evidence: [differs.at(link('cilium-ccccc'), ': eth0:'), differs.at(link('cilium-aaaaa'), ': eth0:')] }] },
    {
      name: 'native MTU lowered after the agent started',
      files: changed.files,
      findings: [
        { messageId: 'aboveNative', data: { node: 'node-b', devices: 'cilium_net, cilium_host, lxc_health and the pod veths', mtu: 9001, native: 'eth0', nativeMtu: 1500 }, nodes: ['node-b'], evidence: [changed.at(link('cilium-bbbbb'), ': cilium_net@'), changed.at(link('cilium-bbbbb'), ': cilium_host@'), changed.at(link('cilium-bbbbb'), ': lxc_health@'), changed.at(link('cilium-bbbbb'), ': eth0:')] },
        { messageId: 'differs', data: { mtu: 1500, nodes: 'node-b' }, nodes: ['node-b'], evidence: [changed.at(link('cilium-bbbbb'), ': eth0:'), changed.at(link('cilium-aaaaa'), ': eth0:')] },
      ],
    },
  ],
});
