import check from '../../src/checks/agent-missing.js';
import { checkTester } from './tester.js';
import { scenario } from './scenario.js';

const NODES = 'k8s-nodes-20241223-232727.yaml';
const PODS = 'k8s-pods-20241223-232727.yaml';
const one = scenario({ faults: [{ kind: 'agent-missing', node: 'node-c' }] });
// node-b's agent runs but its bugtool failed: no folder, and cilium-sysdump.log says why.
const both = scenario(
  { faults: [{ kind: 'agent-missing', node: 'node-c' }, { kind: 'failed-task', task: 'Collecting bugtool output from pod cilium-bbbbb', error: 'failed to collect bugtool output: command terminated with exit code 137' }] },
  (f) => {
    for (const path of Object.keys(f)) if (path.startsWith('cilium-bugtool-cilium-bbbbb-')) delete f[path];
  },
);

checkTester(check, {
  valid: [{ name: 'an agent with output on every node', files: scenario().files }],
  invalid: [
    { name: 'a node without a cilium pod', files: one.files, findings: [{ messageId: 'noAgent', data: { node: 'node-c' }, nodes: ['node-c'], evidence: [one.at(NODES, '  name: node-c')] }] },
    {
      name: 'a node without an agent and an agent whose bugtool failed',
      files: both.files,
      findings: [
        { messageId: 'noAgent', nodes: ['node-c'], evidence: [both.at(NODES, '  name: node-c')] },
        { messageId: 'noOutput', data: { node: 'node-b', pod: 'cilium-bbbbb' }, nodes: ['node-b'], evidence: [both.at(PODS, '  name: cilium-bbbbb'), both.at('cilium-sysdump.log', 'Collecting bugtool output from pod cilium-bbbbb:')] },
      ],
    },
  ],
});
