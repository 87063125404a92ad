import check from '../../src/checks/agent-restarts.js';
import { checkTester } from './tester.js';
import { scenario } from './scenario.js';

const PODS = 'k8s-pods-20241223-232727.yaml';
const two = scenario({ faults: [{ kind: 'agent-restarts', node: 'node-b', reason: 'OOMKilled', restarts: 3 }, { kind: 'agent-restarts', node: 'node-c', reason: 'CrashLoopBackOff', restarts: 9 }] });
const once = scenario({ faults: [{ kind: 'agent-restarts', node: 'node-a', reason: 'Error', restarts: 1 }] });

checkTester(check, {
  valid: [
    { name: 'no restarts', files: scenario().files },
    { name: 'one restart under a raised threshold', files: once.files, thresholds: { 'agent-restarts.minRestarts': 2 } },
  ],
  invalid: [
    {
      name: 'an OOM-killed agent and a crash-looping one',
      files: two.files,
      findings: [
        { messageId: 'oomKilled', data: { pod: 'cilium-bbbbb', node: 'node-b', container: 'cilium-agent', restarts: 3 }, nodes: ['node-b'], evidence: [two.at(PODS, '  name: cilium-bbbbb')] },
        { messageId: 'crashLooping', data: { pod: 'cilium-ccccc', node: 'node-c', restarts: 9 }, nodes: ['node-c'], evidence: [two.at(PODS, '  name: cilium-ccccc')] },
      ],
    },
    { name: 'a restart after an error exit', files: once.files, findings: [{ messageId: 'restarted', data: { restarts: 1, last: ', last terminated: Error (exit 1) at 2024-05-13T13:58:12Z' }, nodes: ['node-a'], evidence: [once.at(PODS, '  name: cilium-aaaaa')] }] },
  ],
});
