import check from '../../src/checks/health-partition.js';
import { agentFile, scenario } from './scenario.js';
import { checkTester } from './tester.js';

const nodes = [
  { name: 'node-a', ip: '10.10.0.11', cidr: '10.0.0.0/24', zone: 'zone-a', pod: 'cilium-aaaaa' },
  { name: 'node-b', ip: '10.10.0.12', cidr: '10.0.1.0/24', zone: 'zone-a', pod: 'cilium-bbbbb' },
  { name: 'node-c', ip: '10.10.1.13', cidr: '10.0.2.0/24', zone: 'zone-b', pod: 'cilium-ccccc' },
  { name: 'node-d', ip: '10.10.1.14', cidr: '10.0.3.0/24', zone: 'zone-b', pod: 'cilium-ddddd' },
];
const split = scenario({ nodes, faults: [{ kind: 'health-partition', groups: [['node-a', 'node-b'], ['node-c', 'node-d']] }] });
const threeWay = scenario({
  nodes: [...nodes, { name: 'node-e', ip: '10.10.2.15', cidr: '10.0.4.0/24', zone: 'zone-c', pod: 'cilium-eeeee' }, { name: 'node-f', ip: '10.10.2.16', cidr: '10.0.5.0/24', zone: 'zone-c', pod: 'cilium-fffff' }],
  faults: [{ kind: 'health-partition', groups: [['node-a', 'node-b', 'node-c', 'node-d'], ['node-e', 'node-f']] }],
});

/** Every failed probe line of the observers, in the order the finding cites them (capped at 20). */
function failedLines(c: typeof split, pods: string[]) {
  const out: { file: string; line: number }[] = [];
  for (const pod of pods) {
    const file = agentFile(pod, 'cmd/cilium-health-status--o-json.md');
    c.text(file).split('\n').forEach((text, i) => {
      if (/"status": "(Connection timed out|Get )/.test(text)) out.push({ file, line: i + 1 });
    });
  }
  return out.slice(0, 20);
}

checkTester(check, {
  valid: [
    { name: 'every probe answers', files: scenario({ nodes }).files },
    { name: 'one node down is not a partition', files: scenario({ nodes, faults: [{ kind: 'node-unreachable', node: 'node-c' }] }).files },
  ],
  invalid: [
    {
      name: 'two zones that reach inside but not across',
      files: split.files,
      findings: [
        {
          messageId: 'partition',
          data: { groups: '{node-a, node-b} and {node-c, node-d}', shared: 'group 1: zone zone-a, subnet 10.10.0.0/24; group 2: zone zone-b, subnet 10.10.1.0/24' },
          nodes: ['node-a', 'node-b', 'node-c', 'node-d'],
          evidence: failedLines(split, ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc', 'cilium-ddddd']),
        },
      ],
    },
    {
      name: 'a four-node group cut from a two-node zone, plus a node down in the big group',
      files: threeWay.files,
      findings: [
        {
          messageId: 'partition',
          data: { groups: '{node-a, node-b, node-c, node-d} and {node-e, node-f}' },
          nodes: ['node-a', 'node-b', 'node-c', 'node-d', 'node-e', 'node-f'],
          evidence: failedLines(threeWay, ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc', 'cilium-ddddd', 'cilium-eeeee', 'cilium-fffff']),
        },
      ],
    },
  ],
}, { singleFinding: 'the nodes fall into one set of groups: a cluster has at most one partition at a time' });
