import check from '../../src/checks/log-errors.js';
import { OPERATOR_POD } from '../../scripts/lib/render-k8s.js';
import { checkTester } from './tester.js';
import { scenario } from './scenario.js';

const log = (pod: string, container = 'cilium-agent', prev = false) => `logs-${pod}-${container}-20241223-232727${prev ? '-prev' : ''}.log`;
const one = scenario({ faults: [{ kind: 'log-errors', node: 'node-a', count: 3 }] });
const fatal = scenario({ faults: [{ kind: 'log-errors', node: 'node-a', count: 3 }] }, (f) => {
  f[log('cilium-ccccc')] = `${f[log('cilium-ccccc')]}2024-05-13T13:59:01.000000000Z level=fatal msg="Unable to initialize BPF map" error="map cilium_ct4_global: operation not permitted" subsys=daemon\n`;
});
// cilium/cilium#22546 (1.12.4): a warning nobody lists as decisive is counted, not reported.
const warning = scenario({ faults: [{ kind: 'log-lines', node: 'node-b', lines: ['level=warning msg="Failed to install iptables rules" error="unable to run \'iptables -t filter -S\' iptables command: exit status 1 stderr=\\"Can\'t find library for match `iface\'\\\\n\\"" subsys=iptables'] }] });
// cilium/cilium#18191: a crash-looping agent's fatal line, which the kubelet serves as both its current and previous log.
const FATAL_CONFIG = 'level=fatal msg="install-no-conntrack-iptables-rules requires the agent to run in direct routing mode." subsys=daemon';
const looping = scenario({ faults: [{ kind: 'agent-restarts', node: 'node-c', reason: 'CrashLoopBackOff', restarts: 6, lines: [FATAL_CONFIG] }] });
// cilium/cilium#19279 (1.11): an endpoint's policy map is full; the operator of a kind cluster without kube-proxy.
const POLICY_MAP_FULL = 'level=error msg="Failed to add PolicyMap key" bpfMapKey="{40592 0 0 0}" containerID=676d266ba7 datapathPolicyRevision=0 desiredPolicyRevision=4 endpointID=2913 error="Unable to update element for cilium_policy_02913 map with file descriptor 245: the map is full, please consider resizing it. argument list too long" identity=21047 ipv4=10.0.1.92 ipv6= k8sPodName=flux-system/notification-controller-7dd8bdf67-n6j2x port=0 subsys=endpoint';
const OPERATOR_FATAL = 'level=fatal msg="Unable to connect to Kubernetes apiserver" error="unable to create k8s client: unable to create k8s client: Get \\"https://10.96.0.1:443/api/v1/namespaces/kube-system\\": dial tcp 10.96.0.1:443: connect: connection refused" subsys=cilium-operator-generic';
const knownTwo = scenario({
  faults: [
    { kind: 'log-lines', node: 'node-b', lines: [POLICY_MAP_FULL, POLICY_MAP_FULL.replace('{40592 0 0 0}', '{7307 0 0 0}')] },
    { kind: 'operator-restarts', reason: 'CrashLoopBackOff', restarts: 3, lines: [OPERATOR_FATAL] },
  ],
});

checkTester(check, {
  valid: [
    { name: 'info lines only', files: scenario().files },
    { name: 'a warning the knowledge base does not call decisive', files: warning.files },
  ],
  invalid: [
    { name: 'repeats of one error count once', files: one.files, findings: [{ messageId: 'errors', data: { count: 2, perNode: { 'node-a': 2 }, component: 'cilium-agent', where: 'node-a' }, nodes: ['node-a'], evidence: [one.at(log('cilium-aaaaa'), 'level=error')] }] },
    {
      name: 'an error signature and a fatal one on another agent',
      files: fatal.files,
      findings: [
        { messageId: 'errors', nodes: ['node-a'], evidence: [fatal.at(log('cilium-aaaaa'), 'level=error')] },
        { messageId: 'fatal', data: { signature: 'Unable to initialize BPF map: map cilium_ct4_global: operation not permitted', count: 1, span: ' at 2024-05-13 13:59:01 UTC' }, nodes: ['node-c'], evidence: [fatal.at(log('cilium-ccccc'), 'level=fatal')] },
      ],
    },
    {
      name: 'the same fatal line in the previous and the current log counts once',
      files: looping.files,
      findings: [{ messageId: 'knownError', data: { count: 1, message: 'install-no-conntrack-iptables-rules requires the agent to run in direct routing mode' }, nodes: ['node-c'], evidence: [looping.at(log('cilium-ccccc'), 'level=fatal')] }],
    },
    {
      name: 'known messages of the agent and the operator come with their meaning and fix',
      files: knownTwo.files,
      findings: [
        {
          messageId: 'knownError',
          data: { component: 'cilium-agent', where: 'node-b', count: 2, title: 'An endpoint\'s BPF policy map is full', message: 'Failed to add PolicyMap key: Unable to update element for cilium_policy_02913 map with file descriptor 245: the map is full, please consider resizing it. argument list too long' },
          nodes: ['node-b'],
          evidence: [knownTwo.at(log('cilium-bbbbb'), 'Failed to add PolicyMap key')],
        },
        {
          messageId: 'knownError',
          data: { component: 'cilium-operator', where: 'node-a', count: 1, title: 'The operator exits because it cannot reach the Kubernetes API server' },
          nodes: ['node-a'],
          evidence: [knownTwo.at(log(OPERATOR_POD, 'cilium-operator'), 'level=fatal')],
        },
      ],
    },
  ],
});
