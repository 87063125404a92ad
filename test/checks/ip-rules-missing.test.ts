import check from '../../src/checks/ip-rules-missing.js';
import { checkTester } from './tester.js';
import { agentFile, scenario, TS } from './scenario.js';

const rules = (pod: string) => agentFile(pod, 'cmd/ip--d-rule.md');
const reset = scenario({ faults: [{ kind: 'ip-rules-reset', node: 'node-b' }] });
// IPsec on, node-a lost only its proxy rule (edited by hand), node-c lost the IPsec rules.
const ipsec = scenario({ encryption: 'ipsec' }, (f) => {
  const a = rules('cilium-aaaaa');
  f[a] = (f[a] as string).replace('9:\tfrom all fwmark 0x200/0xf00 lookup 2004 proto kernel\n', '');
  const c = rules('cilium-ccccc');
  f[c] = (f[c] as string).split('\n').filter((l) => !l.includes('lookup 200 ')).join('\n');
});

checkTester(check, {
  valid: [
    { name: 'proxy rule and moved local rule', files: scenario().files },
    { name: 'IPsec rules present', files: scenario({ encryption: 'ipsec' }).files },
    { name: 'Cilium 1.13 names the file ip-rule.md', files: scenario({ cilium: '1.13.4' }).files },
  ],
  invalid: [
    { name: 'rules reset to the kernel defaults', files: reset.files, findings: [{ messageId: 'reset', data: { node: 'node-b' }, nodes: ['node-b'], evidence: [reset.at(rules('cilium-bbbbb'), '0:\tfrom all lookup local')] }] },
    {
      name: 'proxy rule gone on one node, IPsec rules on another',
      files: ipsec.files,
      findings: [
        { messageId: 'proxyMissing', data: { node: 'node-a', setting: "the agent's EnableL7Proxy: true" }, nodes: ['node-a'], evidence: [ipsec.at(rules('cilium-aaaaa'), '1:'), ipsec.at(agentFile('cilium-aaaaa', 'cmd/cilium-dbg-config--a.md'), 'EnableL7Proxy')] },
        { messageId: 'ipsecMissing', data: { node: 'node-c', marks: 'fwmark 0xd00/0xf00 and fwmark 0xe00/0xf00', setting: 'cilium-config enable-ipsec: true' }, nodes: ['node-c'], evidence: [ipsec.at(rules('cilium-ccccc'), '9:'), ipsec.at(`cilium-configmap-${TS}.yaml`, 'enable-ipsec')] },
      ],
    },
  ],
});
