import check from '../../src/checks/tunnel-endpoint-stale.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const ipcache = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-bpf-ipcache-list.md');
const tunnel = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-bpf-tunnel-list.md');
/** A removed node whose pods node-a and node-b still route to (a row each in their ipcache and tunnel map). */
const gone = (pods: string[], ip: string) => (f: Record<string, string>) => {
  for (const p of pods) {
    f[ipcache(p)] = `${f[ipcache(p)]}10.0.9.23/32        identity=31337 encryptkey=0 tunnelendpoint=${ip}, flags=<none>\n`;
    f[tunnel(p)] = `${f[tunnel(p)]}10.0.9.0            ${ip}:0\n`;
  }
};
const one = scenario({ routing: 'tunnel' }, gone(['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc'], '10.10.0.99'));
const two = scenario({ routing: 'tunnel' }, (f) => {
  gone(['cilium-aaaaa', 'cilium-bbbbb'], '10.10.0.99')(f);
  gone(['cilium-ccccc'], '10.10.0.98')(f);
});
const at = (c: ReturnType<typeof scenario>, pod: string, ip: string) => c.at(ipcache(pod), `tunnelendpoint=${ip},`);

checkTester(check, {
  valid: [{ name: 'tunnel entries to known nodes', files: scenario({ routing: 'tunnel' }).files }, { name: 'native routing', files: scenario().files }],
  invalid: [
    { name: 'every agent routes to a removed node', files: one.files, findings: [{ messageId: 'stale', data: { ip: '10.10.0.99', entries: 2, maps: 'ipcache and tunnel map', count: 3, total: 3 }, nodes: ['node-a', 'node-b', 'node-c'], evidence: [at(one, 'cilium-aaaaa', '10.10.0.99'), at(one, 'cilium-bbbbb', '10.10.0.99'), at(one, 'cilium-ccccc', '10.10.0.99')] }] },
    {
      name: 'two stale addresses on different agents',
      files: two.files,
      findings: [
        { messageId: 'stale', data: { ip: '10.10.0.98', count: 1 }, nodes: ['node-c'], evidence: [at(two, 'cilium-ccccc', '10.10.0.98')] },
        { messageId: 'stale', data: { ip: '10.10.0.99', count: 2, agents: 'node-a and node-b' }, nodes: ['node-a', 'node-b'], evidence: [at(two, 'cilium-aaaaa', '10.10.0.99'), at(two, 'cilium-bbbbb', '10.10.0.99')] },
      ],
    },
  ],
});
