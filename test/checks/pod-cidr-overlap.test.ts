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
// node-c now covers node-a's and node-b's CIDRs at once: two overlaps.
const two = scenario({ nodes: [nodes[0], { ...nodes[1], cidr: '10.0.2.0/24' }, nodes[2]] as typeof nodes, faults: [{ kind: 'pod-cidr-overlap', node: 'node-c', cidr: '10.0.0.0/22' }] });
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
      name: 'a /22 over two nodes: one finding per pair',
      files: two.files,
      findings: [
        { messageId: 'overlap', data: { a: 'node-a', b: 'node-c' }, nodes: ['node-a', 'node-c'], evidence: [cidrLine(two, 'node-a'), cidrLine(two, 'node-c')] },
        { messageId: 'overlap', data: { a: 'node-b', b: 'node-c', cidrA: '10.0.2.0/24' }, nodes: ['node-b', 'node-c'], evidence: [cidrLine(two, 'node-b'), cidrLine(two, 'node-c')] },
      ],
    },
  ],
});
