import check from '../../src/checks/endpoint-ip-duplicate.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
/** The endpoint's `"id"` line above an address in an agent's debuginfo. */
function idLine(c: ReturnType<typeof scenario>, pod: string, ip: string) {
  const lines = c.text(debuginfo(pod)).split('\n');
  let at = lines.findIndex((l) => l.includes(`"ipv4": "${ip}"`));
  while (at > 0 && !/^ {6}"id": /.test(lines[at] as string)) at--;
  return { file: debuginfo(pod), line: at + 1 };
}

// node-c's first pod got node-b's first pod's address (10.0.1.20).
const one = scenario({ faults: [{ kind: 'endpoint-ip-outside-cidr', node: 'node-c', ip: '10.0.1.20' }] });
const two = scenario({ faults: [{ kind: 'endpoint-ip-outside-cidr', node: 'node-c', ip: '10.0.1.20' }, { kind: 'endpoint-ip-outside-cidr', node: 'node-a', ip: '10.0.1.23' }] });

checkTester(check, {
  valid: [
    { name: 'unique addresses', files: scenario().files },
    { name: 'a pod seen in its agent and as a CiliumEndpoint is one holder', files: scenario({ faults: [{ kind: 'endpoint-ip-outside-cidr', node: 'node-c', ip: '10.0.99.1' }] }).files },
  ],
  invalid: [
    { name: 'two pods on two nodes with one address', files: one.files, findings: [{ messageId: 'duplicate', data: { ip: '10.0.1.20' }, nodes: ['node-b', 'node-c'], evidence: [idLine(one, 'cilium-bbbbb', '10.0.1.20'), idLine(one, 'cilium-ccccc', '10.0.1.20')] }] },
    {
      name: 'two duplicated addresses',
      files: two.files,
      findings: [
        { messageId: 'duplicate', data: { ip: '10.0.1.20' }, nodes: ['node-b', 'node-c'], evidence: [idLine(two, 'cilium-bbbbb', '10.0.1.20'), idLine(two, 'cilium-ccccc', '10.0.1.20')] },
        { messageId: 'duplicate', data: { ip: '10.0.1.23' }, nodes: ['node-a', 'node-b'], evidence: [idLine(two, 'cilium-aaaaa', '10.0.1.23'), idLine(two, 'cilium-bbbbb', '10.0.1.23')] },
      ],
    },
  ],
});
