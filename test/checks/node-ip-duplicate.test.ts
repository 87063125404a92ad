import check from '../../src/checks/node-ip-duplicate.js';
import { checkTester } from './tester.js';
import { scenario, TS } from './scenario.js';

const cns = `ciliumnodes-${TS}.yaml`;
// A CiliumNode left from a node rebuilt under a new name: the ciliumnode-orphan fault gives it 10.0.250.10, moved here onto node-b's address.
const orphan = scenario({ faults: [{ kind: 'ciliumnode-orphan', name: 'node-old' }] }, (f) => {
  f[cns] = (f[cns] as string).replaceAll('10.0.250.10', '10.10.0.12');
});
const two = scenario({ faults: [{ kind: 'ciliumnode-orphan', name: 'node-old' }] }, (f) => {
  const text = f[cns] as string;
  // node-b's cilium_host address: the CiliumInternalIP after its name.
  const router = /name: node-b\n[\s\S]*?- ip: (\S+)\n\s+type: CiliumInternalIP/.exec(text)?.[1] as string;
  f[cns] = text.replaceAll('10.0.250.10', '10.10.0.12').replaceAll('ip: 10.250.0.1\n', `ip: ${router}\n`);
});

checkTester(check, {
  valid: [{ name: 'every node its own address', files: scenario().files }, { name: 'an orphan with its own address', files: scenario({ faults: [{ kind: 'ciliumnode-orphan', name: 'node-old' }] }).files }],
  invalid: [
    { name: 'a stale CiliumNode on a live node\'s InternalIP', files: orphan.files, findings: [{ messageId: 'duplicate', data: { ip: '10.10.0.12', kind: 'InternalIP', nodes: 'node-b and node-old', stale: 'node-old' }, nodes: ['node-b', 'node-old'], evidence: [orphan.at(cns, '  name: node-b'), orphan.at(cns, '  name: node-old')] }] },
    {
      name: 'InternalIP and CiliumInternalIP both shared',
      files: two.files,
      findings: [
        { messageId: 'duplicate', data: { kind: 'InternalIP' }, nodes: ['node-b', 'node-old'], evidence: [two.at(cns, '  name: node-b'), two.at(cns, '  name: node-old')] },
        { messageId: 'duplicate', data: { kind: 'CiliumInternalIP', stale: 'node-old' }, nodes: ['node-b', 'node-old'], evidence: [two.at(cns, '  name: node-b'), two.at(cns, '  name: node-old')] },
      ],
    },
  ],
});
