import check from '../../src/checks/version-skew.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const version = (c: ReturnType<typeof scenario>, pod: string) => c.at(debuginfo(pod), '"cilium-version"');
const FOUR = ['node-a', 'node-b', 'node-c', 'node-d'].map((name, i) => ({ name, ip: `10.10.0.${11 + i}`, cidr: `10.0.${i}.0/24`, pod: `cilium-${name.slice(-1).repeat(5)}` }));
const one = scenario({ faults: [{ kind: 'version-skew', node: 'node-a', version: '1.16.4' }] });
const three = scenario({ nodes: FOUR, faults: [{ kind: 'version-skew', node: 'node-a', version: '1.16.4' }, { kind: 'version-skew', node: 'node-d', version: '1.15.7' }] });

checkTester(check, {
  valid: [{ name: 'one version everywhere', files: scenario().files }],
  invalid: [
    {
      name: 'one agent behind',
      files: one.files,
      findings: [{ messageId: 'skew', data: { version: '1.16.4', count: 1, nodes: 'node-a', majority: '1.16.5', majorityCount: 2 }, nodes: ['node-a'], evidence: [version(one, 'cilium-aaaaa'), version(one, 'cilium-bbbbb')] }],
    },
    {
      name: 'three versions: each minority version is a finding',
      files: three.files,
      findings: [
        { messageId: 'skew', data: { version: '1.16.4', majority: '1.16.5' }, nodes: ['node-a'], evidence: [version(three, 'cilium-aaaaa'), version(three, 'cilium-bbbbb')] },
        { messageId: 'skew', data: { version: '1.15.7', majority: '1.16.5' }, nodes: ['node-d'], evidence: [version(three, 'cilium-ddddd'), version(three, 'cilium-bbbbb')] },
      ],
    },
  ],
});
