import check from '../../src/checks/kube-proxy-leftover.js';
import { checkTester } from './tester.js';
import { agentFile, scenario, TS } from './scenario.js';

const ipt = (pod: string) => agentFile(pod, 'cmd/iptables-save--c.md');
const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const pods = `k8s-pods-${TS}.txt`;
const one = scenario({ faults: [{ kind: 'kube-proxy-leftover', node: 'node-b', chains: 3 }] });
const two = scenario({ faults: [{ kind: 'kube-proxy-leftover', node: 'node-b', chains: 3 }, { kind: 'kube-proxy-leftover', node: 'node-c', chains: 5 }] }, (f) => {
  const lines = (f[pods] as string).trimEnd().split('\n');
  const cilium = lines.find((l) => l.includes('cilium-ccccc')) as string;
  lines.push(cilium.replace('cilium-ccccc', 'kube-proxy-q'));
  f[pods] = `${lines.join('\n')}\n`;
});
const kpr = (c: typeof one, pod: string) => c.at(debuginfo(pod), '"kube-proxy-replacement"', '"mode"');

checkTester(check, {
  valid: [
    { name: 'no kube-proxy rules', files: scenario().files },
    { name: 'kube-proxy running without kube-proxy replacement', files: scenario({ kpr: 'False' }).files },
  ],
  invalid: [
    { name: 'rules left after kube-proxy was removed', files: one.files, findings: [{ messageId: 'leftover', data: { node: 'node-b', chains: 3, mode: 'True', pod: '' }, nodes: ['node-b'], evidence: [one.at(ipt('cilium-bbbbb'), ':KUBE-SERVICES'), kpr(one, 'cilium-bbbbb')] }] },
    {
      name: 'leftovers on one node, kube-proxy still running on another',
      files: two.files,
      findings: [
        { messageId: 'leftover', data: { node: 'node-b', pod: '' }, nodes: ['node-b'], evidence: [two.at(ipt('cilium-bbbbb'), ':KUBE-SERVICES'), kpr(two, 'cilium-bbbbb')] },
        { messageId: 'leftover', data: { node: 'node-c', chains: 5, pod: 'kube-proxy-q' }, nodes: ['node-c'], evidence: [two.at(ipt('cilium-ccccc'), ':KUBE-SERVICES'), kpr(two, 'cilium-ccccc'), two.at(pods, 'kube-proxy-q')] },
      ],
    },
  ],
});
