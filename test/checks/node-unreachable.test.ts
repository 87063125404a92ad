import check from '../../src/checks/node-unreachable.js';
import { checkTester } from './tester.js';
import { healthJsonProbe, scenario } from './scenario.js';

const endpoint = scenario({ faults: [{ kind: 'health-endpoint-unreachable', node: 'node-c' }] });
const down = scenario({ faults: [{ kind: 'node-unreachable', node: 'node-b' }, { kind: 'health-endpoint-unreachable', node: 'node-c' }] });

checkTester(check, {
  valid: [
    { name: 'every probe answers', files: scenario().files },
    // One observer failing one peer is not "most observers": 1 of 2 is not more than half.
    { name: 'one observer of two fails one node', files: scenario({ faults: [{ kind: 'health-asymmetric', from: 'node-a', to: 'node-c' }] }).files },
  ],
  invalid: [
    {
      name: 'health endpoint of one node unreachable from all others (the seed note)',
      files: endpoint.files,
      findings: [
        {
          messageId: 'endpointUnreachable',
          data: { node: 'node-c', failed: 2, probing: 2 },
          nodes: ['node-c'],
          evidence: [
            healthJsonProbe(endpoint, 'node-a', 'node-c', 'health-endpoint', 'http'),
            healthJsonProbe(endpoint, 'node-a', 'node-c', 'health-endpoint', 'icmp'),
            healthJsonProbe(endpoint, 'node-b', 'node-c', 'health-endpoint', 'http'),
            healthJsonProbe(endpoint, 'node-b', 'node-c', 'health-endpoint', 'icmp'),
          ],
        },
      ],
    },
    {
      name: 'one node down and another node\'s endpoint unreachable: one finding each',
      files: down.files,
      findings: [
        {
          messageId: 'nodeDown',
          data: { node: 'node-b', address: '10.10.0.12', failed: 2, probing: 2 },
          nodes: ['node-b'],
          evidence: [
            healthJsonProbe(down, 'node-a', 'node-b', 'health-endpoint', 'http'),
            healthJsonProbe(down, 'node-a', 'node-b', 'health-endpoint', 'icmp'),
            healthJsonProbe(down, 'node-a', 'node-b', 'host', 'http'),
            healthJsonProbe(down, 'node-a', 'node-b', 'host', 'icmp'),
            healthJsonProbe(down, 'node-c', 'node-b', 'health-endpoint', 'http'),
            healthJsonProbe(down, 'node-c', 'node-b', 'health-endpoint', 'icmp'),
            healthJsonProbe(down, 'node-c', 'node-b', 'host', 'http'),
            healthJsonProbe(down, 'node-c', 'node-b', 'host', 'icmp'),
          ],
        },
        {
          messageId: 'endpointUnreachable',
          data: { node: 'node-c', failed: 2, probing: 2 },
          nodes: ['node-c'],
          evidence: [
            healthJsonProbe(down, 'node-a', 'node-c', 'health-endpoint', 'http'),
            healthJsonProbe(down, 'node-a', 'node-c', 'health-endpoint', 'icmp'),
            healthJsonProbe(down, 'node-b', 'node-c', 'health-endpoint', 'http'),
            healthJsonProbe(down, 'node-b', 'node-c', 'health-endpoint', 'icmp'),
          ],
        },
      ],
    },
  ],
});
