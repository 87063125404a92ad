import check from '../../src/checks/pod-not-managed.js';
import { checkTester } from './tester.js';
import { scenario, TS } from './scenario.js';

const pods = `k8s-pods-${TS}.txt`;
/** Adds a row to the pods table, aligned with the others as kubectl's tabwriter would. */
const addPod = (f: Record<string, string>, ns: string, name: string, ip: string, node: string) => {
  const lines = (f[pods] as string).trimEnd().split('\n');
  const cols = [...(lines[0] as string).matchAll(/\S+(?: \S+)*/g)].map((m) => m.index ?? 0);
  const cells = [ns, name, '1/1', 'Running', '0', '3d', ip, node, '<none>', '<none>'];
  lines.push(cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd((cols[i + 1] as number) - (cols[i] as number)))).join(''));
  f[pods] = `${lines.join('\n')}\n`;
};
// A pod wired by flannel (10.244.x) before Cilium was installed.
const one = scenario({}, (f) => addPod(f, 'default', 'legacy-app-7d9f', '10.244.1.17', 'node-b'));
const two = scenario({}, (f) => {
  addPod(f, 'default', 'legacy-app-7d9f', '10.244.1.17', 'node-b');
  addPod(f, 'shop', 'cart-old-5b2', '10.244.2.9', 'node-c');
  addPod(f, 'shop', 'cart-old-8k1', '10.244.2.10', 'node-c');
  // hostNetwork pods use the node's address: not a finding.
  addPod(f, 'kube-system', 'kube-proxy-x2', '10.10.0.13', 'node-c');
});

checkTester(check, {
  valid: [
    { name: 'every pod has a CiliumEndpoint', files: scenario().files },
    { name: 'a hostNetwork pod', files: scenario({}, (f) => addPod(f, 'kube-system', 'node-exporter-9k', '10.10.0.11', 'node-a')).files },
  ],
  invalid: [
    { name: 'one pod from the previous CNI', files: one.files, findings: [{ messageId: 'unmanaged', data: { node: 'node-b', count: 1 }, nodes: ['node-b'], evidence: [one.at(pods, 'legacy-app-7d9f')] }] },
    {
      name: 'pods on two nodes',
      files: two.files,
      findings: [
        { messageId: 'unmanaged', data: { node: 'node-b', count: 1 }, nodes: ['node-b'], evidence: [two.at(pods, 'legacy-app-7d9f')] },
        { messageId: 'unmanaged', data: { node: 'node-c', count: 2, pods: 'shop/cart-old-5b2 10.244.2.9 and shop/cart-old-8k1 10.244.2.10' }, nodes: ['node-c'], evidence: [two.at(pods, 'cart-old-5b2'), two.at(pods, 'cart-old-8k1')] },
      ],
    },
  ],
});
