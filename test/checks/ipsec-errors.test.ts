import check from '../../src/checks/ipsec-errors.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const last = (pod: string) => agentFile(pod, 'cmd/cat--u--proc-net-xfrm_stat.md');
const growing = scenario({ encryption: 'ipsec', faults: [{ kind: 'ipsec-errors', node: 'node-b', counter: 'XfrmInNoStates', first: 1834, last: 1871 }] });
const two = scenario({
  encryption: 'ipsec',
  faults: [
    { kind: 'ipsec-errors', node: 'node-a', counter: 'XfrmInStateProtoError', first: 12, last: 12 },
    { kind: 'ipsec-errors', node: 'node-c', counter: 'XfrmOutStateSeqError', first: 40, last: 95 },
    // Benign and flat: not reported.
    { kind: 'ipsec-errors', node: 'node-c', counter: 'XfrmFwdHdrError', first: 3, last: 3 },
  ],
});

checkTester(check, {
  valid: [
    { name: 'IPsec without errors', files: scenario({ encryption: 'ipsec' }).files },
    { name: 'errors but IPsec off', files: scenario({ faults: [{ kind: 'ipsec-errors', node: 'node-b', counter: 'XfrmInNoStates', first: 5, last: 9 }] }).files },
    { name: 'a benign counter that does not grow', files: scenario({ encryption: 'ipsec', faults: [{ kind: 'ipsec-errors', node: 'node-b', counter: 'XfrmInError', first: 5, last: 5 }] }).files },
    // 1.14 has one sample only: a flat benign counter stays silent there too.
    { name: 'one sample on 1.14', files: scenario({ cilium: '1.14.8', encryption: 'ipsec', faults: [{ kind: 'ipsec-errors', node: 'node-b', counter: 'XfrmFwdHdrError', first: 5, last: 5 }] }).files },
  ],
  invalid: [
    { name: 'XfrmInNoStates growing on one node', files: growing.files, findings: [{ messageId: 'growing', data: { node: 'node-b', counters: 'XfrmInNoStates grew by 37 to 1871', spread: '; no other of the 3 IPsec nodes shows XfrmInNoStates' }, nodes: ['node-b'], evidence: [growing.at(last('cilium-bbbbb'), 'XfrmInNoStates')] }] },
    {
      name: 'an old proto error on one node, sequence numbers running out on another',
      files: two.files,
      findings: [
        { messageId: 'past', data: { node: 'node-a', counters: 'XfrmInStateProtoError 12' }, nodes: ['node-a'], evidence: [two.at(last('cilium-aaaaa'), 'XfrmInStateProtoError')] },
        { messageId: 'growing', data: { node: 'node-c', counters: 'XfrmOutStateSeqError grew by 55 to 95' }, nodes: ['node-c'], evidence: [two.at(last('cilium-ccccc'), 'XfrmOutStateSeqError')] },
      ],
    },
  ],
});
