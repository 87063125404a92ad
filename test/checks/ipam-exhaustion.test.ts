import check from '../../src/checks/ipam-exhaustion.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const two = scenario({ faults: [{ kind: 'ipam-exhaustion', node: 'node-b', used: 232 }, { kind: 'ipam-exhaustion', node: 'node-c', used: 254 }] });
const ipamLine = (c: typeof two, pod: string) => c.at(debuginfo(pod), '"status": "IPv4:');

checkTester(check, {
  valid: [
    { name: 'pools with room', files: scenario().files },
    { name: 'just under the warning threshold', files: scenario({ faults: [{ kind: 'ipam-exhaustion', node: 'node-a', used: 228 }] }).files },
  ],
  invalid: [
    { name: 'a nearly full and a full pool', files: two.files, findings: [
      { messageId: 'nearlyFull', data: { node: 'node-b', used: 232, total: 254, percent: '91', cidr: '10.0.1.0/24' }, nodes: ['node-b'], evidence: [ipamLine(two, 'cilium-bbbbb')] },
      { messageId: 'full', data: { node: 'node-c', used: 254, total: 254, percent: '100' }, nodes: ['node-c'], evidence: [ipamLine(two, 'cilium-ccccc')] },
    ] },
    {
      name: 'a lower warning threshold from --threshold',
      files: scenario({ faults: [{ kind: 'ipam-exhaustion', node: 'node-a', used: 204 }] }).files,
      thresholds: { 'ipam-exhaustion.warnPercent': 80 },
      findings: [{ messageId: 'nearlyFull', data: { node: 'node-a', percent: '80' }, nodes: ['node-a'], evidence: [ipamLine(two, 'cilium-aaaaa')] }],
    },
  ],
});
