import check from '../../src/checks/config-drift.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const kpr = (c: ReturnType<typeof scenario>, pod: string) => c.at(debuginfo(pod), '"kube-proxy-replacement"', '"mode"');
const one = scenario({ faults: [{ kind: 'config-drift', node: 'node-c', kpr: 'False' }] });
// node-b's masquerading changed by hand in its debuginfo, on top of node-c's kube-proxy replacement.
const two = scenario({ faults: [{ kind: 'config-drift', node: 'node-c', kpr: 'False' }] }, (f) => {
  const file = debuginfo('cilium-bbbbb');
  f[file] = (f[file] as string).replace('"mode": "IPTables"', '"mode": "BPF"');
});

checkTester(check, {
  valid: [
    { name: 'one configuration everywhere', files: scenario().files },
    // 1.14 renamed Strict to True: a mixed-version cluster printing both is not drift.
    { name: 'Strict on 1.13 and True on 1.16 are the same mode', files: scenario({ faults: [{ kind: 'version-skew', node: 'node-a', version: '1.13.4' }] }).files },
  ],
  invalid: [
    { name: 'kube-proxy replacement off on one node', files: one.files, findings: [{ messageId: 'drift', data: { setting: 'kube-proxy replacement', value: 'False', majority: 'True', count: 1, majorityCount: 2 }, nodes: ['node-c'], evidence: [kpr(one, 'cilium-ccccc'), kpr(one, 'cilium-aaaaa')] }] },
    {
      name: 'two settings drift on two nodes',
      files: two.files,
      findings: [
        { messageId: 'drift', data: { setting: 'kube-proxy replacement', value: 'False' }, nodes: ['node-c'], evidence: [kpr(two, 'cilium-ccccc'), kpr(two, 'cilium-aaaaa')] },
        { messageId: 'drift', data: { setting: 'masquerading', value: 'BPF', majority: 'IPTables' }, nodes: ['node-b'], evidence: [two.at(debuginfo('cilium-bbbbb'), '"masquerading"', '"mode"'), two.at(debuginfo('cilium-aaaaa'), '"masquerading"', '"mode"')] },
      ],
    },
  ],
});
