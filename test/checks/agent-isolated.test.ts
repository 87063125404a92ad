import check from '../../src/checks/agent-isolated.js';
import { checkTester } from './tester.js';
import { healthJsonProbe, scenario } from './scenario.js';

const FOUR = ['node-a', 'node-b', 'node-c', 'node-d'];
const nodes = FOUR.map((name, i) => ({ name, ip: `10.10.0.${11 + i}`, cidr: `10.0.${i}.0/24`, pod: `cilium-${name.slice(-1).repeat(5)}` }));
const one = scenario({ faults: [{ kind: 'agent-isolated', node: 'node-a' }] });
const two = scenario({ nodes, faults: [{ kind: 'agent-isolated', node: 'node-a' }, { kind: 'agent-isolated', node: 'node-d' }] });
const probes = (c: typeof one, observer: string, dests: string[], all = ['node-a', 'node-b', 'node-c']) =>
  dests.flatMap((d) => [
    healthJsonProbe(c, observer, d, 'health-endpoint', 'http', all),
    healthJsonProbe(c, observer, d, 'health-endpoint', 'icmp', all),
    healthJsonProbe(c, observer, d, 'host', 'http', all),
  ]);

checkTester(check, {
  valid: [
    { name: 'every probe answers', files: scenario().files },
    { name: 'a node everyone fails is not an isolated agent', files: scenario({ faults: [{ kind: 'node-unreachable', node: 'node-b' }] }).files },
  ],
  invalid: [
    {
      name: 'one agent fails to reach both other nodes, which reach it and each other',
      files: one.files,
      findings: [{ messageId: 'isolated', data: { node: 'node-a', failed: 2, probed: 2 }, nodes: ['node-a'], evidence: probes(one, 'node-a', ['node-b', 'node-c']).sort((x, y) => (x.line ?? 0) - (y.line ?? 0)) }],
    },
    {
      name: 'two isolated agents out of four',
      files: two.files,
      findings: [
        { messageId: 'isolated', data: { node: 'node-a', failed: 3, probed: 3 }, nodes: ['node-a'], evidence: probes(two, 'node-a', ['node-b', 'node-c', 'node-d'], FOUR).sort((x, y) => (x.line ?? 0) - (y.line ?? 0)) },
        { messageId: 'isolated', data: { node: 'node-d', failed: 3, probed: 3 }, nodes: ['node-d'], evidence: probes(two, 'node-d', ['node-a', 'node-b', 'node-c'], FOUR).sort((x, y) => (x.line ?? 0) - (y.line ?? 0)) },
      ],
    },
  ],
});
