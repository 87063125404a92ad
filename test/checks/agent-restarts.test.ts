import check from '../../src/checks/agent-restarts.js';
import { OPERATOR_POD } from '../../scripts/lib/render-k8s.js';
import { checkTester } from './tester.js';
import { type Case, scenario } from './scenario.js';

const PODS = 'k8s-pods-20241223-232727.yaml';
const log = (pod: string, container: string, prev = true) => `logs-${pod}-${container}-20241223-232727${prev ? '-prev' : ''}.log`;

// cilium/cilium#18191 (1.10–1.12 daemon/cmd/daemon_main.go): the agent exits at start-up on this option in tunnel mode.
const FATAL_CONFIG = 'level=fatal msg="install-no-conntrack-iptables-rules requires the agent to run in direct routing mode." subsys=daemon';
// cilium/cilium#28823: the config init container (cilium build-config, 1.14) cannot reach the API server's service IP.
const INIT_TIMEOUT = [
  'level=info msg="Establishing connection to apiserver" host="https://10.96.0.1:443" subsys=k8s-client',
  'level=error msg="Unable to contact k8s api-server" error="Get \\"https://10.96.0.1:443/api/v1/namespaces/kube-system\\": dial tcp 10.96.0.1:443: i/o timeout" ipAddr="https://10.96.0.1:443" subsys=k8s-client',
];
// A Cilium 1.11.1 operator on kind without kube-proxy (see test/parsers/fixtures/agent-logs/operator-apiserver-1.11/SOURCE).
const OPERATOR_FATAL = [
  'level=error msg="Unable to contact k8s api-server" error="Get \\"https://10.96.0.1:443/api/v1/namespaces/kube-system\\": dial tcp 10.96.0.1:443: connect: connection refused" ipAddr="https://10.96.0.1:443" subsys=k8s',
  'level=fatal msg="Unable to connect to Kubernetes apiserver" error="unable to create k8s client: unable to create k8s client: Get \\"https://10.96.0.1:443/api/v1/namespaces/kube-system\\": dial tcp 10.96.0.1:443: connect: connection refused" subsys=cilium-operator-generic',
];

/** The pod status lines a restart finding cites for one container, in the order it cites them. */
function statusLines(c: Case, pod: string, container: string, fields: readonly string[], specFirst?: string) {
  const within = [`  name: ${pod}`, ...(specFirst ? [specFirst] : [])];
  return fields.map((f) => {
    if (f === 'memoryLimit') return c.at(PODS, `  name: ${pod}`, 'memory:');
    const needle = { restartCount: 'restartCount:', 'state.reason': 'reason: CrashLoopBackOff', 'state.message': 'message: back-off', lastState: 'terminated:', 'lastState.reason': 'reason:', 'lastState.exitCode': 'exitCode:', 'lastState.finishedAt': 'finishedAt:' }[f] as string;
    // Fields of the status are found after the container's status block starts (its lastState comes first).
    const statusStart = container === 'cilium-agent' || container === 'cilium-operator' ? 'containerStatuses:' : 'initContainerStatuses:';
    return c.at(PODS, ...within, statusStart, ...(f.startsWith('lastState.') ? ['terminated:'] : []), needle);
  });
}

const two = scenario({ faults: [{ kind: 'agent-restarts', node: 'node-b', reason: 'OOMKilled', restarts: 3, limit: '500M' }, { kind: 'agent-restarts', node: 'node-c', reason: 'CrashLoopBackOff', restarts: 9 }] });
const once = scenario({ faults: [{ kind: 'agent-restarts', node: 'node-a', reason: 'Error', restarts: 1 }] });
const fatal = scenario({ faults: [{ kind: 'agent-restarts', node: 'node-b', reason: 'CrashLoopBackOff', restarts: 6, lines: ['level=info msg="Cilium 1.16.5 ad688277 2024-12-12T20:07:46+00:00 go version go1.22.10 linux/amd64" subsys=daemon', FATAL_CONFIG], finishedAt: '2024-12-23T23:21:05Z', startTime: '2024-12-23T23:02:11Z' }] });
const init = scenario({ faults: [{ kind: 'agent-restarts', node: 'node-c', reason: 'CrashLoopBackOff', restarts: 4, container: 'config', lines: INIT_TIMEOUT, finishedAt: '2024-12-23T23:20:48Z' }] });
const operator = scenario({ faults: [{ kind: 'operator-restarts', reason: 'CrashLoopBackOff', restarts: 5, lines: OPERATOR_FATAL, finishedAt: '2024-12-23T23:22:36Z' }] });

const CRASH = ['restartCount', 'state.reason', 'state.message', 'lastState', 'lastState.reason', 'lastState.exitCode', 'lastState.finishedAt'];

checkTester(check, {
  valid: [
    { name: 'no restarts', files: scenario().files },
    { name: 'one restart under a raised threshold', files: once.files, thresholds: { 'agent-restarts.minRestarts': 2 } },
  ],
  invalid: [
    {
      name: 'an OOM-killed agent with a memory limit and a crash-looping one',
      files: two.files,
      findings: [
        {
          messageId: 'oomKilled',
          data: { who: 'cilium-agent on node-b', pod: 'cilium-bbbbb', node: 'node-b', container: 'cilium-agent', restarts: 3, limit: '500M', looping: false, at: '2024-05-13 13:58:12 UTC' },
          nodes: ['node-b'],
          evidence: [...statusLines(two, 'cilium-bbbbb', 'cilium-agent', ['restartCount', 'lastState', 'lastState.reason', 'lastState.exitCode', 'lastState.finishedAt']), two.at(PODS, '  name: cilium-bbbbb', 'memory: 500M')],
        },
        {
          messageId: 'crashLooping',
          data: { pod: 'cilium-ccccc', node: 'node-c', restarts: 9, why: 'its last run ended with Error (exit code 1) at 2024-05-13 13:58:12 UTC, and the bundle has no log line that says why', fix: '' },
          nodes: ['node-c'],
          evidence: statusLines(two, 'cilium-ccccc', 'cilium-agent', CRASH),
        },
      ],
    },
    {
      name: 'a restart after an error exit',
      files: once.files,
      findings: [{ messageId: 'restarted', data: { restarts: 1, why: 'its last run ended with Error (exit code 1) at 2024-05-13 13:58:12 UTC, and the bundle has no log line that says why' }, nodes: ['node-a'], evidence: statusLines(once, 'cilium-aaaaa', 'cilium-agent', ['restartCount', 'lastState', 'lastState.reason', 'lastState.exitCode', 'lastState.finishedAt']) }],
    },
    {
      name: 'a crash loop on a fatal config error names the option and what to change',
      files: fatal.files,
      findings: [
        {
          messageId: 'crashLooping',
          data: {
            who: 'cilium-agent on node-b',
            restarts: 6,
            since: '2024-12-23 23:02:11 UTC',
            why: 'it exits with: install-no-conntrack-iptables-rules requires the agent to run in direct routing mode',
            fix: 'remove `install-no-conntrack-iptables-rules` (Helm `installNoConntrackIptablesRules=false`), or switch to native routing (`routing-mode: native` with `ipv4-native-routing-cidr`) if the network routes pod CIDRs',
          },
          nodes: ['node-b'],
          evidence: [...statusLines(fatal, 'cilium-bbbbb', 'cilium-agent', CRASH), fatal.at(log('cilium-bbbbb', 'cilium-agent'), 'level=fatal')],
        },
      ],
    },
    {
      name: 'the config init container cannot reach the API server',
      files: init.files,
      findings: [
        {
          messageId: 'crashLooping',
          data: { who: 'The config init container of the agent on node-c (cilium-ccccc)', container: 'config', restarts: 4, why: 'it exits with: Unable to contact k8s api-server: Get "https://10.96.0.1:443/api/v1/namespaces/kube-system": dial tcp 10.96.0.1:443: i/o timeout' },
          nodes: ['node-c'],
          evidence: [...statusLines(init, 'cilium-ccccc', 'config', CRASH), init.at(log('cilium-ccccc', 'config'), 'level=error')],
        },
      ],
    },
    {
      name: 'the operator exits because it cannot reach the API server',
      files: operator.files,
      findings: [
        {
          messageId: 'crashLooping',
          data: { who: `cilium-operator of ${OPERATOR_POD} on node-a`, restarts: 5, why: 'it exits with: Unable to connect to Kubernetes apiserver: unable to create k8s client: unable to create k8s client: Get "https://10.96.0.1:443/api/v1/namespaces/kube-system": dial tcp 10.96.0.1:443: connect: connection refused' },
          nodes: ['node-a'],
          evidence: [...statusLines(operator, OPERATOR_POD, 'cilium-operator', CRASH), operator.at(log(OPERATOR_POD, 'cilium-operator'), 'level=error'), operator.at(log(OPERATOR_POD, 'cilium-operator'), 'level=fatal')],
        },
      ],
    },
  ],
});
