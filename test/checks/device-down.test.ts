import check from '../../src/checks/device-down.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const link = (pod: string) => agentFile(pod, 'cmd/ip--d--s-l.md');
const host = scenario({ faults: [{ kind: 'device-down', node: 'node-a', device: 'cilium_host' }] });
const two = scenario({ routing: 'tunnel', faults: [{ kind: 'device-down', node: 'node-b', device: 'cilium_vxlan' }, { kind: 'device-down', node: 'node-b', device: 'eth0' }, { kind: 'device-down', node: 'node-c', device: 'lxc_health' }] });
const veth = scenario({}, (f) => {
  const file = link('cilium-ccccc');
  // One pod veth loses its UP flag: `<BROADCAST,MULTICAST,UP,LOWER_UP> … state UP` → `<BROADCAST,MULTICAST> … state DOWN`.
  const lines = (f[file] as string).split('\n');
  const i = lines.findIndex((l) => / lxc[0-9a-f]{12}@/.test(l));
  lines[i] = (lines[i] as string).replace(',UP,LOWER_UP', '').replace('state UP', 'state DOWN');
  f[file] = lines.join('\n');
});

checkTester(check, {
  valid: [
    { name: 'every device up', files: scenario().files },
    { name: 'tunnel device up in tunnel mode', files: scenario({ routing: 'tunnel' }).files },
  ],
  invalid: [
    { name: 'cilium_host down', files: host.files, findings: [{ messageId: 'down', data: { node: 'node-a', devices: 'cilium_host', count: 1 }, nodes: ['node-a'], evidence: [host.at(link('cilium-aaaaa'), ': cilium_host@')] }] },
    {
      name: 'tunnel and native device down on one node, health veth on another',
      files: two.files,
      findings: [
        { messageId: 'down', data: { node: 'node-b', devices: 'eth0 and cilium_vxlan', count: 2 }, nodes: ['node-b'], evidence: [two.at(link('cilium-bbbbb'), ': eth0:'), two.at(link('cilium-bbbbb'), ': cilium_vxlan:')] },
        { messageId: 'down', data: { node: 'node-c', devices: 'lxc_health' }, nodes: ['node-c'], evidence: [two.at(link('cilium-ccccc'), ': lxc_health@')] },
      ],
    },
    { name: 'one pod veth down', files: veth.files, findings: [{ messageId: 'vethsDown', data: { node: 'node-c', count: 1, total: 3 }, nodes: ['node-c'], evidence: [{ file: link('cilium-ccccc'), line: null }] }] },
  ],
});
