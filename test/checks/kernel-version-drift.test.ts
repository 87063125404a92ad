import check from '../../src/checks/kernel-version-drift.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const uname = (pod: string) => agentFile(pod, 'cmd/uname--a.md');
const one = scenario({ faults: [{ kind: 'kernel-old', node: 'node-c', release: '5.15.0-1034-aws' }] });
const two = scenario({
  nodes: [
    { name: 'node-a', ip: '10.10.0.11', cidr: '10.0.0.0/24', pod: 'cilium-aaaaa' },
    { name: 'node-b', ip: '10.10.0.12', cidr: '10.0.1.0/24', pod: 'cilium-bbbbb' },
    { name: 'node-c', ip: '10.10.0.13', cidr: '10.0.2.0/24', pod: 'cilium-ccccc' },
    { name: 'node-d', ip: '10.10.0.14', cidr: '10.0.3.0/24', pod: 'cilium-ddddd' },
  ],
  faults: [
    { kind: 'kernel-old', node: 'node-c', release: '5.15.0-1034-aws' },
    { kind: 'kernel-old', node: 'node-d', release: '5.10.0-28-cloud-amd64' },
  ],
});

checkTester(check, {
  valid: [{ name: 'one kernel everywhere', files: scenario().files }],
  invalid: [
    { name: 'one node on another kernel', files: one.files, findings: [{ messageId: 'drift', data: { kernel: '5.15.0-1034-aws', count: 1, majority: '6.1.0-18-cloud-amd64', majorityCount: 2 }, nodes: ['node-c'], evidence: [one.at(uname('cilium-ccccc'), 'Linux'), one.at(uname('cilium-aaaaa'), 'Linux')] }] },
    {
      name: 'two nodes on two other kernels',
      files: two.files,
      findings: [
        { messageId: 'drift', data: { kernel: '5.15.0-1034-aws' }, nodes: ['node-c'], evidence: [two.at(uname('cilium-ccccc'), 'Linux'), two.at(uname('cilium-aaaaa'), 'Linux')] },
        { messageId: 'drift', data: { kernel: '5.10.0-28-cloud-amd64' }, nodes: ['node-d'], evidence: [two.at(uname('cilium-ddddd'), 'Linux'), two.at(uname('cilium-aaaaa'), 'Linux')] },
      ],
    },
  ],
});
