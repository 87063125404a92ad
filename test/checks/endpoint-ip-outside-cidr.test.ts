import check from '../../src/checks/endpoint-ip-outside-cidr.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const CEPS = 'ciliumendpoints-20241223-232727.yaml';
const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const evidenceFor = (c: ReturnType<typeof scenario>, pod: string, ip: string) => [
  { file: debuginfo(pod), line: backToId(c.text(debuginfo(pod)), ip) },
  c.at(CEPS, `ipv4: ${ip}`),
].map((e, i) => (i === 1 ? { file: e.file, line: backToName(c.text(CEPS), e.line as number) } : e));

/** The endpoint's `"id"` line above its address in debuginfo JSON. */
function backToId(text: string, ip: string): number {
  const lines = text.split('\n');
  let at = lines.findIndex((l) => l.includes(`"ipv4": "${ip}"`));
  while (at > 0 && !/^ {6}"id": /.test(lines[at] as string)) at--;
  return at + 1;
}

/** The CiliumEndpoint's `name:` line above its address. */
function backToName(text: string, line: number): number {
  const lines = text.split('\n');
  let at = line - 1;
  while (at > 0 && !/^ {4}name: /.test(lines[at] as string)) at--;
  return at + 1;
}

const one = scenario({ faults: [{ kind: 'endpoint-ip-outside-cidr', node: 'node-b', ip: '10.0.77.5' }] });
const two = scenario({ faults: [{ kind: 'endpoint-ip-outside-cidr', node: 'node-b', ip: '10.0.77.5' }, { kind: 'endpoint-ip-outside-cidr', node: 'node-c', ip: '172.16.0.9' }] });

checkTester(check, {
  valid: [
    { name: 'every endpoint inside its node\'s CIDR', files: scenario().files },
    // ENI-style nodes have no pod CIDR: nothing to compare with.
    { name: 'nodes without CIDRs are not judged', files: scenario({ faults: [{ kind: 'endpoint-ip-outside-cidr', node: 'node-b', ip: '10.0.77.5' }] }, (f) => {
      for (const [path, text] of Object.entries(f)) f[path] = text.replace(/10\.0\.1\.0\/24/g, '');
    }).files },
  ],
  invalid: [
    { name: 'a pod address from another range', files: one.files, findings: [{ messageId: 'outside', data: { node: 'node-b', ips: '10.0.77.5', cidrs: '10.0.1.0/24', count: 1 }, nodes: ['node-b'], evidence: evidenceFor(one, 'cilium-bbbbb', '10.0.77.5') }] },
    {
      name: 'two nodes with one stray address each',
      files: two.files,
      findings: [
        { messageId: 'outside', data: { node: 'node-b' }, nodes: ['node-b'], evidence: evidenceFor(two, 'cilium-bbbbb', '10.0.77.5') },
        { messageId: 'outside', data: { node: 'node-c', ips: '172.16.0.9' }, nodes: ['node-c'], evidence: evidenceFor(two, 'cilium-ccccc', '172.16.0.9') },
      ],
    },
  ],
});
