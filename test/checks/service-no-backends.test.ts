import check from '../../src/checks/service-no-backends.js';
import { checkTester } from './tester.js';
import { agentFile, scenario } from './scenario.js';

const list = (pod: string) => agentFile(pod, 'cmd/cilium-dbg-service-list--o-json.md');
const SLICES = 'k8s-endpointslices-20241223-232727.yaml';
/** The frontend address line of a service in each agent's service list JSON. */
function frontendLines(c: ReturnType<typeof scenario>, ip: string) {
  return ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc'].map((pod) => c.at(list(pod), '"frontend-address"', `"ip": "${ip}"`));
}

// The `api` service scaled to zero: no backend anywhere, and Kubernetes agrees.
const scaled = scenario({ faults: [{ kind: 'service-no-backends', service: 'api' }] });
// `api` scaled to zero, and every agent lost `web`'s only backend while Kubernetes still has it ready.
const lagging = scenario({ faults: [{ kind: 'service-no-backends', service: 'api' }] }, (f) => {
  for (const pod of ['cilium-aaaaa', 'cilium-bbbbb', 'cilium-ccccc']) {
    f[list(pod)] = (f[list(pod)] as string).replace(/"backend-addresses": \[\s*\{[^}]*"ip": "10\.0\.0\.20"[^}]*\}\s*\]/, '"backend-addresses": []');
  }
});
void SLICES;

checkTester(check, {
  valid: [{ name: 'every ClusterIP has an active backend', files: scenario().files }],
  invalid: [
    { name: 'a service scaled to zero', files: scaled.files, findings: [{ messageId: 'scaledToZero', data: { frontend: 'ClusterIP 10.96.0.11:80', service: ' (default/api)', count: 3 }, nodes: ['node-a', 'node-b', 'node-c'], evidence: frontendLines(scaled, '10.96.0.11') }] },
    {
      name: 'a service scaled to zero and one the agents lag behind on',
      files: lagging.files,
      findings: [
        { messageId: 'scaledToZero', data: { service: ' (default/api)' }, nodes: ['node-a', 'node-b', 'node-c'], evidence: frontendLines(lagging, '10.96.0.11') },
        { messageId: 'readyElsewhere', data: { service: ' (default/web)', ready: 1 }, nodes: ['node-a', 'node-b', 'node-c'], evidence: frontendLines(lagging, '10.96.0.10') },
      ],
    },
  ],
});
