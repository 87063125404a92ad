import check from '../../src/checks/node-view-mismatch.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const list = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-node-list--o-json.md');
const firstRow = (c: ReturnType<typeof scenario>, pod: string) => c.at(list(pod), '"name":');
const one = scenario({ faults: [{ kind: 'node-view-mismatch', node: 'node-a', missing: 'node-b' }] });
const stale = scenario({ faults: [{ kind: 'ciliumnode-orphan', name: 'node-gone' }, { kind: 'node-view-mismatch', node: 'node-c', missing: 'node-a' }] });

checkTester(check, {
  valid: [
    { name: 'every agent knows every node', files: scenario().files },
    // A node without an agent has no CiliumNode, so no agent can know it: that is ciliumnode-orphan's finding.
    { name: 'a node without an agent', files: scenario({ faults: [{ kind: 'agent-missing', node: 'node-c' }] }).files },
  ],
  invalid: [
    { name: 'one agent misses a live node', files: one.files, findings: [{ messageId: 'agentView', data: { node: 'node-a', missing: 'node-b', extra: '' }, nodes: ['node-a', 'node-b'], evidence: [firstRow(one, 'cilium-aaaaa')] }] },
    {
      name: 'a deleted node every agent keeps, and one agent missing a node',
      files: stale.files,
      findings: [
        { messageId: 'staleEverywhere', data: { node: 'node-gone', keeping: 3, agents: 3 }, nodes: ['node-gone'], evidence: ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc'].map((p) => stale.at(list(p), '"name": "node-gone"')) },
        { messageId: 'agentView', data: { node: 'node-c', missing: 'node-a' }, nodes: ['node-c', 'node-a'], evidence: [firstRow(stale, 'cilium-ccccc')] },
      ],
    },
  ],
});
