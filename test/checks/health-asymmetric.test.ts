import check from '../../src/checks/health-asymmetric.js';
import { checkTester } from './tester.js';
import { healthJsonProbe, scenario } from './scenario.js';

const one = scenario({ faults: [{ kind: 'health-asymmetric', from: 'node-a', to: 'node-b' }] });
const two = scenario({ faults: [{ kind: 'health-asymmetric', from: 'node-a', to: 'node-b' }, { kind: 'health-asymmetric', from: 'node-c', to: 'node-a' }] });
const probes = (c: typeof one, from: string, to: string) => [healthJsonProbe(c, from, to, 'health-endpoint', 'http'), healthJsonProbe(c, from, to, 'health-endpoint', 'icmp')];

checkTester(check, {
  valid: [
    { name: 'every probe answers', files: scenario().files },
    { name: 'a node everyone fails is node-unreachable, not one-way', files: scenario({ faults: [{ kind: 'node-unreachable', node: 'node-c' }] }).files },
  ],
  invalid: [
    { name: 'A fails B while B reaches A', files: one.files, findings: [{ messageId: 'oneWay', data: { from: 'node-a', to: 'node-b', count: 1 }, nodes: ['node-a', 'node-b'], evidence: probes(one, 'node-a', 'node-b') }] },
    {
      name: 'two one-way failures from two observers',
      files: two.files,
      findings: [
        { messageId: 'oneWay', data: { from: 'node-a', to: 'node-b' }, nodes: ['node-a', 'node-b'], evidence: probes(two, 'node-a', 'node-b') },
        { messageId: 'oneWay', data: { from: 'node-c', to: 'node-a' }, nodes: ['node-a', 'node-c'], evidence: probes(two, 'node-c', 'node-a') },
      ],
    },
  ],
});
