import check from '../../src/checks/bundle-gaps.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const gaps = scenario({
  faults: [
    { kind: 'failed-task', task: 'Collecting Cilium egress NAT policies', error: 'failed to collect Cilium egress NAT policies: the server could not find the requested resource' },
    { kind: 'empty-output', node: 'node-b', file: 'cmd/<p>-service-list.md' },
  ],
});
const errors = scenario({ faults: [{ kind: 'failed-task', task: 'Collecting Hubble flows from pod cilium-ccccc', error: 'context deadline exceeded' }] }, (f) => {
  f[agentFile('cilium-aaaaa', 'cmd/cilium-dbg-node-list.md')] = "> Error while running 'cilium-dbg node list':  exit status 1\n\n";
});
// 1.15.5 collects no cilium-health output (cilium/cilium#35068): health comes from the verbose status.
const silent = scenario({ cilium: '1.15.5' });
const status = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-status---verbose.md');

checkTester(check, {
  valid: [{ name: 'everything collected', files: scenario().files }],
  invalid: [
    {
      name: 'an expected task failure and an empty output',
      files: gaps.files,
      findings: [
        { messageId: 'failedTaskExpected', nodes: [], evidence: [gaps.at('cilium-sysdump.log', 'Collecting Cilium egress NAT policies:')] },
        { messageId: 'emptyOutputs', data: { count: 1 }, nodes: ['node-b'], evidence: [{ file: agentFile('cilium-bbbbb', 'cmd/cilium-dbg-service-list.md'), line: null }] },
      ],
    },
    {
      name: 'a failed task and an output holding only a command error',
      files: errors.files,
      findings: [
        { messageId: 'failedTask', data: { task: 'Collecting Hubble flows from pod cilium-ccccc: context deadline exceeded' }, nodes: ['node-c'], evidence: [errors.at('cilium-sysdump.log', 'Collecting Hubble flows from pod cilium-ccccc:')] },
        { messageId: 'errorOutputs', nodes: ['node-a'], evidence: [errors.at(agentFile('cilium-aaaaa', 'cmd/cilium-dbg-node-list.md'), '> Error while running')] },
      ],
    },
    {
      name: 'no cilium-health output on 1.15.5',
      files: silent.files,
      findings: [{ messageId: 'missingHealth', data: { count: 3 }, nodes: ['node-a', 'node-b', 'node-c'], evidence: ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc'].map((p) => ({ file: status(p), line: null })) }],
    },
  ],
});
