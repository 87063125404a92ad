import check from '../../src/checks/ciliumnode-orphan.js';
import { checkTester } from './tester.js';
import { scenario } from './scenario.js';

const CN = 'ciliumnodes-20241223-232727.yaml';
const NODES = 'k8s-nodes-20241223-232727.yaml';
const orphan = scenario({ faults: [{ kind: 'ciliumnode-orphan', name: 'node-gone' }] });
const both = scenario({ faults: [{ kind: 'ciliumnode-orphan', name: 'node-gone' }, { kind: 'agent-missing', node: 'node-c' }] });

checkTester(check, {
  valid: [{ name: 'one CiliumNode per Node', files: scenario().files }],
  invalid: [
    { name: 'a CiliumNode left by a deleted node', files: orphan.files, findings: [{ messageId: 'orphanCiliumNode', data: { node: 'node-gone', cidrs: '10.250.0.0/24' }, nodes: ['node-gone'], evidence: [orphan.at(CN, '  name: node-gone')] }] },
    {
      name: 'a stale CiliumNode and a Node whose agent never registered',
      files: both.files,
      findings: [
        { messageId: 'orphanCiliumNode', nodes: ['node-gone'], evidence: [both.at(CN, '  name: node-gone')] },
        { messageId: 'missingCiliumNode', data: { node: 'node-c' }, nodes: ['node-c'], evidence: [both.at(NODES, '  name: node-c')] },
      ],
    },
  ],
});
