import check from '../../src/checks/endpoint-not-ready.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const CEPS = 'ciliumendpoints-20241223-232727.yaml';
const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
/** The agent's endpoint (its `"id"` line) and its CiliumEndpoint (`name:` line) in the state given. */
function records(c: ReturnType<typeof scenario>, pod: string, state: string) {
  const lines = c.text(debuginfo(pod)).split('\n');
  let at = lines.findIndex((l) => l.includes(`"state": "${state}"`));
  while (at > 0 && !/^ {6}"id": /.test(lines[at] as string)) at--;
  const cep = c.text(CEPS).split('\n');
  let cat = cep.findIndex((l) => l.includes(`state: ${state}`));
  while (cat > 0 && !/^ {4}name: /.test(cep[cat] as string)) cat--;
  return [{ file: debuginfo(pod), line: at + 1 }, { file: CEPS, line: cat + 1 }];
}

const one = scenario({ faults: [{ kind: 'endpoint-not-ready', node: 'node-c' }] });
// node-a's endpoint caught regenerating (information) besides node-c's waiting for identity (warning).
const two = scenario({ faults: [{ kind: 'endpoint-not-ready', node: 'node-c' }] }, (f) => {
  const file = debuginfo('cilium-aaaaa');
  f[file] = (f[file] as string).replace(/("state": )"ready"(\s*}\s*},\s*\{\s*"id": \d+)/, '$1"regenerating"$2');
});

checkTester(check, {
  valid: [{ name: 'every endpoint ready', files: scenario().files }],
  invalid: [
    { name: 'an endpoint waiting for its identity, in both sources', files: one.files, findings: [{ messageId: 'notReady', data: { node: 'node-c', count: 1 }, nodes: ['node-c'], evidence: records(one, 'cilium-ccccc', 'waiting-for-identity') }] },
    {
      name: 'one not ready and one regenerating',
      files: two.files,
      findings: [
        { messageId: 'notReady', nodes: ['node-c'], evidence: records(two, 'cilium-ccccc', 'waiting-for-identity') },
        { messageId: 'regenerating', nodes: ['node-a'], evidence: [records(two, 'cilium-aaaaa', 'regenerating')[0] as { file: string; line: number }] },
      ],
    },
  ],
});
