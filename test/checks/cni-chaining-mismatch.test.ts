import { readFileSync } from 'node:fs';
import check from '../../src/checks/cni-chaining-mismatch.js';
import { checkTester } from './tester.js';
import { scenario, TS } from './scenario.js';

const conf = (pod: string) => `cniconf-05-cilium.conflist-${pod}-${TS}.txt`;
const cm = `cilium-configmap-${TS}.yaml`;
// Cilium's own flannel chaining template (daemon/cmd/cni/config.go), as the parser fixture holds it.
const flannel = readFileSync(new URL('../parsers/fixtures/cni-conf/flannel-chaining/input.txt', import.meta.url), 'utf8');
const chained = scenario({}, (f) => {
  f[conf('cilium-aaaaa')] = flannel;
});
const aws = scenario({}, (f) => {
  f[cm] = (f[cm] as string).replace('  enable-hubble: "true"', '  cni-chaining-mode: aws-cni\n  enable-hubble: "true"');
});

checkTester(check, {
  valid: [
    { name: 'no chaining, cilium-cni alone', files: scenario().files },
    {
      name: 'flannel chaining configured and written',
      files: scenario({}, (f) => {
        for (const pod of ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc']) f[conf(pod)] = flannel;
        f[cm] = (f[cm] as string).replace('  enable-hubble: "true"', '  cni-chaining-mode: flannel\n  enable-hubble: "true"');
      }).files,
    },
  ],
  invalid: [
    { name: 'flannel in the chain while chaining is off', files: chained.files, findings: [{ messageId: 'unexpectedChain', data: { node: 'node-a', plugins: 'flannel', setting: 'none (the default)' }, nodes: ['node-a'], evidence: [chained.at(conf('cilium-aaaaa'), '"name"'), chained.at(conf('cilium-aaaaa'), '"type": "flannel"')] }] },
    {
      name: 'aws-cni chaining set but no node chains',
      files: aws.files,
      findings: ['aaaaa', 'bbbbb', 'ccccc'].map((p) => ({ messageId: 'notChained', data: { mode: 'aws-cni', setting: 'cilium-config cni-chaining-mode: aws-cni' }, nodes: [`node-${p[0]}`], evidence: [aws.at(conf(`cilium-${p}`), '"name"'), aws.at(cm, 'cni-chaining-mode')] })),
    },
  ],
});
