import check from '../../src/checks/pod-cidr-mismatch.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const CN = 'ciliumnodes-20241223-232727.yaml';
const one = scenario({ faults: [{ kind: 'pod-cidr-mismatch', node: 'node-b', agentCidr: '10.0.9.0/24' }] });
const two = scenario({ faults: [{ kind: 'pod-cidr-mismatch', node: 'node-b', agentCidr: '10.0.9.0/24' }, { kind: 'pod-cidr-mismatch', node: 'node-c', agentCidr: '10.0.12.0/24' }] });
const nodeList = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-node-list--o-json.md');
/** The `alloc-range` line of a node in an agent's node list JSON (keys sorted: health, name, primary-address). */
const row = (c: typeof one, pod: string, node: string) => c.at(nodeList(pod), `"name": "${node}"`, '"alloc-range"');

checkTester(check, {
  valid: [
    { name: 'every source agrees', files: scenario().files },
    // In cluster-pool mode kube-controller-manager's Node podCIDRs are not Cilium's: not compared.
    {
      name: 'Kubernetes Node podCIDRs differ in cluster-pool mode',
      files: scenario({}, (f) => {
        const k = 'k8s-nodes-20241223-232727.yaml';
        f[k] = (f[k] as string).replaceAll('10.0.1.0/24', '10.244.7.0/24');
      }).files,
    },
  ],
  invalid: [
    {
      name: 'an agent that believes it has another CIDR than everyone says',
      files: one.files,
      findings: [
        {
          messageId: 'mismatch',
          data: { node: 'node-b', views: 'the CiliumNode and 2 other agents say 10.0.1.0/24; its own agent says 10.0.9.0/24' },
          nodes: ['node-b'],
          evidence: [one.at(CN, '  name: node-b', 'podCIDRs:', '- '), row(one, 'cilium-aaaaa', 'node-b'), row(one, 'cilium-ccccc', 'node-b'), row(one, 'cilium-bbbbb', 'node-b')],
        },
      ],
    },
    {
      name: 'two nodes with a stale own CIDR',
      files: two.files,
      findings: [
        { messageId: 'mismatch', nodes: ['node-b'], evidence: [two.at(CN, '  name: node-b', 'podCIDRs:', '- '), row(two, 'cilium-aaaaa', 'node-b'), row(two, 'cilium-ccccc', 'node-b'), row(two, 'cilium-bbbbb', 'node-b')] },
        { messageId: 'mismatch', nodes: ['node-c'], evidence: [two.at(CN, '  name: node-c', 'podCIDRs:', '- '), row(two, 'cilium-aaaaa', 'node-c'), row(two, 'cilium-bbbbb', 'node-c'), row(two, 'cilium-ccccc', 'node-c')] },
      ],
    },
  ],
});
