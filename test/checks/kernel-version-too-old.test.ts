import check from '../../src/checks/kernel-version-too-old.js';
import { checkTester } from './tester.js';
import { agentFile, scenario, TS } from './scenario.js';

const uname = (pod: string) => agentFile(pod, 'cmd/uname--a.md');
const cm = `cilium-configmap-${TS}.yaml`;
const old = scenario({ faults: [{ kind: 'kernel-old', node: 'node-b', release: '4.19.0-26-amd64' }] });
// node-c on 5.4 meets 1.16's base but not the bandwidth manager's 5.1… it does; WireGuard's 5.6 it does not.
const wg = scenario({ faults: [{ kind: 'kernel-old', node: 'node-a', release: '4.19.0-26-amd64' }, { kind: 'kernel-old', node: 'node-c', release: '5.4.0-150-generic' }] }, (f) => {
  f[cm] = (f[cm] as string).replace('  enable-hubble: "true"', '  enable-hubble: "true"\n  enable-wireguard: "true"');
});

checkTester(check, {
  valid: [
    { name: 'every node on a 6.1 kernel', files: scenario().files },
    // 1.13 needed only 4.9.17.
    { name: 'a 4.19 kernel under Cilium 1.13', files: scenario({ cilium: '1.13.4', faults: [{ kind: 'kernel-old', node: 'node-a', release: '4.19.0-26-amd64' }] }).files },
    { name: 'RHEL 8.6 kernel counts as 5.4', files: scenario({ faults: [{ kind: 'kernel-old', node: 'node-a', release: '4.18.0-372.9.1.el8.x86_64' }] }).files },
  ],
  invalid: [
    { name: 'a 4.19 kernel under Cilium 1.16', files: old.files, findings: [{ messageId: 'belowBase', data: { node: 'node-b', kernel: '4.19.0-26-amd64', min: '5.4.0', version: '1.16.5' }, nodes: ['node-b'], evidence: [old.at(uname('cilium-bbbbb'), 'Linux')] }] },
    {
      name: 'one node below the base, another below WireGuard',
      files: wg.files,
      findings: [
        { messageId: 'belowBase', data: { node: 'node-a' }, nodes: ['node-a'], evidence: [wg.at(uname('cilium-aaaaa'), 'Linux')] },
        { messageId: 'belowFeature', data: { node: 'node-c', feature: 'WireGuard encryption', min: '5.6.0' }, nodes: ['node-c'], evidence: [wg.at(uname('cilium-ccccc'), 'Linux'), wg.at(cm, 'enable-wireguard')] },
      ],
    },
  ],
});
