import check from '../../src/checks/service-stale-frontend.js';
import { checkTester } from './tester.js';
import { agentFile, scenario, TS } from './scenario.js';

const services = `k8s-services-${TS}.yaml`;
const slices = `k8s-endpointslices-${TS}.yaml`;
const list = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-service-list--o-json.md');
const pods = ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc'];
/** Deletes one Service from the Kubernetes list: the agents still have its frontend. */
const deleteService = (f: Record<string, string>, name: string) => {
  const text = f[services] as string;
  const start = text.indexOf(`- metadata:\n    name: ${name}\n`);
  const next = text.indexOf('\n- metadata:', start + 1);
  f[services] = text.slice(0, start) + text.slice(next + 1);
};
const one = scenario({}, (f) => deleteService(f, 'web'));
// `api` lost a backend in Kubernetes (its slice no longer lists 10.0.1.20) while the agents keep it.
const two = scenario({}, (f) => {
  deleteService(f, 'web');
  f[slices] = (f[slices] as string).replace('  - addresses:\n    - 10.0.1.20\n', '');
});
const frontend = (c: ReturnType<typeof scenario>, pod: string, ip: string) => c.at(list(pod), `"ip": "${ip}"`);

checkTester(check, {
  valid: [{ name: 'agents and Kubernetes agree', files: scenario().files }],
  invalid: [
    { name: 'a deleted Service still balanced everywhere', files: one.files, findings: [{ messageId: 'staleFrontend', data: { frontend: '10.96.0.10:80', type: 'ClusterIP', count: 3, total: 3 }, nodes: ['node-a', 'node-b', 'node-c'], evidence: pods.map((p) => frontend(one, p, '10.96.0.10')) }] },
    {
      name: 'a stale frontend and a stale backend',
      files: two.files,
      findings: [
        { messageId: 'staleFrontend', data: { frontend: '10.96.0.10:80' }, nodes: ['node-a', 'node-b', 'node-c'], evidence: pods.map((p) => frontend(two, p, '10.96.0.10')) },
        { messageId: 'staleBackends', data: { service: 'default/api', backends: '10.0.1.20', agents: 'every agent (3)' }, nodes: ['node-a', 'node-b', 'node-c'], evidence: pods.map((p) => frontend(two, p, '10.96.0.11')) },
      ],
    },
  ],
});
