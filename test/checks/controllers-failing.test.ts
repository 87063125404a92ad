import check from '../../src/checks/controllers-failing.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const one = scenario({ faults: [{ kind: 'controllers-failing', node: 'node-b' }] });
const two = scenario({ faults: [{ kind: 'controllers-failing', node: 'node-a' }, { kind: 'controllers-failing', node: 'node-c' }] });
/** The controller status line, and the `name` line of the controller whose status has a failure count. */
const evidenceOf = (c: typeof one, pod: string) => {
  const lines = c.text(debuginfo(pod)).split('\n');
  let at = lines.findIndex((l) => l.includes('"consecutive-failure-count"'));
  while (at > 0 && !lines[at]?.includes('"name":')) at--;
  return [c.at(debuginfo(pod), '"controllers": ['), { file: debuginfo(pod), line: at + 1 }];
};

checkTester(check, {
  valid: [{ name: 'all controllers healthy', files: scenario().files }],
  invalid: [
    { name: 'one controller failing 42 times', files: one.files, findings: [{ messageId: 'failing', data: { node: 'node-b', healthy: 12, total: 13 }, nodes: ['node-b'], evidence: evidenceOf(one, 'cilium-bbbbb') }] },
    {
      name: 'failing controllers on two agents',
      files: two.files,
      findings: [
        { messageId: 'failing', nodes: ['node-a'], evidence: evidenceOf(two, 'cilium-aaaaa') },
        { messageId: 'failing', nodes: ['node-c'], evidence: evidenceOf(two, 'cilium-ccccc') },
      ],
    },
  ],
});
