import check from '../../src/checks/log-errors.js';
import { checkTester } from './tester.js';
import { scenario } from './scenario.js';

const log = (pod: string) => `logs-${pod}-cilium-agent-20241223-232727.log`;
const one = scenario({ faults: [{ kind: 'log-errors', node: 'node-a', count: 3 }] });
const fatal = scenario({ faults: [{ kind: 'log-errors', node: 'node-a', count: 3 }] }, (f) => {
  f[log('cilium-ccccc')] = `${f[log('cilium-ccccc')]}2024-05-13T13:59:01.000000000Z level=fatal msg="Unable to initialize BPF map" error="map cilium_ct4_global: operation not permitted" subsys=daemon\n`;
});

checkTester(check, {
  valid: [{ name: 'info lines only', files: scenario().files }],
  invalid: [
    { name: 'repeats of one error count once', files: one.files, findings: [{ messageId: 'errors', data: { count: 2, agents: '"node-a" (2)' }, nodes: ['node-a'], evidence: [one.at(log('cilium-aaaaa'), 'level=error')] }] },
    {
      name: 'an error signature and a fatal one on another agent',
      files: fatal.files,
      findings: [
        { messageId: 'errors', nodes: ['node-a'], evidence: [fatal.at(log('cilium-aaaaa'), 'level=error')] },
        { messageId: 'fatal', data: { signature: 'Unable to initialize BPF map: map cilium_ct4_global: operation not permitted', count: 1 }, nodes: ['node-c'], evidence: [fatal.at(log('cilium-ccccc'), 'level=fatal')] },
      ],
    },
  ],
});
