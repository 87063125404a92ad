import check from '../../src/checks/endpoint-ip-is-node-ip.js';
import { checkTester } from './tester.js';
import { scenario, TS } from './scenario.js';

const ceps = `ciliumendpoints-${TS}.yaml`;
const nodes = `k8s-nodes-${TS}.yaml`;
const cns = `ciliumnodes-${TS}.yaml`;
// The first endpoint of node-a moved onto node-c's InternalIP.
const one = scenario({ faults: [{ kind: 'endpoint-ip-outside-cidr', node: 'node-a', ip: '10.10.0.13' }] });
const two = scenario({ faults: [{ kind: 'endpoint-ip-outside-cidr', node: 'node-a', ip: '10.10.0.13' }] }, (f) => {
  // node-b's first endpoint takes node-b's cilium_host address.
  const router = /name: node-b\n[\s\S]*?- ip: (\S+)\n\s+type: CiliumInternalIP/.exec(f[cns] as string)?.[1] as string;
  const text = f[ceps] as string;
  const at = text.indexOf('ipv4: 10.0.1.');
  f[ceps] = `${text.slice(0, at)}ipv4: ${router}${text.slice(text.indexOf('\n', at))}`;
});
const cepOf = (c: ReturnType<typeof scenario>, ip: string) => {
  const lines = c.text(ceps).split('\n');
  const i = lines.findIndex((l) => l.endsWith(`ipv4: ${ip}`));
  // The record's line is its `metadata.name`.
  let j = i;
  while (j > 0 && !/^ {4}name: /.test(lines[j] as string)) j--;
  return { file: ceps, line: j + 1 };
};

checkTester(check, {
  valid: [{ name: 'pod and node addresses apart', files: scenario().files }],
  invalid: [
    { name: 'a pod on a node\'s InternalIP', files: one.files, findings: [{ messageId: 'clash', data: { ip: '10.10.0.13', kind: 'InternalIP', node: 'node-c' }, nodes: ['node-c'], evidence: [cepOf(one, '10.10.0.13'), one.at(nodes, '  name: node-c')] }] },
    {
      name: 'InternalIP and cilium_host address taken',
      files: two.files,
      findings: [
        { messageId: 'clash', data: { ip: '10.10.0.13' }, nodes: ['node-c'], evidence: [cepOf(two, '10.10.0.13'), two.at(nodes, '  name: node-c')] },
        { messageId: 'clash', data: { kind: 'CiliumInternalIP (cilium_host address)', node: 'node-b' }, nodes: ['node-b'], evidence: [cepOf(two, /name: node-b\n[\s\S]*?- ip: (\S+)\n\s+type: CiliumInternalIP/.exec(two.text(cns))?.[1] as string), two.at(cns, '  name: node-b')] },
      ],
    },
  ],
});
