import check from '../../src/checks/drops.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const metrics = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-metrics-list.md');
const two = scenario({ faults: [{ kind: 'drops', node: 'node-b', reason: 'Policy denied', count: 12 }, { kind: 'drops', node: 'node-c', reason: 'Stale or unroutable IP', count: 7 }] });
const spread = scenario({ faults: [{ kind: 'drops', node: 'node-a', reason: 'CT: Map insertion failed', count: 300 }, { kind: 'drops', node: 'node-c', reason: 'CT: Map insertion failed', count: 40 }] });

checkTester(check, {
  valid: [
    { name: 'no drop counters', files: scenario().files },
    { name: 'drops under a raised minimum', files: two.files, thresholds: { 'drops.minCount': 100 } },
  ],
  invalid: [
    {
      name: 'policy drops (information) and stale-IP drops (warning)',
      files: two.files,
      findings: [
        { messageId: 'policy', data: { reason: 'Policy denied', total: 12, nodes: 'node-b' }, nodes: ['node-b'], evidence: [two.at(metrics('cilium-bbbbb'), 'reason="Policy denied"')] },
        { messageId: 'drops', data: { reason: 'Stale or unroutable IP', total: 7 }, nodes: ['node-c'], evidence: [two.at(metrics('cilium-ccccc'), 'reason="Stale or unroutable IP"')] },
      ],
    },
    {
      name: 'one reason on two nodes is one finding',
      files: spread.files,
      findings: [{ messageId: 'drops', data: { total: 340, nodes: 'node-a (300) and node-c (40)' }, nodes: ['node-a', 'node-c'], evidence: [spread.at(metrics('cilium-aaaaa'), 'reason="CT'), spread.at(metrics('cilium-ccccc'), 'reason="CT')] }],
    },
  ],
});
