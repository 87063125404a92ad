import check from '../../src/checks/pod-cidr-overlap.js';
import { checkTester } from './tester.js';
import { scenario } from './scenario.js';

const nodes = [
  { name: 'node-a', ip: '10.10.0.11', cidr: '10.0.0.0/24', pod: 'cilium-aaaaa' },
  { name: 'node-b', ip: '10.10.0.12', cidr: '10.0.8.0/24', pod: 'cilium-bbbbb' },
  { name: 'node-c', ip: '10.10.0.13', cidr: '10.0.16.0/24', pod: 'cilium-ccccc' },
];
const CN = 'ciliumnodes-20241223-232727.yaml';
// node-c takes a /23 that also holds node-a's /24; its pods move to the upper half, so nothing else is wrong.
const one = scenario({ nodes, faults: [{ kind: 'pod-cidr-overlap', node: 'node-c', cidr: '10.0.0.0/23' }] });
// node-c now covers node-a's and node-b's CIDRs at once: one range three nodes claim, one finding.
const group = scenario({ nodes: [nodes[0], { ...nodes[1], cidr: '10.0.2.0/24' }, nodes[2]] as typeof nodes, faults: [{ kind: 'pod-cidr-overlap', node: 'node-c', cidr: '10.0.0.0/22' }] });
// Two separate overlaps: node-c over node-a, node-d over node-b.
const four = [...nodes, { name: 'node-d', ip: '10.10.0.14', cidr: '10.0.24.0/24', pod: 'cilium-ddddd' }];
const two = scenario({ nodes: four, faults: [{ kind: 'pod-cidr-overlap', node: 'node-c', cidr: '10.0.0.0/23' }, { kind: 'pod-cidr-overlap', node: 'node-d', cidr: '10.0.8.0/23' }] });
const cidrLine = (c: typeof one, node: string) => c.at(CN, `  name: ${node}`, 'podCIDRs:', '- ');

checkTester(check, {
  valid: [
    { name: 'disjoint /24s', files: scenario({ nodes }).files },
    { name: 'adjacent CIDRs do not overlap', files: scenario({ nodes: [nodes[0], { ...nodes[1], cidr: '10.0.1.0/24' }, nodes[2]] as typeof nodes }).files },
  ],
  invalid: [
    {
      name: 'a /23 that holds another node\'s /24',
      files: one.files,
      findings: [{ messageId: 'overlap', data: { a: 'node-a', b: 'node-c', cidrA: '10.0.0.0/24', cidrB: '10.0.0.0/23' }, nodes: ['node-a', 'node-c'], evidence: [cidrLine(one, 'node-a'), cidrLine(one, 'node-c')] }],
    },
    {
      name: 'a /22 over two nodes: one finding for the range, listing the three nodes',
      files: group.files,
      findings: [
        {
          messageId: 'overlapGroup',
          data: { cidr: '10.0.0.0/22', count: 3, claims: 'node-a (10.0.0.0/24), node-b (10.0.2.0/24) and node-c (10.0.0.0/22)' },
          nodes: ['node-a', 'node-b', 'node-c'],
          evidence: [cidrLine(group, 'node-a'), cidrLine(group, 'node-b'), cidrLine(group, 'node-c')],
        },
      ],
    },
    {
      name: 'two ranges, each claimed by two nodes: one finding each',
      files: two.files,
      findings: [
        { messageId: 'overlap', data: { a: 'node-a', b: 'node-c', cidrB: '10.0.0.0/23' }, nodes: ['node-a', 'node-c'], evidence: [cidrLine(two, 'node-a'), cidrLine(two, 'node-c')] },
        { messageId: 'overlap', data: { a: 'node-b', b: 'node-d', cidrB: '10.0.8.0/23' }, nodes: ['node-b', 'node-d'], evidence: [cidrLine(two, 'node-b'), cidrLine(two, 'node-d')] },
      ],
    },
  ],
});
