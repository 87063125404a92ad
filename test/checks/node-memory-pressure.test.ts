import check from '../../src/checks/node-memory-pressure.js';
import { checkTester } from './tester.js';
import { scenario, TS } from './scenario.js';

const usage = `k8s-node-memory-cpu-usage-${TS}.txt`;
const pods = `k8s-pods-${TS}.yaml`;
// cilium-cli v0.18.8 is the first to write the node usage table.
const cli = 'v0.18.8';
const full = scenario({ cliVersion: cli, faults: [{ kind: 'node-memory', node: 'node-b', percent: 99 }, { kind: 'agent-restarts', node: 'node-b', reason: 'OOMKilled', restarts: 3 }] });
const two = scenario({ cliVersion: cli, faults: [{ kind: 'node-memory', node: 'node-a', percent: 92 }, { kind: 'node-memory', node: 'node-c', percent: 98 }] });

checkTester(check, {
  valid: [{ name: 'memory at 41% everywhere', files: scenario({ cliVersion: cli }).files }],
  invalid: [
    { name: 'a node out of memory whose agent was OOM-killed', files: full.files, findings: [{ messageId: 'exhausted', data: { node: 'node-b', percent: 99, used: 15840, oom: '; its cilium-agent was last terminated OOMKilled (3 restarts)' }, nodes: ['node-b'], evidence: [full.at(usage, 'node-b'), full.at(pods, '  name: cilium-bbbbb')] }] },
    {
      name: 'one node high, another exhausted',
      files: two.files,
      findings: [
        { messageId: 'high', data: { node: 'node-a', percent: 92, oom: '' }, nodes: ['node-a'], evidence: [two.at(usage, 'node-a')] },
        { messageId: 'exhausted', data: { node: 'node-c', percent: 98 }, nodes: ['node-c'], evidence: [two.at(usage, 'node-c')] },
      ],
    },
  ],
});
