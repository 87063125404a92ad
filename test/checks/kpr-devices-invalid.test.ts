import check from '../../src/checks/kpr-devices-invalid.js';
import { checkTester, type Files } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const debuginfo = (pod: string) => agentFile(pod, 'cmd/cilium-debuginfo-20241223-232727.337+0000-UTC.json');
const link = (pod: string) => agentFile(pod, 'cmd/ip--d--s-l.md');
/** Adds a device to an agent's kube-proxy replacement device list in its debuginfo status. */
const addDevice = (f: Record<string, string>, pod: string, name: string) => {
  const file = debuginfo(pod);
  f[file] = (f[file] as string).replace(/("deviceList": \[\n)/, `$1        {\n          "ip": [],\n          "name": "${name}"\n        },\n`);
};
const ipvs = scenario({}, (f) => addDevice(f, 'cilium-aaaaa', 'kube-ipvs0'));
const mixed = scenario({ faults: [{ kind: 'device-down', node: 'node-b', device: 'eth0' }] }, (f) => addDevice(f, 'cilium-ccccc', 'eth1'));
const kpr = (c: { at: (file: string, ...n: string[]) => { file: string; line: number | null } }, pod: string) => c.at(debuginfo(pod), '"kube-proxy-replacement"', '"mode"');

checkTester(check, {
  valid: [
    { name: 'eth0 on every node', files: scenario().files },
    { name: 'kube-proxy replacement off', files: scenario({ kpr: 'False' }).files as Files },
  ],
  invalid: [
    { name: 'kube-ipvs0 in the device list', files: ipvs.files, findings: [{ messageId: 'notNative', data: { node: 'node-a', bad: 'kube-ipvs0', devices: 'kube-ipvs0 eth0', setting: '' } , nodes: ['node-a'], evidence: [kpr(ipvs, 'cilium-aaaaa')] }, { messageId: 'differs', data: { devices: 'eth0 kube-ipvs0', majority: 'eth0' }, nodes: ['node-a'], evidence: [kpr(ipvs, 'cilium-aaaaa'), kpr(ipvs, 'cilium-bbbbb')] }] },
    {
      name: 'the uplink down on one node, an extra device on another',
      files: mixed.files,
      findings: [
        { messageId: 'down', data: { node: 'node-b', bad: 'eth0' }, nodes: ['node-b'], evidence: [kpr(mixed, 'cilium-bbbbb'), mixed.at(link('cilium-bbbbb'), ': eth0:')] },
        { messageId: 'differs', data: { devices: 'eth0 eth1', count: 1 }, nodes: ['node-c'], evidence: [kpr(mixed, 'cilium-ccccc'), kpr(mixed, 'cilium-aaaaa')] },
      ],
    },
  ],
});
