import check from '../../src/checks/agent-degraded.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const status = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-status---verbose.md');
const two = scenario({ faults: [{ kind: 'agent-degraded', node: 'node-a' }, { kind: 'agent-degraded', node: 'node-c' }] });
const warnings = (c: typeof two, pod: string) => [c.at(debuginfo(pod), '"cilium": {', '"state": "Warning"'), c.at(debuginfo(pod), '"hubble": {', '"state": "Warning"')];
// Without debuginfo, the verbose text is read: a KVStore failure is an error.
const failure = scenario({}, (f) => {
  delete f[debuginfo('cilium-bbbbb')];
  f[status('cilium-bbbbb')] = (f[status('cilium-bbbbb')] as string).replace(/^KVStore:(\s+)Ok   Disabled$/m, 'KVStore:$1Failure   Err: dial tcp 10.96.12.4:2379: connect: connection refused');
});

checkTester(check, {
  valid: [{ name: 'every component Ok', files: scenario().files }],
  invalid: [
    { name: 'Cilium and Hubble in warning on two agents', files: two.files, findings: [
      { messageId: 'warning', nodes: ['node-a'], evidence: warnings(two, 'cilium-aaaaa') },
      { messageId: 'warning', nodes: ['node-c'], evidence: warnings(two, 'cilium-ccccc') },
    ] },
    {
      name: 'a failing kvstore in the verbose text',
      files: failure.files,
      findings: [{ messageId: 'failure', data: { node: 'node-b', lines: 'KVStore: Failure   Err: dial tcp 10.96.12.4:2379: connect: connection refused' }, nodes: ['node-b'], evidence: [failure.at(status('cilium-bbbbb'), 'KVStore:')] }],
    },
  ],
});
