import check from '../../src/checks/sysctl-rp-filter.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const sysctl = (pod: string) => agentFile(pod, 'cmd/sysctl--a.md');
// The systemd 245 incident (cilium/cilium#10645): every new interface gets rp_filter = 2.
const systemd = scenario({ faults: [{ kind: 'sysctl', node: 'node-b', key: 'net.ipv4.conf.lxc*.rp_filter', value: '2' }, { kind: 'sysctl', node: 'node-b', key: 'net.ipv4.conf.cilium_host.rp_filter', value: '2' }] });
const two = scenario({ faults: [{ kind: 'sysctl', node: 'node-a', key: 'net.ipv4.conf.all.rp_filter', value: '1' }, { kind: 'sysctl', node: 'node-c', key: 'net.ipv4.conf.lxc_health.rp_filter', value: '1' }] });

checkTester(check, {
  valid: [
    { name: 'rp_filter 0 on Cilium devices', files: scenario().files },
    // Loose mode on the native device is common and not Cilium's business (DSR aside).
    { name: 'rp_filter 2 on eth0 only', files: scenario({ faults: [{ kind: 'sysctl', node: 'node-a', key: 'net.ipv4.conf.eth0.rp_filter', value: '1' }] }).files },
  ],
  invalid: [
    {
      name: 'systemd 245 set every pod veth and cilium_host to 2',
      files: systemd.files,
      findings: [
        {
          messageId: 'rpFilter',
          data: { node: 'node-b', devices: 'cilium_host and all of 4 pod veths', values: 'rp_filter = 2' },
          nodes: ['node-b'],
          evidence: [systemd.at(sysctl('cilium-bbbbb'), 'net.ipv4.conf.cilium_host.rp_filter'), systemd.at(sysctl('cilium-bbbbb'), 'net.ipv4.conf.lxc', '.rp_filter'), systemd.at(sysctl('cilium-bbbbb'), 'net.ipv4.conf.lxc', '.rp_filter', 'net.ipv4.conf.lxc', '.rp_filter'), systemd.at(sysctl('cilium-bbbbb'), 'net.ipv4.conf.lxc', '.rp_filter', 'net.ipv4.conf.lxc', '.rp_filter', 'net.ipv4.conf.lxc', '.rp_filter')],
        },
      ],
    },
    {
      name: 'conf.all strict on one node, the health veth on another',
      files: two.files,
      findings: [
        { messageId: 'rpFilter', data: { node: 'node-a', devices: 'conf.all', values: 'rp_filter = 1' }, nodes: ['node-a'], evidence: [two.at(sysctl('cilium-aaaaa'), 'net.ipv4.conf.all.rp_filter')] },
        { messageId: 'rpFilter', data: { node: 'node-c', devices: '1 of 4 pod veths' }, nodes: ['node-c'], evidence: [two.at(sysctl('cilium-ccccc'), 'net.ipv4.conf.lxc_health.rp_filter')] },
      ],
    },
  ],
});
