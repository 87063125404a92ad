import check from '../../src/checks/sysctl-forwarding-off.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const sysctl = (pod: string) => agentFile(pod, 'cmd/sysctl--a.md');
const off = scenario({ faults: [{ kind: 'sysctl', node: 'node-c', key: 'net.ipv4.ip_forward', value: '0' }] });
const two = scenario({ faults: [{ kind: 'sysctl', node: 'node-a', key: 'net.ipv4.conf.cilium_host.forwarding', value: '0' }, { kind: 'sysctl', node: 'node-b', key: 'net.ipv4.conf.lxc*.forwarding', value: '0' }] });

checkTester(check, {
  valid: [
    { name: 'forwarding on', files: scenario().files },
    { name: 'forwarding off on a device Cilium does not own', files: scenario({ faults: [{ kind: 'sysctl', node: 'node-a', key: 'net.ipv4.conf.eth0.forwarding', value: '0' }] }).files },
  ],
  invalid: [
    { name: 'ip_forward off on one node', files: off.files, findings: [{ messageId: 'off', data: { node: 'node-c', keys: 'net.ipv4.ip_forward' }, nodes: ['node-c'], evidence: [off.at(sysctl('cilium-ccccc'), 'net.ipv4.ip_forward')] }] },
    {
      name: 'cilium_host on one node, the pod veths on another',
      files: two.files,
      findings: [
        { messageId: 'off', data: { node: 'node-a', keys: 'net.ipv4.conf.cilium_host.forwarding' }, nodes: ['node-a'], evidence: [two.at(sysctl('cilium-aaaaa'), 'net.ipv4.conf.cilium_host.forwarding')] },
        {
          messageId: 'off',
          data: { node: 'node-b', keys: 'forwarding of 4 pod veths' },
          nodes: ['node-b'],
          evidence: [1, 2, 3, 4].map((k) => two.at(sysctl('cilium-bbbbb'), ...Array<string[]>(k).fill(['net.ipv4.conf.lxc', '.forwarding']).flat())),
        },
      ],
    },
  ],
});
