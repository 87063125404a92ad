import check from '../../src/checks/iptables-cilium-chains-missing.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const ipt = (pod: string, variant = '') => agentFile(pod, `cmd/iptables${variant}-save--c.md`);
const strip = (text: string) => text.split('\n').filter((l) => !l.includes('CILIUM_')).join('\n');
// cilium/cilium#20123: the agent's rules went to iptables-legacy while the node uses nft.
const legacy = scenario({}, (f) => {
  const a = ipt('cilium-aaaaa');
  f[ipt('cilium-aaaaa', '-legacy')] = f[a] as string;
  f[a] = `# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n${strip(f[a] as string)}`;
});
const two = scenario({}, (f) => {
  const a = ipt('cilium-aaaaa');
  f[ipt('cilium-aaaaa', '-legacy')] = f[a] as string;
  f[a] = `# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n${strip(f[a] as string)}`;
  f[ipt('cilium-ccccc')] = strip(f[ipt('cilium-ccccc')] as string);
});

checkTester(check, {
  valid: [
    { name: 'Cilium chains in the active backend', files: scenario().files },
    {
      name: 'iptables rules turned off',
      files: scenario({}, (f) => {
        for (const p of ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc']) {
          f[ipt(p)] = strip(f[ipt(p)] as string);
          const c = agentFile(p, 'cmd/cilium-dbg-config--a.md');
          f[c] = (f[c] as string).replace(/^InstallIptRules( +): true$/m, 'InstallIptRules$1: false');
        }
      }).files,
    },
  ],
  invalid: [
    { name: 'rules in iptables-legacy on an nft node', files: legacy.files, findings: [{ messageId: 'otherBackend', data: { node: 'node-a', active: 'iptables-save--c.md', other: 'iptables-legacy-save--c.md' }, nodes: ['node-a'], evidence: [legacy.at(ipt('cilium-aaaaa'), '# Warning'), legacy.at(ipt('cilium-aaaaa', '-legacy'), ':CILIUM_')] }] },
    {
      name: 'legacy on one node, flushed on another',
      files: two.files,
      findings: [
        { messageId: 'otherBackend', data: { node: 'node-a' }, nodes: ['node-a'], evidence: [two.at(ipt('cilium-aaaaa'), '# Warning'), two.at(ipt('cilium-aaaaa', '-legacy'), ':CILIUM_')] },
        { messageId: 'none', data: { node: 'node-c', setting: "the agent's InstallIptRules: true" }, nodes: ['node-c'], evidence: [{ file: ipt('cilium-ccccc'), line: null }, two.at(agentFile('cilium-ccccc', 'cmd/cilium-dbg-config--a.md'), 'InstallIptRules')] },
      ],
    },
  ],
});
