import check from '../../src/checks/service-inconsistent.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const list = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-service-list--o-json.md');
/** The frontend address line of a service in an agent's service list JSON (the record's line). */
function specLine(c: ReturnType<typeof scenario>, pod: string, ip: string) {
  return c.at(list(pod), '"frontend-address"', `"ip": "${ip}"`);
}

// node-c's agent lost one backend of the `api` service (10.96.0.11): a stuck EndpointSlice watch.
const lost = scenario({}, (f) => {
  const file = list('cilium-ccccc');
  const text = f[file] as string;
  const service = text.indexOf('"ip": "10.96.0.11"');
  const start = text.lastIndexOf('"backend-addresses": [', service);
  const first = text.indexOf('{', start);
  const next = text.indexOf('{', text.indexOf('}', first));
  f[file] = text.slice(0, first) + text.slice(next);
});
const both = scenario({}, (f) => {
  const c = list('cilium-ccccc');
  const text = f[c] as string;
  const service = text.indexOf('"ip": "10.96.0.11"');
  const start = text.lastIndexOf('"backend-addresses": [', service);
  const first = text.indexOf('{', start);
  const next = text.indexOf('{', text.indexOf('}', first));
  f[c] = text.slice(0, first) + text.slice(next);
  // node-a's agent still has a service deleted everywhere else: its entry is renamed to a frontend only it has.
  const a = list('cilium-aaaaa');
  f[a] = (f[a] as string).replace('"ip": "10.96.0.12"', '"ip": "10.96.9.99"');
});

checkTester(check, {
  valid: [{ name: 'every agent load-balances alike', files: scenario().files }],
  invalid: [
    {
      name: 'one agent with a backend fewer',
      files: lost.files,
      findings: [{ messageId: 'backends', data: { nodes: 'node-c', count: 2 }, nodes: ['node-c'], evidence: [{ file: list('cilium-ccccc'), line: specLine(lost, 'cilium-ccccc', '10.96.0.11').line }, { file: list('cilium-aaaaa'), line: specLine(lost, 'cilium-aaaaa', '10.96.0.11').line }] }],
    },
    {
      name: 'a backend fewer on one agent and a frontend only another has',
      files: both.files,
      findings: [
        { messageId: 'backends', nodes: ['node-c'], evidence: [{ file: list('cilium-ccccc'), line: specLine(both, 'cilium-ccccc', '10.96.0.11').line }, { file: list('cilium-aaaaa'), line: specLine(both, 'cilium-aaaaa', '10.96.0.11').line }] },
        { messageId: 'missingFrontend', data: { frontend: 'ClusterIP 10.96.0.12:80', nodes: 'node-a', count: 2 }, nodes: ['node-a'], evidence: [{ file: list('cilium-bbbbb'), line: specLine(both, 'cilium-bbbbb', '10.96.0.12').line }] },
        { messageId: 'extraFrontend', data: { frontend: 'ClusterIP 10.96.9.99:80', nodes: 'node-a', count: 2 }, nodes: ['node-a'], evidence: [{ file: list('cilium-aaaaa'), line: specLine(both, 'cilium-aaaaa', '10.96.9.99').line }] },
      ],
    },
  ],
});
