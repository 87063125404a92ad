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
// cilium/cilium#22089 (cilium-cli v0.12.6 on k3s with a crash-looping agent): the CRDs were never registered.
const crd = (task: string, resource: string) => ({ kind: 'failed-task' as const, task: `Collecting ${task}`, error: `failed to collect ${task}: the server could not find the requested resource (get ${resource})` });
const many = scenario({
  faults: [
    crd('Cilium network policies', 'ciliumnetworkpolicies.cilium.io'),
    crd('Cilium cluster-wide network policies', 'ciliumclusterwidenetworkpolicies.cilium.io'),
    { kind: 'failed-task', task: 'Collecting bugtool output from pod cilium-bbbbb', error: 'failed to collect \'cilium-bugtool\' output for "cilium-bbbbb" in namespace "kube-system": command terminated with exit code 137' },
  ],
});
const status = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-status---verbose.md');

checkTester(check, {
  valid: [{ name: 'everything collected', files: scenario().files }],
  invalid: [
    {
      name: 'an expected task failure and an empty output',
      files: gaps.files,
      findings: [
        { messageId: 'failedTasksExpected', data: { count: 1 }, nodes: [], evidence: [gaps.at('cilium-sysdump.log', 'Collecting Cilium egress NAT policies:')] },
        { messageId: 'emptyOutputs', data: { count: 1 }, nodes: ['node-b'], evidence: [{ file: agentFile('cilium-bbbbb', 'cmd/cilium-dbg-service-list.md'), line: null }] },
      ],
    },
    {
      name: 'a failed task and an output holding only a command error',
      files: errors.files,
      findings: [
        { messageId: 'failedTasks', data: { count: 1, tasks: 'Collecting Hubble flows from pod cilium-ccccc: context deadline exceeded', shared: '' }, nodes: ['node-c'], evidence: [errors.at('cilium-sysdump.log', 'Collecting Hubble flows from pod cilium-ccccc:')] },
        { messageId: 'errorOutputs', nodes: ['node-a'], evidence: [errors.at(agentFile('cilium-aaaaa', 'cmd/cilium-dbg-node-list.md'), '> Error while running')] },
      ],
    },
    {
      name: 'failed tasks are one finding with the cause most of them share',
      files: many.files,
      findings: [
        {
          messageId: 'failedTasks',
          data: { count: 3, tasks: 'Collecting Cilium network policies; Collecting Cilium cluster-wide network policies; Collecting bugtool output from pod cilium-bbbbb', shared: '2 of them with: the server could not find the requested resource' },
          nodes: ['node-b'],
          evidence: [many.at('cilium-sysdump.log', 'Collecting Cilium network policies:'), many.at('cilium-sysdump.log', 'Collecting Cilium cluster-wide network policies:'), many.at('cilium-sysdump.log', 'failed to collect \'cilium-bugtool\'')],
        },
      ],
    },
    {
      name: 'no cilium-health output on 1.15.5',
      files: silent.files,
      findings: [{ messageId: 'missingHealth', data: { count: 3 }, nodes: ['node-a', 'node-b', 'node-c'], evidence: ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc'].map((p) => ({ file: status(p), line: null })) }],
    },
  ],
});
