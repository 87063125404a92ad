import check from '../../src/checks/cni-config-conflict.js';
import { checkTester } from './tester.js';
import { scenario, TS } from './scenario.js';

const conf = (file: string, pod: string) => `cniconf-${file}-${pod}-${TS}.txt`;
const multus = scenario({ faults: [{ kind: 'cni-conflict', node: 'node-b', file: '00-multus.conf' }] });
const two = scenario({ faults: [{ kind: 'cni-conflict', node: 'node-a', file: '01-flannel.conflist' }] }, (f) => {
  // node-c's Cilium file is gone and a bridge configuration is all that is left.
  delete f[conf('05-cilium.conflist', 'cilium-ccccc')];
  f[conf('87-podman-bridge.conflist', 'cilium-ccccc')] = '{\n  "cniVersion": "0.4.0",\n  "name": "podman",\n  "plugins": [\n    {\n      "type": "bridge",\n      "bridge": "cni-podman0"\n    }\n  ]\n}\n';
});

checkTester(check, {
  valid: [
    { name: 'only Cilium\'s configuration', files: scenario().files },
    { name: 'another CNI sorting after Cilium\'s', files: scenario({ faults: [{ kind: 'cni-conflict', node: 'node-a', file: '10-calico.conflist' }] }).files },
    { name: 'a renamed backup before Cilium\'s', files: scenario({ faults: [{ kind: 'cni-conflict', node: 'node-a', file: '00-calico.conflist.cilium_bak' }] }).files },
  ],
  invalid: [
    { name: 'multus sorts first', files: multus.files, findings: [{ messageId: 'shadowed', data: { node: 'node-b', first: '00-multus.conf', type: 'multus', cilium: '05-cilium.conflist' }, nodes: ['node-b'], evidence: [multus.at(conf('00-multus.conf', 'cilium-bbbbb'), '"name"'), multus.at(conf('05-cilium.conflist', 'cilium-bbbbb'), '"name"')] }] },
    {
      name: 'flannel first on one node, no Cilium file on another',
      files: two.files,
      findings: [
        { messageId: 'shadowed', data: { node: 'node-a', first: '01-flannel.conflist', type: 'flannel' }, nodes: ['node-a'], evidence: [two.at(conf('01-flannel.conflist', 'cilium-aaaaa'), '"name"'), two.at(conf('05-cilium.conflist', 'cilium-aaaaa'), '"name"')] },
        { messageId: 'noCilium', data: { node: 'node-c', files: '87-podman-bridge.conflist' }, nodes: ['node-c'], evidence: [two.at(conf('87-podman-bridge.conflist', 'cilium-ccccc'), '"name"')] },
      ],
    },
  ],
});
